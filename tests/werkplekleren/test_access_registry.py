"""Every read of a private model outside the access modules is either through an access
helper or reviewed and listed in ``access.REVIEWED_READS`` with its reason. A new direct
query in a selector, screen, view or API module makes this test fail until someone decides
(and writes down) why it is safe — or moves it into an access module: the policy in
werkplekleren/access.py, an app's helpers beside its models in ``<app>/access.py``."""

import ast
from pathlib import Path

from werkplekleren import access

ROOT = Path(__file__).resolve().parents[2]
APPS = ("werkplekleren", "didactiek", "weekcyclus", "trajecten", "profcirkel")
# Writes and jobs act on objects their callers fetched through access; the access modules
# (werkplekleren/access.py and each app's access.py) are where reads are decided;
# models/admin/migrations/demo data are not request reads.
NOT_READS = {"services.py", "tasks.py", "access.py", "models.py", "admin.py", "apps.py"}


def _direct_reads() -> set[str]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if path.name in NOT_READS or "migrations" in parts or "management" in parts:
                continue
            if path.name.startswith("demo"):
                continue
            module = "/".join(parts)
            _scan(ast.parse(path.read_text()), module, "", found)
    return found


def _scan(node, module: str, function: str, found: set) -> None:
    for child in ast.iter_child_nodes(node):
        inner = function
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            inner = f"{function}.{child.name}" if function else child.name
        if (
            isinstance(child, ast.Attribute)
            and child.attr in ("objects", "_default_manager")
            and isinstance(child.value, ast.Name)
            and child.value.id in access.PRIVATE_MODELS
        ):
            found.add(f"{module}:{function}:{child.value.id}")
        _scan(child, module, inner, found)


def test_no_private_model_is_queried_outside_the_access_helpers_unreviewed():
    unreviewed = sorted(_direct_reads() - set(access.REVIEWED_READS))
    assert unreviewed == [], (
        "Read these through an access module (werkplekleren/access.py, <app>/access.py), or "
        "review them and add them to "
        "access.REVIEWED_READS with the reason they are safe:\n" + "\n".join(unreviewed)
    )


def test_the_scan_finds_direct_reads():
    # The scan itself works: it sees the reviewed reads that exist today, in the apps'
    # API modules too, and none inside the access modules (they decide, they are not read).
    found = _direct_reads()
    assert "weekcyclus/screens.py:session_screen:Verbetervoorstel" in found
    assert "weekcyclus/api.py:_ideas:Bijdrage" in found
    assert not [read for read in found if read.split(":")[0].endswith("/access.py")]
    assert len(found) >= 30


def test_the_manager_view_goes_through_access():
    found = _direct_reads()
    assert not [read for read in found if ":manager_view:" in read]


def test_every_reviewed_read_still_exists():
    # A stale entry would silently allow a future read in that place.
    assert sorted(set(access.REVIEWED_READS) - _direct_reads()) == []
