"""Similar proposals: which proposals of other groups look like what a group is writing.

Two methods, one answer (up to three proposal ids, best first):

- **Embeddings** when the organisation uses AI and an OpenAI-compatible endpoint is
  configured: the text and every proposal in the bank are embedded once by the provider's
  ``/v1/embeddings`` (``LLM_EMBEDDING_MODEL``), stored as ``Embedding`` rows found by the
  text's hash, and ranked by cosine similarity. The call happens in a Celery task
  (``didactiek.tasks.embed``); until it is back, and whenever it fails, full-text search
  answers instead, so a slow or broken provider never holds up a screen.
- **Full-text search** otherwise: PostgreSQL's ``dutch`` configuration over
  ``VoorstelIndex.text`` (GIN index), or SQLite FTS5 over the same Dutch Snowball stems made
  here in Python (``stems``). The words of the text are OR-ed and ranked (ts_rank / bm25).

Only proposals submitted to a Prof-cirkel are candidates (the proposal bank, which the whole
organisation may read); the writing group's own proposals are left out. ``bench/similar.py``
measures both methods (precision@3) on a labelled Dutch set.
"""

import hashlib
import logging
import math
import re
from array import array
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

# Sent (by the worker) when the embedding of a session's text is ready: weekcyclus bumps the
# session so the screens show the embedding's answer (didactiek does not import weekcyclus).
from .signals import embedding_ready

logger = logging.getLogger(__name__)

LIMIT = 3
# Embedding ranking reads the vectors of at most this many proposals (the newest in the bank).
EMBEDDING_CANDIDATES = 2000
MAX_TERMS = 40  # words of a text used for a full-text query
MIN_TEXT = 12  # characters: shorter texts are not searched (a half-typed word finds noise)
RESULT_CACHE_SECONDS = 600

# Dutch stop words (the Snowball list, shortened to the common ones); PostgreSQL's dutch
# configuration drops the same.
_STOPWORDS = """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen
door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand
iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of
om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was
wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo zonder zou"""
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("dutch")


def stems(text: str) -> list[str]:
    """The Dutch Snowball stems of the words of ``text``, stop words left out, in order."""
    words = [w for w in _WORD.findall((text or "").lower()) if w not in STOPWORDS]
    return [s for s in _stemmer().stemWords(words) if len(s) > 1]


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join((text or "").split()).encode()).hexdigest()


def voorstel_text(*, titel: str, probleemstelling: str, stappen: list) -> str:
    """What a proposal is about, as one text: title, problem statement and steps."""
    parts = [titel or "", probleemstelling or ""]
    parts += [
        str(s.get("tekst") or s.get("stap") or "") for s in stappen or [] if isinstance(s, dict)
    ]
    return "\n".join(p.strip() for p in parts if p and p.strip())


# --- The bank's search text ----------------------------------------------------------------------


def bank_generation(organisation_id: int) -> int:
    """A number that changes whenever the organisation's bank changes (a proposal submitted or
    followed up): cached answers carry it in their key, so they are never stale."""
    return cache.get(f"bank-gen:{organisation_id}", 0)


def bank_changed(organisation_id: int) -> None:
    key = f"bank-gen:{organisation_id}"
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, None)


def voorstel_index(*, voorstel) -> None:
    """Write (or rewrite) the searchable text of a submitted proposal, and ask for its
    embedding when the organisation uses AI. Called by profcirkel.services on submission."""
    from .models import VoorstelIndex

    text = voorstel_text(
        titel=voorstel.titel,
        probleemstelling=voorstel.sessie.probleemstelling,
        stappen=voorstel.stappen,
    )
    VoorstelIndex.objects.update_or_create(
        voorstel=voorstel,
        defaults={
            "organisation_id": voorstel.organisation_id,
            "groep_id": voorstel.sessie.weekcyclus.groep_id,
            "text": text,
            "stems": " ".join(stems(text)),
            "text_hash": text_hash(text),
            "updated_at": timezone.now(),
        },
    )
    organisation = voorstel.organisation
    if uses_embeddings(organisation):
        embedding_request(organisation=organisation, text=text)
    transaction.on_commit(lambda: bank_changed(voorstel.organisation_id))


# --- Full-text search ----------------------------------------------------------------------------


def fulltext_ranked(
    *, organisation_id: int, text: str, exclude_groep_id: int | None = None, limit: int = LIMIT
) -> list[int]:
    """Proposal ids of the organisation's bank whose text shares the most (weighted) words
    with ``text``, best first. One query."""
    terms = list(dict.fromkeys(stems(text)))[:MAX_TERMS]
    if not terms:
        return []
    exclude = exclude_groep_id if exclude_groep_id is not None else -1
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Words, not stems: PostgreSQL stems them itself with the same Dutch Snowball.
            words = list(
                dict.fromkeys(w for w in _WORD.findall(text.lower()) if w not in STOPWORDS)
            )[:MAX_TERMS]
            if not words:
                return []
            query = " | ".join(words)  # letters only (the regex), so safe as tsquery syntax
            cursor.execute(
                "SELECT voorstel_id FROM didactiek_voorstelindex "
                "WHERE organisation_id = %s AND groep_id <> %s "
                "AND to_tsvector('dutch'::regconfig, text) @@ to_tsquery('dutch'::regconfig, %s) "
                "ORDER BY ts_rank(to_tsvector('dutch'::regconfig, text), "
                "to_tsquery('dutch'::regconfig, %s)) DESC, voorstel_id DESC LIMIT %s",
                [organisation_id, exclude, query, query, limit],
            )
        else:
            query = " OR ".join(f'"{t}"' for t in terms)  # stems are letters only
            cursor.execute(
                "SELECT i.voorstel_id FROM didactiek_voorstelindex_fts f "
                "JOIN didactiek_voorstelindex i ON i.voorstel_id = f.rowid "
                "WHERE didactiek_voorstelindex_fts MATCH %s "
                "AND i.organisation_id = %s AND i.groep_id <> %s "
                "ORDER BY bm25(didactiek_voorstelindex_fts), i.voorstel_id DESC LIMIT %s",
                [query, organisation_id, exclude, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def search_ids(*, organisation_id: int, text: str):
    """Every bank proposal whose text matches all words of ``text`` (the bank's search box),
    as an id subquery-able list; ``None`` when the text has no searchable word."""
    words = list(dict.fromkeys(w for w in _WORD.findall((text or "").lower())))[:MAX_TERMS]
    terms = list(dict.fromkeys(stems(text)))[:MAX_TERMS]
    if not words:
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT voorstel_id FROM didactiek_voorstelindex WHERE organisation_id = %s "
                "AND to_tsvector('dutch'::regconfig, text) @@ "
                "plainto_tsquery('dutch'::regconfig, %s)",
                [organisation_id, " ".join(words)],
            )
        else:
            if not terms:  # only stop words: match them as typed
                terms = words
            query = " AND ".join(f'"{t}"*' for t in terms)
            cursor.execute(
                "SELECT i.voorstel_id FROM didactiek_voorstelindex_fts f "
                "JOIN didactiek_voorstelindex i ON i.voorstel_id = f.rowid "
                "WHERE didactiek_voorstelindex_fts MATCH %s AND i.organisation_id = %s",
                [query, organisation_id],
            )
        return [row[0] for row in cursor.fetchall()]


# --- Embeddings ----------------------------------------------------------------------------------


def uses_embeddings(organisation) -> bool:
    """The same choice as the drafter: AI only when switched on and an endpoint is set."""
    configured = bool(settings.OPENAI_API_KEY or settings.OPENAI_BASE_URL)
    return bool(organisation.ai_enabled and configured)


def embedding_model() -> str:
    return settings.LLM_EMBEDDING_MODEL


def pack(vector: list[float]) -> bytes:
    """A unit-length float32 vector (so the dot product is the cosine)."""
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return array("f", (x / norm for x in vector)).tobytes()


def unpack(data: bytes) -> array:
    values = array("f")
    values.frombytes(bytes(data))
    return values


def embed_texts(texts: list[str], *, model: str | None = None) -> list[list[float]]:
    """The provider's embeddings of ``texts`` (one request). ``llm.LLMError`` on failure."""
    import openai
    from django.utils.translation import gettext as _

    from .llm import LLMError

    client = openai.OpenAI(
        api_key=settings.OPENAI_API_KEY or "not-needed",
        base_url=settings.OPENAI_BASE_URL or None,
        timeout=settings.LLM_TIMEOUT_SECONDS,
        max_retries=settings.LLM_SDK_MAX_RETRIES,
    )
    try:
        response = client.embeddings.create(model=model or embedding_model(), input=texts)
    except openai.APIConnectionError as exc:  # includes timeouts
        raise LLMError(_("Het taalmodel is niet bereikbaar."), retryable=True) from exc
    except openai.APIStatusError as exc:
        raise LLMError(
            _("Het taalmodel weigerde het verzoek (%(status)s).") % {"status": exc.status_code},
            retryable=exc.status_code >= 500 or exc.status_code == 429,
        ) from exc
    data = sorted(response.data, key=lambda item: item.index)
    if len(data) != len(texts) or any(not item.embedding for item in data):
        raise LLMError(_("Het taalmodel gaf een onleesbaar antwoord."), retryable=True)
    return [list(item.embedding) for item in data]


def embedding_request(*, organisation, text: str, sessie_id: int | None = None):
    """The embedding row of ``text`` (made, queued and sent to the worker after commit when
    there is none yet). The worker fills it; nothing waits for it."""
    from .models import Embedding

    digest = text_hash(text)
    row, created = Embedding.objects.get_or_create(
        organisation=organisation,
        model=embedding_model(),
        text_hash=digest,
        defaults={"text": text[:8000], "sessie_id": sessie_id},
    )
    if not created and sessie_id and row.sessie_id != sessie_id and row.state != row.State.DONE:
        Embedding.objects.filter(pk=row.pk).update(sessie_id=sessie_id)
    if created:
        transaction.on_commit(lambda: _send(row.pk))
    return row


def _send(pk: int) -> None:
    from . import tasks

    try:
        tasks.embed.apply_async((pk,), retry=False)
    except Exception:  # broker away: the row stays queued; beat sends it again
        logger.warning("Broker unreachable: embedding %s stays queued", pk, exc_info=True)


def embedding_compute(*, embedding_id: int) -> None:
    """The worker's part: embed the row's text and store it (or the failure). A failed row is
    no loss: full-text search answers for it."""
    from .llm import LLMError
    from .models import Embedding

    row = Embedding.objects.filter(pk=embedding_id, state=Embedding.State.QUEUED).first()
    if row is None:
        return
    Embedding.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, updated_at=timezone.now())
    try:
        (vector,) = embed_texts([row.text], model=row.model)
    except LLMError as exc:
        if exc.retryable and row.attempts + 1 < 3:
            raise
        Embedding.objects.filter(pk=row.pk).update(
            state=Embedding.State.FAILED, error=exc.message[:300], updated_at=timezone.now()
        )
        return
    Embedding.objects.filter(pk=row.pk).update(
        state=Embedding.State.DONE, vector=pack(vector), text="", updated_at=timezone.now()
    )
    if row.sessie_id:
        embedding_ready.send(sender=Embedding, sessie_id=row.sessie_id)


def embeddings_send_queued(*, older_than_seconds: int = 30) -> int:
    """Beat: rows still queued after a while (a broker that was away, a lost message)."""
    from datetime import timedelta

    from .models import Embedding

    before = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Embedding.objects.filter(state=Embedding.State.QUEUED, updated_at__lt=before).values_list(
            "pk", flat=True
        )[:200]
    )
    for pk in ids:
        Embedding.objects.filter(pk=pk).update(updated_at=timezone.now())
        _send(pk)
    return len(ids)


def embedding_ranked(
    *, organisation_id: int, vector: bytes, exclude_groep_id: int | None, limit: int = LIMIT
) -> list[int]:
    """Bank proposal ids by cosine similarity to ``vector`` (two queries)."""
    from .models import Embedding, VoorstelIndex

    index = list(
        VoorstelIndex.objects.filter(organisation_id=organisation_id)
        .exclude(groep_id=exclude_groep_id if exclude_groep_id is not None else -1)
        .order_by("-voorstel_id")
        .values_list("voorstel_id", "text_hash")[:EMBEDDING_CANDIDATES]
    )
    by_hash: dict[str, list[int]] = {}
    for voorstel_id, digest in index:
        by_hash.setdefault(digest, []).append(voorstel_id)
    vectors = Embedding.objects.filter(
        organisation_id=organisation_id,
        model=embedding_model(),
        state=Embedding.State.DONE,
        text_hash__in=list(by_hash),
    ).values_list("text_hash", "vector")
    query = unpack(vector)
    scored = []
    for digest, data in vectors:
        other = unpack(data)
        if len(other) != len(query):
            continue
        score = math.fsum(a * b for a, b in zip(query, other, strict=True))
        scored += [(score, voorstel_id) for voorstel_id in by_hash[digest]]
    scored.sort(reverse=True)
    return [voorstel_id for _score, voorstel_id in scored[:limit]]


# --- The answer ----------------------------------------------------------------------------------


FULLTEXT = "fulltext"
EMBEDDING = "embedding"


def sessie_text(*, probleemstelling: str, voorstel=None) -> str:
    """What a group is writing: its problem statement and, once drafting, its proposal."""
    if voorstel is None:
        return (probleemstelling or "").strip()
    return voorstel_text(
        titel=voorstel.titel, probleemstelling=probleemstelling, stappen=voorstel.stappen
    )


def sessie_text_changed(*, organisation, text: str, sessie_id: int) -> None:
    """After a group saved its text: with AI on, ask for the text's embedding (the worker
    fills it and the screens refresh). Called by the session services; never raises."""
    text = (text or "").strip()
    if len(text) >= MIN_TEXT and uses_embeddings(organisation):
        embedding_request(organisation=organisation, text=text, sessie_id=sessie_id)


def similar_ids(
    *, organisation, text: str, exclude_groep_id: int | None = None
) -> tuple[list[int], str]:
    """Up to three bank proposals like ``text`` and the method that found them: by embedding
    when the organisation uses AI and the text's embedding is there, else full text. Reads
    only (a fixed number of queries, the answer cached per text and bank state)."""
    text = (text or "").strip()
    if len(text) < MIN_TEXT:
        return [], FULLTEXT
    digest = text_hash(text)
    generation = bank_generation(organisation.pk)
    if uses_embeddings(organisation):
        from .models import Embedding

        vector = (
            Embedding.objects.filter(
                organisation=organisation,
                model=embedding_model(),
                text_hash=digest,
                state=Embedding.State.DONE,
            )
            .values_list("vector", flat=True)
            .first()
        )
        if vector is not None:
            key = f"similar:{organisation.pk}:{generation}:{EMBEDDING}:{exclude_groep_id}:{digest}"
            found = cache.get(key)
            if found is None:
                found = embedding_ranked(
                    organisation_id=organisation.pk,
                    vector=vector,
                    exclude_groep_id=exclude_groep_id,
                )
                cache.set(key, found, RESULT_CACHE_SECONDS)
            if found:
                return found, EMBEDDING
    key = f"similar:{organisation.pk}:{generation}:{FULLTEXT}:{exclude_groep_id}:{digest}"
    found = cache.get(key)
    if found is None:
        found = fulltext_ranked(
            organisation_id=organisation.pk, text=text, exclude_groep_id=exclude_groep_id
        )
        cache.set(key, found, RESULT_CACHE_SECONDS)
    return found, FULLTEXT


def cards(ids: list[int]) -> list[dict]:
    """What a screen shows of similar proposals (ids from ``similar_ids``, all in the bank):
    title, status, the circle's team and the effect, in the given order. One query."""
    from .models import Verbetervoorstel

    if not ids:
        return []
    labels = dict(Verbetervoorstel.Status.choices)
    rows = {
        row["pk"]: row
        for row in Verbetervoorstel.objects.filter(pk__in=ids, submitted_at__isnull=False).values(
            "pk", "titel", "status", "effect", "cirkel__team__name"
        )
    }
    result = []
    for pk in ids:
        row = rows.get(pk)
        if row is None:
            continue
        effect = " ".join((row["effect"] or "").split())
        result.append(
            {
                "pk": pk,
                "titel": row["titel"] or str(Verbetervoorstel._meta.verbose_name),
                "status": row["status"],
                "status_label": str(labels.get(row["status"], row["status"])),
                "team": row["cirkel__team__name"] or "",
                "effect": effect if len(effect) <= 160 else effect[:159].rstrip() + "…",
            }
        )
    return result
