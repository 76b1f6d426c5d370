"""French typography for generated documents: non-breaking spaces where French puts them.

``fr(text)`` is applied to every text a document shows (deck, minutes, PDF). Besides the spaces
before « : ; ! ? » and inside « », it keeps together what must not break across lines
(« 12 h », « 5 juin 2013 », « 8 à 12 participants », « 30 % »), writes ordinals the short way
(« 1re », « 2e ») and dates one way (« 5 juin 2013 », « 1er mars 2012 », never « 05 juin »).
"""

from __future__ import annotations

import re

from copilote.documents.layout import crowded, loosened

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »

_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]*:(?=\s|$)")
_BEFORE_TIGHT = re.compile(r"[ \u00a0\u202f]*([;!?])(?=\s|$)")
_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSE = re.compile(r"[ \u00a0\u202f]*»")

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# « 05 juin 2013 » -> « 5 juin 2013 »; « 1 mars » -> « 1er mars »; the day stays with its month
_DAY_MONTH = re.compile(rf"\b0?(\d{{1,2}})(?:er)?[ \u00a0]+({MONTHS})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({MONTHS})[ \u00a0]+(\d{{4}})\b", re.IGNORECASE)
# « 12 h », « 10 h 30 », « 8 à 12 participants », « 150 personnes »: a number keeps its unit
_HOURS = re.compile(r"\b(\d{1,2})[ \u00a0]h\b(?:[ \u00a0](\d{2})\b)?")
_NUMBER_WORD = re.compile(r"(?<![\d.,])(\d{1,3})[ ](?=[^\W\d_])")
_NUMERO = re.compile(r"\b([nN]°)[ \u00a0]+(?=\d)")
# « 30 % », « 30% »: a narrow no-break space keeps the sign with its number
_PERCENT = re.compile(r"(\d)[ \u00a0\u202f]?%")
# Ordinals: « 1ère » -> « 1re », « 1ères » -> « 1res », « 2ème » -> « 2e »
_FIRST = re.compile(r"\b1(?:è|e)re(s?)\b")
_NTH = re.compile(r"\b(\d+)(?:ème|eme|è)(s?)\b")


def _day_month(match: re.Match) -> str:
    day = int(match.group(1))
    return f"{'1er' if day == 1 else day}{NBSP}{match.group(2)}"


def _hours(match: re.Match) -> str:
    text = f"{match.group(1)}{NBSP}h"
    return f"{text}{NBSP}{match.group(2)}" if match.group(2) else text


def fr(text: str) -> str:
    """« Objectif : » with the spaces French typography wants; apostrophes stay as typed."""
    if not text:
        return ""
    text = _FIRST.sub(r"1re\1", text)
    text = _NTH.sub(r"\1e\2", text)
    text = _DAY_MONTH.sub(_day_month, text)
    text = _MONTH_YEAR.sub(rf"\1{NBSP}\2", text)
    text = _HOURS.sub(_hours, text)
    text = _NUMERO.sub(rf"\1{NBSP}", text)
    text = _NUMBER_WORD.sub(rf"\1{NBSP}", text)
    text = _PERCENT.sub(rf"\1{NNBSP}%", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_TIGHT.sub(NNBSP + r"\1", text)
    text = _AFTER_OPEN.sub("«" + NNBSP, text)
    return _BEFORE_CLOSE.sub(NNBSP + "»", text)


# Keys of a document's data that hold codes, ISO dates or pictures, not text shown as such.
RAW_KEYS = frozenset({"type", "date", "kind", "svg"})
TABLES = ("table", "months")


def typeset(value, text=fr):
    """Every text of a document's data (nested lists and dicts) with French typography, for the
    HTML → PDF path. A table whose words do not fit side by side (``layout.crowded``: seven
    columns of dates) is marked ``crowded``, to be printed smaller, and its cells may break
    between the words of a date (``layout.loosened``) rather than inside one."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, list):
        return [typeset(v, text) for v in value]
    if not isinstance(value, dict):
        return value
    if value.get("type") in TABLES and crowded(value, typeset=fr):
        loose = loosened(fr)
        cells = ("headers", "rows", "months")
        return {
            **{
                k: v if k in RAW_KEYS else typeset(v, loose if k in cells else text)
                for k, v in value.items()
            },
            "crowded": True,
        }
    return {k: v if k in RAW_KEYS else typeset(v, text) for k, v in value.items()}
