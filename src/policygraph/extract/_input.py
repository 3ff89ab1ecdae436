"""Reading a text to extract from: clear errors for input that is not UTF-8 text."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .._text import to_simplified
from ..errors import InputError
from ..sources import read_text

__all__ = ["SourceText", "read_source"]

# characters every Chinese text is full of, in both scripts: a decoding that shows
# many of them is the file's encoding
_COMMON = set("的是在了有和中为不人这年国上大发展经济")


@dataclass(frozen=True)
class SourceText:
    """A text to extract from, and the share of its Chinese characters in traditional script."""

    text: str
    traditional: float

    @property
    def script(self) -> str:
        """``simplified``, ``traditional`` or ``mixed`` (both, 5–60% traditional)."""
        if self.traditional >= 0.6:
            return "traditional"
        return "mixed" if self.traditional >= 0.05 else "simplified"


def _encoding(raw: bytes) -> str | None:
    best, score = None, 0
    for encoding in ("gb18030", "big5"):
        try:
            decoded = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        common = sum(char in _COMMON for char in decoded)
        if common > score:
            best, score = encoding, common
    return best


def read_source(path: str | os.PathLike[str]) -> SourceText:
    """Read a UTF-8 Chinese text; name GB18030 or Big5 input, with how to convert it.

    Raises `InputError` for a binary, empty or non-UTF-8 file, and for a text with
    no Chinese characters at all.
    """
    path = Path(path)
    try:
        text = read_text(path)
    except InputError as error:
        if "UTF-8" not in str(error) or "binary" in str(error):
            raise
        raw = path.read_bytes()
        encoding = _encoding(raw)
        if encoding is None:
            raise
        name = {"gb18030": "GB18030 (GBK)", "big5": "Big5"}[encoding]
        raise InputError(
            f"is encoded as {name}, not UTF-8; convert it first, for example: "
            f"iconv -f {encoding.upper()} -t UTF-8 '{path}' > '{path.with_suffix('.utf8.txt')}'",
            path=path,
        ) from None
    chinese = [char for char in text if "\u3400" <= char <= "\u9fff"]
    if not chinese:
        raise InputError("has no Chinese characters: expected a Chinese policy text", path=path)
    joined = "".join(chinese)
    traditional = sum(a != b for a, b in zip(joined, to_simplified(joined), strict=True))
    simplified = sum(a != b for a, b in zip(joined, _to_traditional(joined), strict=True))
    # only the characters the scripts write differently tell them apart
    telling = traditional + simplified
    return SourceText(text, traditional / telling if telling else 0.0)


def _to_traditional(text: str) -> str:
    """OpenCC s2t, character for character (to see which characters are simplified forms)."""
    import opencc

    converter = opencc.OpenCC("s2t")
    converted: str = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(folded if len(folded := converter.convert(char)) == 1 else char for char in text)
