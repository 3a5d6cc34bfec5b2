"""QR codes drawn on the server (segno), so no external service sees a join link."""

import segno


def svg(url: str) -> str:
    """An inline SVG that scales with its container (CSS sets the size)."""
    code = segno.make(url, error="m")
    return code.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True)
