"""Text that comes in from outside (forms, files, programme files) is cleaned here, once.

C0 control characters other than tab and line breaks are what a word processor pastes by
accident (a vertical tab for Shift+Enter, a form feed): they break XML documents (DOCX, XLSX,
PPTX), mail headers and exports, and a reader never meant them. They are removed at every
boundary; renderers may call :func:`strip_control` again on what older versions stored.
"""

from __future__ import annotations

import re

# Every C0 control character but tab (\x09), line feed (\x0a) and carriage return (\x0d),
# plus DEL (\x7f).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def strip_control(value: str) -> str:
    """``value`` without C0 control characters (tab and line breaks are kept)."""
    return _CONTROL.sub("", value) if value else value


def one_line(value: str) -> str:
    """``value`` on one line: control characters removed, line breaks turned into spaces (for
    titles, names and anything that ends in a mail header or a file name)."""
    if not value:
        return value
    return _LINE_BREAKS.sub(" ", strip_control(value)).strip()


_VOWELS = "aeiouyàâäéèêëîïôöûùüÿœæ"


def of_name(name: str) -> str:
    """« of Essilor » as the interface's language says it: in French « d’Essilor » (elision
    before a vowel), « de Natixis »."""
    from django.utils.translation import get_language

    if (get_language() or "fr").startswith("fr"):
        return f"d’{name}" if name[:1].lower() in _VOWELS else f"de {name}"
    return f"of {name}"


def without_control(value):
    """``value`` with every string inside (dicts, lists, tuples) stripped of C0 control
    characters: what a renderer applies to its data, so that text stored before the forms
    stripped them (or arriving by another path) never breaks a document or a mail."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {key: without_control(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(without_control(item) for item in value)
    return value
