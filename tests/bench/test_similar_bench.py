"""bench/similar.py runs end to end on a small labelled set and prints precision@3 for both
methods (full text through the database, embeddings from the local OpenAI-protocol server)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_labelled_set_has_at_least_forty_pairs():
    data = json.loads((ROOT / "bench" / "similar_set.json").read_text(encoding="utf-8"))
    topics: dict[str, int] = {}
    for p in data["proposals"]:
        assert p["titel"] and p["probleem"] and p["stappen"]
        topics[p["topic"]] = topics.get(p["topic"], 0) + 1
    assert sum(n * (n - 1) // 2 for n in topics.values()) >= 40
    assert all(n == 4 for n in topics.values())  # precision@3: three relevant for each


def test_the_bench_prints_precision_at_3_for_both_methods(tmp_path):
    proposals = json.loads((ROOT / "bench" / "similar_set.json").read_text(encoding="utf-8"))
    small = {
        "proposals": [
            p
            for p in proposals["proposals"]
            if p["topic"] in ("overdracht", "rooster", "medicatie")
        ]
    }
    dataset = tmp_path / "set.json"
    dataset.write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/bench.sqlite3"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "similar.py"), "--dataset", str(dataset)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = {
        line.split()[1]: float(line.split()[2])
        for line in result.stdout.splitlines()
        if line.startswith("precision@3")
    }
    assert set(lines) == {"fulltext", "embedding"}
    # Three topics of four: better than chance (3 of 11 others relevant: 0.27) for both.
    assert lines["fulltext"] > 0.3 and lines["embedding"] > 0.3
