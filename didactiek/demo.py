"""Demo data of the method's content: the platform's starter library of frames (seed_demo)."""

from .starter import starter_library_install


def seed_frames() -> int:
    """The starter library (idempotent); returns how many frames were created."""
    return starter_library_install()
