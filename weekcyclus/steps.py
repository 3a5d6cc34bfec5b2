"""The default frame's steps (the eight steps every session had before frames existed).

A session runs the steps it copied from its frame (``Sessie.steps``; see didactiek.frames);
these names stay for code that means the default frame (demo data, benchmarks, tests).
"""

from didactiek.frames import DEFAULT_KINDS, KINDS, Step, default_step_minutes

STEPS: tuple[Step, ...] = tuple(
    Step(kind=key, title=KINDS[key].title, question=KINDS[key].question, minutes=KINDS[key].minutes)
    for key in DEFAULT_KINDS
)
KEYS = DEFAULT_KINDS
LAST = len(STEPS) - 1

__all__ = ["KEYS", "LAST", "STEPS", "Step", "default_step_minutes", "index"]


def index(key: str) -> int:
    """The position of ``key`` in the default frame."""
    return KEYS.index(key)
