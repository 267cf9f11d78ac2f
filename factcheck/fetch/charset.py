"""Turning a page's bytes into text with the page's own charset, and reading its title.

Order (close to what browsers do): a byte-order mark, then the HTTP header's charset, then a
`<meta charset>` / `<meta http-equiv="Content-Type">` in the first bytes, then a guess (UTF-8,
then CP949 for Korean sites that declare nothing, then Windows-1252). Korean sites still label
pages EUC-KR while using CP949's extra syllables, so every EUC-KR label is decoded as CP949
(a strict superset).
"""

from __future__ import annotations

import codecs
import html
import re

# Labels that browsers treat as a wider encoding than Python's codec of the same name.
_WIDER: dict[str, str] = {
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "ksc_5601": "cp949",
    "x-windows-949": "cp949",
    "windows-949": "cp949",
    "uhc": "cp949",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
}

_META_SCAN_BYTES = 16_384
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_OG_TITLE = re.compile(
    r"""<meta\b[^>]*?\bproperty\s*=\s*["']og:title["'][^>]*?\bcontent\s*=\s*["']([^"']*)["']""",
    re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_TITLE_SCAN_CHARS = 300_000
TITLE_MAX_CHARS = 500


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for an HTTP/HTML charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WIDER:
        return _WIDER[label]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WIDER.get(name, name)


def meta_charset(body: bytes) -> str | None:
    """The charset declared by a <meta> tag near the start of the page, if any."""
    match = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    if not match:
        return None
    name = normalise_charset(match.group(1).decode("ascii", "replace"))
    # A page read as bytes cannot be UTF-16 if its <meta> was readable as ASCII (WHATWG rule).
    if name and name.startswith("utf_16"):
        return "utf-8"
    return name


def decode_page(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, codec used). Never raises: bad bytes become U+FFFD."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    declared = normalise_charset(header_charset) or meta_charset(body)
    if declared:
        return body.decode(declared, errors="replace"), declared
    for guess in ("utf-8", "cp949"):
        try:
            return body.decode(guess), guess
        except UnicodeDecodeError:
            continue
    return body.decode("cp1252", errors="replace"), "cp1252"


def page_title(text: str) -> str | None:
    """The page's <title> (else og:title), unescaped and on one line. Still untrusted text:
    display it through factcheck.text.one_line and rich Text, never as markup."""
    head = text[:_TITLE_SCAN_CHARS]
    match = _TITLE.search(head)
    raw = match.group(1) if match else None
    if not raw or not raw.strip():
        og = _OG_TITLE.search(head)
        raw = og.group(1) if og else None
    if not raw:
        return None
    title = " ".join(html.unescape(_TAG.sub(" ", raw)).split())
    return title[:TITLE_MAX_CHARS] or None
