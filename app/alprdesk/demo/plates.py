"""Plate number formats, normalisation and look-alike misreadings."""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass

# Characters that plate readers confuse with each other.
LOOKALIKE_GROUPS: tuple[str, ...] = ("0OQD", "1IL", "8B", "5S", "2Z", "6G")
_LOOKALIKES: dict[str, str] = {
    char: group.replace(char, "") for group in LOOKALIKE_GROUPS for char in group
}
_SEPARATORS = re.compile(r"[\s\-]+")
# Issuers leave out letters that readers confuse with digits.
_PLATE_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "IOQ")


@dataclass(frozen=True, slots=True)
class PlateFormat:
    """A plate pattern (``L`` letter, ``D`` digit), its region code and width-to-height ratio."""

    pattern: str
    region: str
    aspect: float


US_CALIFORNIA = PlateFormat("DLLLDDD", "us-ca", 2.0)  # 7ABC123
US_NEW_YORK = PlateFormat("LLLDDDD", "us-ny", 2.0)  # ABC1234
US_DIGITS_FIRST = PlateFormat("DDDDLL", "us-tx", 2.0)  # 0123XY
GREAT_BRITAIN = PlateFormat("LLDDLLL", "gb", 4.6)  # AB12CDE


def normalize_plate(text: str) -> str:
    """Return the plate text in upper case without spaces and dashes, as readers store it."""
    return _SEPARATORS.sub("", text).upper()


def random_plate(rng: random.Random, plate_format: PlateFormat) -> str:
    """Return a random plate number that fits the format's pattern."""
    chars = [
        rng.choice(_PLATE_LETTERS) if symbol == "L" else rng.choice(string.digits)
        for symbol in plate_format.pattern
    ]
    return "".join(chars)


def has_lookalike(plate: str) -> bool:
    """Return True if at least one character of the plate has a look-alike."""
    return any(char in _LOOKALIKES for char in plate)


def misread_once(rng: random.Random, plate: str, substitutions: int = 1) -> str:
    """Return the plate with up to ``substitutions`` characters swapped for look-alikes.

    A plate without look-alike characters loses its last character instead, as a
    reader does when the plate edge is cut off.
    """
    positions = [index for index, char in enumerate(plate) if char in _LOOKALIKES]
    if not positions:
        return plate[:-1]
    chars = list(plate)
    for index in rng.sample(positions, min(substitutions, len(positions))):
        chars[index] = rng.choice(_LOOKALIKES[chars[index]])
    return "".join(chars)


def misreadings(rng: random.Random, plate: str, count: int, exclude: set[str]) -> list[str]:
    """Return up to ``count`` distinct misreadings of the plate that are not in ``exclude``.

    Most swap one look-alike character, some swap two, and the fallback drops the
    first or last character. Fewer are returned only for very short plates.
    """
    found: list[str] = []
    seen = set(exclude) | {plate}
    for _attempt in range(40):
        if len(found) == count:
            return found
        substitutions = 1 if rng.random() < 0.7 else 2
        variant = misread_once(rng, plate, substitutions)
        if variant and variant not in seen:
            seen.add(variant)
            found.append(variant)
    for variant in (plate[1:], plate[:-1]):
        if len(found) < count and variant and variant not in seen:
            seen.add(variant)
            found.append(variant)
    return found
