"""QR codes drawn on the server (segno), so no external service sees a join link."""

from functools import lru_cache

import segno


@lru_cache(maxsize=1024)
def svg(url: str) -> str:
    """An inline SVG that scales with its container (CSS sets the size). A session's join
    URL never changes, so each is drawn once per process."""
    code = segno.make(url, error="m")
    return code.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True)
