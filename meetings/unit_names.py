"""Org unit names as conclusion notices write them, matched to the portal's units.

Ignoring case and diacritics; "UBND" and "Ủy ban nhân dân" alike; "Công an quận" for "Công an
quận Long Biên"; a key two units share identifies neither. Pure Python: units come in as
`UnitName` values built by the caller from OrgUnit rows (split from conclusion_parser.py).
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from steering.text import aligned_fold, aligned_lower, fold, nfc


@dataclass(frozen=True)
class UnitName:
    id: int
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    # An OrgKind value and validity: "UBND các phường" expands to the wards valid that day.
    kind: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    @classmethod
    def from_org_unit(cls, unit: Any) -> "UnitName":
        """Build from an OrgUnit-like object (id, name, short_name, abbreviation, kind, validity).

        An area is also named by its People's Committee ("UBND phường Bồ Đề" means the ward), as
        notices usually write it.
        """
        abbreviation = getattr(unit, "abbreviation", "") or ""
        aliases = (abbreviation,) if abbreviation else ()
        # "Sở Thông tin và Truyền thông Hà Nội" is written "Sở Thông tin và Truyền thông" by
        # the city's own notices: the name without its place (a key two units share is dropped).
        place = (getattr(unit, "place_name", "") or "").strip()
        if place and not getattr(unit, "is_area", False) and unit.name.endswith(f" {place}"):
            bare = unit.name[: -len(place)].strip()
            if len(bare.split()) >= 2:
                aliases += (bare,)
        if getattr(unit, "is_area", False):
            lowered = unit.name[:1].lower() + unit.name[1:]
            aliases += (f"UBND {lowered}", f"Ủy ban nhân dân {lowered}")
        return cls(
            id=unit.id,
            name=unit.name,
            short_name=getattr(unit, "short_name", "") or "",
            aliases=aliases,
            kind=getattr(unit, "kind", "") or "",
            valid_from=getattr(unit, "valid_from", None),
            valid_to=getattr(unit, "valid_to", None),
        )

    def is_valid_on(self, day: datetime.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class UnitRef:
    name: str  # as written in the notice
    id: int | None = None
    matched: bool = False


# "Cơ quan thường trực" (of the committee) names the committee's standing agency.
STANDING_AGENCY = re.compile(
    r"(?:co quan thuong truc|thuong truc (?:cua )?(?:ban chi dao|bcd))(?!\w)"
)


_PEOPLES_COMMITTEE = re.compile(r"(?:ubnd|uy ban nhan dan)\s+")
_AREA_KINDS = {"ward", "commune", "urban_district", "rural_district", "town", "city", "province"}


@dataclass(frozen=True)
class _Copies:
    folded: str
    lower: str


@dataclass(frozen=True)
class _UnitKey:
    pattern: re.Pattern[str]
    unit: UnitName
    rank: int  # 0 name, 1 short name, 2 alias, 3 derived: the lower wins a tie
    # A one-word name with tone marks ("Thử") must match with them: folded, it is also "Thủ".
    accented: str | None = None


_LONG_FORMS = (
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
    ("cong nghe thong tin", "cntt"),
    ("ban chi dao", "bcd"),
)
# Matched on the accented lower-case name: folded, "quản" (manage) is also "quận" (district).
_PLACE_SUFFIX = re.compile(r"\s+(?P<level>quận|huyện|phường|xã|thị xã|thành phố|tỉnh)\s+\S.*$")
_LEVEL_AFTER = re.compile(
    r"\s+(?:cac\s+)?(?:quan|huyen|phuong|xa|thi xa|thi tran|thanh pho|tinh)(?!\w)"
)


def _key_variants(key: str) -> set[str]:
    variants = {key}
    for long, short in _LONG_FORMS:
        for variant in list(variants):
            variants.add(re.sub(rf"(?<!\w){long}(?!\w)", short, variant))
            variants.add(re.sub(rf"(?<!\w){short}(?!\w)", long, variant))
    return variants


def _key_pattern(key: str) -> re.Pattern[str]:
    key = re.sub(r"\s*[-–—]\s*", "-", key)
    parts = [re.escape(token) for token in key.split()]
    body = r"\s+".join(parts).replace(r"\-", r"\s*[-–—]\s*")
    return re.compile(rf"{body}(?!\w)")


class UnitIndex:
    def __init__(self, units: Sequence[UnitName], standing_agency: UnitName | None) -> None:
        self.standing_agency = standing_agency
        self.units = list(units)
        keys: dict[str, list[tuple[int, UnitName]]] = {}
        accented: dict[str, str] = {}
        for unit in units:
            names = [(0, unit.name), (1, unit.short_name), *((2, alias) for alias in unit.aliases)]
            folded_name = fold(unit.name or "")
            lower_name = aligned_lower(nfc((unit.name or "").strip()))
            # "Công an quận Long Biên" is usually written "Công an quận": drop the place name
            # but keep the level, or "công an phường" would match the district police.
            derived = {fold(_PLACE_SUFFIX.sub(r" \g<level>", lower_name))}
            if folded_name.startswith(("phong ", "van phong ")):
                # A division is named by its function: "Phòng Tư pháp quận X" is "Phòng Tư pháp".
                derived.add(fold(_PLACE_SUFFIX.sub("", lower_name)))
            for rank, raw in names:
                folded = fold(raw or "")
                lowered = aligned_lower(nfc((raw or "").strip()))
                if len(folded.split()) == 1 and lowered != folded:
                    accented[folded] = lowered
                if len(folded) >= 2:
                    for variant in _key_variants(folded):
                        keys.setdefault(variant, []).append((rank, unit))
            for extra in derived - {folded_name}:
                if len(extra.split()) >= 2:
                    for variant in _key_variants(extra):
                        keys.setdefault(variant, []).append((3, unit))
        self.keys: list[_UnitKey] = []
        for key, owners in keys.items():
            best = min(rank for rank, _ in owners)
            winners = {unit.id: unit for rank, unit in owners if rank == best}
            if len(winners) == 1:  # a key two units share identifies neither
                unit = next(iter(winners.values()))
                self.keys.append(_UnitKey(_key_pattern(key), unit, best, accented.get(key)))

    def areas(self, kinds: Sequence[str], on: datetime.date | None) -> list[UnitName]:
        """The units of these kinds (wards, communes) valid on `on`, in the caller's order."""
        return [unit for unit in self.units if unit.kind in kinds and unit.is_valid_on(on)]

    def match_at(self, text: Any, pos: int) -> tuple[int, UnitName] | None:
        """The longest unit name starting at `pos`: (end, unit).

        `text` has the `folded` and `lower` copies of a sentence (same length as the sentence).
        """
        folded, lower = text.folded, text.lower
        best: tuple[int, int, UnitName] | None = None
        for key in self.keys:
            found = key.pattern.match(folded, pos)
            if found and key.accented and lower[pos : found.end()] != key.accented:
                continue
            # "UBND" before "các phường …" or "phường Bồ Đề" names those wards' committees,
            # not the unit whose short name is "UBND".
            if found and _LEVEL_AFTER.match(folded, found.end()):
                continue
            if found and (best is None or (found.end(), -key.rank) > (best[0], -best[1])):
                best = (found.end(), key.rank, key.unit)
        return (best[0], best[2]) if best else None

    def resolve(self, written: str) -> UnitRef:
        """A unit reference for a name as written: matched only when the whole name is a unit."""
        written = written.strip(" ,;:.-–")
        copies = _Copies(aligned_fold(written), aligned_lower(written))
        folded = copies.folded
        if self.standing_agency and STANDING_AGENCY.match(folded):
            return UnitRef(written, self.standing_agency.id, True)
        found = self.match_at(copies, 0)
        if found and not folded[found[0] :].strip(" ,;:.-–"):
            return UnitRef(written, found[1].id, True)
        # "UBND phường Bồ Đề" names the ward itself (an area acts through its People's Committee).
        if prefix := _PEOPLES_COMMITTEE.match(folded):
            found = self.match_at(copies, prefix.end())
            if found and found[1].kind in _AREA_KINDS and not folded[found[0] :].strip(" ,;:.-–"):
                return UnitRef(written, found[1].id, True)
        return UnitRef(written)
