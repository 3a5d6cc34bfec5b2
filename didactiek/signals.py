"""What drafting and similar proposals tell the rest of the house, without importing it.

A draft's progress (queued, running, done, failed) and the similar proposals found once a
text's embedding is there show on the session's screens. The session (``weekcyclus``) sits
above this app, so it listens here (``WeekcyclusConfig.ready``) instead of didactiek
importing it. ``draft_changed`` is sent inside the transaction that changed the draft.
"""

from django.dispatch import Signal

# sender: VoorstelDraft; draft: the VoorstelDraft whose state changed (with its ``sessie``).
draft_changed = Signal()

# sender: Embedding; sessie_id: the session whose text's embedding is now computed.
embedding_ready = Signal()
