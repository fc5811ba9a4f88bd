import unicodedata

from steering.text import fold, nfc, vn_sort_key


def test_nfc_turns_decomposed_vietnamese_into_precomposed_letters():
    assert nfc(unicodedata.normalize("NFD", "Thượng Thanh")) == "Thượng Thanh"


def test_fold_ignores_case_diacritics_and_d_stroke():
    assert fold("  Đức   GIANG ") == "duc giang"
    assert fold("hộ tịch") == fold("HO TICH")


def test_vietnamese_sort_puts_d_stroke_after_d():
    names = ["Đức Giang", "Việt Hưng", "Bồ Đề", "Dịch Vọng", "Ái Mộ", "Ân Thi", "Ăn Uống"]
    assert sorted(names, key=vn_sort_key) == [
        "Ái Mộ",
        "Ăn Uống",
        "Ân Thi",
        "Bồ Đề",
        "Dịch Vọng",
        "Đức Giang",
        "Việt Hưng",
    ]


def test_vietnamese_sort_uses_tones_only_to_break_ties():
    assert sorted(["mã", "ma", "mà", "mạ", "mả", "má"], key=vn_sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert sorted(["mạ", "mb"], key=vn_sort_key) == ["mạ", "mb"]
