"""Benchmark: how well "similar proposals" finds the right ones (precision@3), for both methods.

    .venv/bin/python bench/similar.py                 # full text + the local deterministic model
    .venv/bin/python bench/similar.py --real          # full text + the configured provider

The labelled set is ``bench/similar_set.json``: 48 Dutch proposals in 12 topics, each topic
phrased four ways (every pair within a topic is a labelled similar pair: 72 pairs). Every
proposal is submitted to the bank of a throw-away organisation (a SQLite database, or
DATABASE_URL for PostgreSQL's Dutch configuration), each from its own group. Then, for each
proposal, its *problem statement* is what a group writes, and the platform's own code
(``didactiek.similar.similar_ids``) returns up to three proposals of other groups;
precision@3 is the share of those three that are of the same topic (each has exactly three).

Embeddings: without ``--real`` the local server of the tests (``tests/llm_server.py``)
answers ``/v1/embeddings`` with a deterministic embedding (character trigrams hashed into 256
dimensions): it measures the code path, not a model. With ``--real`` the environment's
provider is used, as the platform would use it:

    OPENAI_BASE_URL=https://api.openai.com/v1 OPENAI_API_KEY=sk-… \\
    LLM_EMBEDDING_MODEL=text-embedding-3-small .venv/bin/python bench/similar.py --real

(Ollama: ``OPENAI_BASE_URL=http://localhost:11434/v1 LLM_EMBEDDING_MODEL=nomic-embed-text``,
any key.) The figures are printed; nothing is asserted (tests/bench/test_similar_bench.py
runs a small check of it).
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATASET = ROOT / "bench" / "similar_set.json"


def load(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    proposals = data["proposals"]
    topics: dict[str, int] = {}
    for p in proposals:
        topics[p["topic"]] = topics.get(p["topic"], 0) + 1
    pairs = sum(n * (n - 1) // 2 for n in topics.values())
    print(f"labelled set: {len(proposals)} proposals, {len(topics)} topics, {pairs} similar pairs")
    return proposals


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", action="store_true", help="embeddings from the environment")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="wpl-bench-similar-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("CELERY_DATA_DIR", f"{tmp}/celery")
    os.environ["DJANGO_SETTINGS_MODULE"] = "werkplekleren.settings.test"
    os.environ["TEST_SQLITE_NAME"] = f"{tmp}/unused.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    proposals = load(args.dataset)

    server = None
    if not args.real:
        from tests.llm_server import LLMServer

        server = LLMServer().start()
        settings.OPENAI_BASE_URL = server.url
        settings.OPENAI_API_KEY = "bench"
        settings.LLM_EMBEDDING_MODEL = "deterministic-trigram-256"
    elif not (settings.OPENAI_BASE_URL or settings.OPENAI_API_KEY):
        sys.exit("--real needs OPENAI_BASE_URL and/or OPENAI_API_KEY (and LLM_EMBEDDING_MODEL)")
    try:
        results = run(proposals, settings)
    finally:
        if server is not None:
            server.stop()
    print(f"database: {connection.vendor}")
    for method, (score, seconds) in results.items():
        print(f"precision@3 {method:<10} {score:.3f}   ({seconds * 1000:.0f} ms for all queries)")
    return {method: score for method, (score, _s) in results.items()}


def run(proposals: list[dict], settings) -> dict[str, tuple[float, float]]:
    from django.db import transaction
    from django.utils import timezone

    from didactiek import similar
    from didactiek.models import Embedding, Verbetervoorstel, VoorstelIndex
    from weekcyclus.models import Groep, Sessie, Weekcyclus
    from werkplekleren.models import Organisation, Team

    organisation = Organisation.objects.create(
        name="Bench", slug=f"bench-{int(time.time() * 1000)}", ai_enabled=False
    )
    Team.objects.create(organisation=organisation, name="Bench")
    groep_of: dict[str, int] = {}
    topic_of: dict[int, str] = {}
    with transaction.atomic():
        for index, p in enumerate(proposals):
            groep = Groep.objects.create(organisation=organisation, name=f"Groep {index}")
            cyclus = Weekcyclus.objects.create(
                groep=groep, week_start=timezone.localdate() - timezone.timedelta(days=7 * index)
            )
            sessie = Sessie.objects.create(
                weekcyclus=cyclus,
                number=1,
                starts_at=timezone.now(),
                probleemstelling=p["probleem"],
            )
            voorstel = Verbetervoorstel.objects.create(
                organisation=organisation,
                sessie=sessie,
                titel=p["titel"],
                stappen=[{"tekst": s, "ideeen": []} for s in p["stappen"]],
                status=Verbetervoorstel.Status.INGEDIEND,
                submitted_at=timezone.now(),
            )
            similar.voorstel_index(voorstel=voorstel)
            groep_of[p["id"]] = groep.pk
            topic_of[voorstel.pk] = p["topic"]
    results = {}

    def score(method: str) -> tuple[float, float]:
        hits, started = 0, time.perf_counter()
        for p in proposals:
            ids, used = similar.similar_ids(
                organisation=organisation, text=p["probleem"], exclude_groep_id=groep_of[p["id"]]
            )
            assert used == method, (used, method)
            hits += sum(1 for pk in ids[:3] if topic_of[pk] == p["topic"])
        return hits / (3 * len(proposals)), time.perf_counter() - started

    results[similar.FULLTEXT] = score(similar.FULLTEXT)

    # Embeddings: every proposal's text and every query text, embedded by the provider in
    # batches (as the worker would, one by one), stored as the platform stores them.
    organisation.ai_enabled = True
    organisation.save(update_fields=["ai_enabled"])
    texts = list(
        VoorstelIndex.objects.filter(organisation=organisation).values_list("text", flat=True)
    )
    texts += [p["probleem"] for p in proposals]
    model = similar.embedding_model()
    for start in range(0, len(texts), 16):
        batch = texts[start : start + 16]
        vectors = similar.embed_texts(batch, model=model)
        for text, vector in zip(batch, vectors, strict=True):
            Embedding.objects.update_or_create(
                organisation=organisation,
                model=model,
                text_hash=similar.text_hash(text),
                defaults={
                    "state": Embedding.State.DONE,
                    "vector": similar.pack(vector),
                    "text": "",
                },
            )
    similar.bank_changed(organisation.pk)
    results[similar.EMBEDDING] = score(similar.EMBEDDING)
    return results


if __name__ == "__main__":
    main()
