"""Vietnamese text normalisation shared by every app: NFC on input, a folded key for search."""

import unicodedata


def nfc(value: str) -> str:
    """Normalise to NFC (TCVN 6909 uses precomposed letters; pasted Word/PDF text may be NFD)."""
    return unicodedata.normalize("NFC", value) if value else value


def fold(value: str) -> str:
    """Lower-case, strip diacritics and map đ to d, so that "ho tich" matches "hộ tịch"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
