"""Vietnamese text normalisation shared by every app: NFC on input, a folded key for search."""

import functools
import unicodedata


def nfc(value: str) -> str:
    """Normalise to NFC (TCVN 6909 uses precomposed letters; pasted Word/PDF text may be NFD)."""
    return unicodedata.normalize("NFC", value) if value else value


# Embeddings, overrides, isolates and marks: invisible, and they reorder what is shown around them
# ("…exe.pdf"); no Vietnamese text needs them.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def strip_bidi(value: str) -> str:
    """The text without bidirectional control characters."""
    return value.translate(BIDI_CONTROLS) if value else value


def fold(value: str) -> str:
    """Lower-case, strip diacritics and map đ to d, so that "ho tich" matches "hộ tịch"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# Vietnamese alphabetical order: letters with a breve, circumflex or horn and đ are letters of
# their own (a < ă < â < b < c < d < đ < e < ê …); tone marks only break ties.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def vn_sort_key(value: str) -> tuple:
    """A key that sorts Vietnamese text as a Vietnamese reader expects (Đ after D, not after Z)."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", value or "").casefold():
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(p for p in parts if not unicodedata.combining(p) or p in _LETTER_MARKS)
        base = unicodedata.normalize("NFC", base)
        letters.append(_RANK.get(base, 100 + ord(base[0]) if base else 0))
        tones.append(next((_TONES[p] for p in parts if p in _TONES), 0))
    return (tuple(letters), tuple(tones))


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    folded = fold(ch)
    return folded[0] if folded else ch


def aligned_fold(text: str) -> str:
    """`fold` one character at a time, so that offsets in the result are offsets in `text`."""
    return "".join(map(_fold_char, text))


def aligned_lower(text: str) -> str:
    """Lower-case keeping the length (characters whose lower case is longer stay as they are)."""
    return "".join(
        " " if ch.isspace() else (low if len(low := ch.lower()) == 1 else ch) for ch in text
    )
