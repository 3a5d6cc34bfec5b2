"""What drafting tells the rest of the house, without importing it.

A draft's progress (queued, running, done, failed) shows on the session's screens. The session
(``weekcyclus``) sits above this app, so it listens here (``WeekcyclusConfig.ready``) instead
of drafting importing it. Sent inside the transaction that changed the draft.
"""

from django.dispatch import Signal

# sender: VoorstelDraft; draft: the VoorstelDraft whose state changed (with its ``sessie``).
draft_changed = Signal()
