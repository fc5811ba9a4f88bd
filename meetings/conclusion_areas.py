"""Wards and communes a collective lead names: "UBND các phường", "các phường Sài Đồng, Thạch
Bàn", "UBND 14 phường" (split from conclusion_assignments.py, which reads the sentence)."""

import datetime
import re

from steering.text import aligned_fold

from .unit_names import UnitIndex, UnitRef

_COLLECTIVE_AREAS = re.compile(
    r"^(?P<ubnd>(?:ubnd|uy ban nhan dan)\s+)?(?:cac|\d+)\s+(?P<level>phuong|xa)"
    r"(?:\s*(?:,|va)\s*(?:phuong|xa))?(?P<rest>.*)$"
)
_AREA_KINDS = {"phuong": ("ward",), "xa": ("commune",)}
_AREA_REST = re.compile(r"^\s*(?:tren dia ban(?: quan| huyen| thanh pho)?|thuoc quan|trong quan)?$")
_NAME_SEPARATOR = re.compile(r"\s*(?:,|(?<!\w)và(?!\w))\s*")


def is_collective_areas(written: str) -> bool:
    return bool(_COLLECTIVE_AREAS.match(aligned_fold(written)))


def expand_areas(ref: UnitRef, index: UnitIndex, on: datetime.date | None) -> list[UnitRef] | None:
    """The wards (or communes) a collective lead names, or None when it names none we know."""
    if ref.matched:
        return None
    written = ref.name.strip(" ,;:")
    found = _COLLECTIVE_AREAS.match(aligned_fold(written))
    if not found:
        return None
    level = found["level"]
    folded_all = aligned_fold(written)
    kinds = ("ward", "commune") if ("phuong" in folded_all and "xa" in folded_all) else None
    kinds = kinds or _AREA_KINDS[level]
    prefix = "UBND " if found["ubnd"] else ""
    rest = written[found.start("rest") :]
    if _AREA_REST.match(found["rest"]):
        units = index.areas(kinds, on)
        if not units:
            return None
        return [
            UnitRef(f"{prefix}{unit.name[:1].lower()}{unit.name[1:]}", unit.id, True)
            for unit in units
        ]
    names = [name for name in _NAME_SEPARATOR.split(rest.strip(" ,;:")) if name]
    if not names or not all(name[:1].isupper() or name[:1].isdigit() for name in names):
        return None
    word = "phường" if level == "phuong" else "xã"
    refs = []
    for name in names:
        resolved = index.resolve(f"{word} {name}")
        refs.append(UnitRef(f"{prefix}{word} {name}", resolved.id, resolved.matched))
    return refs
