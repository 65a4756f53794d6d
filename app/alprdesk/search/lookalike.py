"""Characters that plate readers confuse, and plate spellings that differ only by them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

# Each string is one class of characters readers mistake for one another.
LOOKALIKE_CLASSES: tuple[str, ...] = ("0OQD", "1IL", "8B", "5S", "2Z", "6G")

_CLASS_OF: dict[str, str] = {char: group for group in LOOKALIKE_CLASSES for char in group}


def lookalike_class(char: str) -> str:
    """Return the characters ``char`` may be misread as, itself included."""
    return _CLASS_OF.get(char.upper(), char.upper())


def are_lookalikes(first: str, second: str) -> bool:
    """True when two different characters belong to the same look-alike class."""
    first, second = first.upper(), second.upper()
    return (
        first != second
        and _CLASS_OF.get(first) is not None
        and (_CLASS_OF.get(first) == _CLASS_OF.get(second))
    )


def variant_count(plate: str) -> int:
    """Number of spellings of ``plate``, itself included, that differ by look-alikes."""
    count = 1
    for char in plate:
        count *= len(lookalike_class(char))
    return count


def variants(plate: str) -> Iterator[str]:
    """Yield every look-alike spelling of ``plate``, the plate itself first."""
    choices = [_own_first(char) for char in plate.upper()]
    for combination in itertools.product(*choices):
        yield "".join(combination)


def _own_first(char: str) -> str:
    group = lookalike_class(char)
    return char + group.replace(char, "")
