"""French typography for generated documents: non-breaking spaces where French puts them."""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »

_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]*:(?=\s|$)")
_BEFORE_TIGHT = re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$)")
_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def fr(text: str) -> str:
    """« Objectif : » with the spaces French typography wants; apostrophes stay as typed."""
    if not text:
        return ""
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_TIGHT.sub(NNBSP + r"\1", text)
    text = _AFTER_OPEN.sub("«" + NNBSP, text)
    return _BEFORE_CLOSE.sub(NNBSP + "»", text)
