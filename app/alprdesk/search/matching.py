"""Matching plates against what the user typed: wildcards and look-alike characters.

The server matches whole plates exactly. A typed plate with ``*`` (any run of
characters) or ``?`` (one character), or a search that includes look-alike
readings, is matched here, and every match explains how it differs from the typed
plate, for example "position 3: 0 read as O".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alprdesk.scout import normalize_plate
from alprdesk.search.lookalike import lookalike_class

# Weight of a look-alike character in the similarity score; an equal one counts 1.
_LOOKALIKE_WEIGHT = 0.5


@dataclass(frozen=True)
class Substitution:
    """A typed character that the reader read as a look-alike one."""

    position: int  # 1-based, in the plate as read
    typed: str
    read: str

    def __str__(self) -> str:
        return f"position {self.position}: {self.typed} read as {self.read}"


@dataclass(frozen=True)
class PlateMatch:
    """A plate's match with the typed plate.

    ``reading`` is the text that matched: the plate group's best plate, or one
    of its candidate readings when ``via_candidate`` is true.
    """

    reading: str
    substitutions: tuple[Substitution, ...] = ()
    similarity: float = 1.0
    via_candidate: bool = False
    pattern: str = ""  # the typed plate when it has wildcards

    @property
    def is_exact(self) -> bool:
        return not self.substitutions

    def explanation(self) -> str:
        """Return one line for the table, for example "position 3: 0 read as O"."""
        prefix = f"candidate reading {self.reading}" if self.via_candidate else ""
        if self.substitutions:
            detail = "; ".join(str(item) for item in self.substitutions)
        elif self.pattern:
            detail = f"fits {self.pattern}"
        else:
            detail = "exact" if not prefix else ""
        return ": ".join(part for part in (prefix, detail) if part)

    def rank_key(self) -> tuple[float, bool]:
        """Sort key: most similar first, best-plate matches before candidate matches."""
        return (-self.similarity, self.via_candidate)


class PlatePattern:
    """A typed plate, with optional wildcards, matched with or without look-alikes."""

    def __init__(self, typed: str, *, lookalikes: bool = False) -> None:
        self.typed = normalize_plate(typed)
        self.lookalikes = lookalikes
        self._literals: list[str] = []
        parts: list[str] = []
        for char in self.typed:
            if char == "*":
                parts.append(".*?")
            elif char == "?":
                parts.append(".")
            else:
                allowed = lookalike_class(char) if lookalikes else char
                parts.append(f"([{re.escape(allowed)}])")
                self._literals.append(char)
        self._regex = re.compile("".join(parts), re.DOTALL)

    @property
    def has_wildcards(self) -> bool:
        return "*" in self.typed or "?" in self.typed

    def match(self, plate: str, *, via_candidate: bool = False) -> PlateMatch | None:
        """Return how ``plate`` matches, or None when it does not."""
        reading = normalize_plate(plate)
        found = self._regex.fullmatch(reading)
        if found is None:
            return None
        substitutions = tuple(
            Substitution(found.start(number) + 1, typed, found.group(number))
            for number, typed in enumerate(self._literals, start=1)
            if found.group(number) != typed
        )
        literal_count = len(self._literals)
        if literal_count:
            similarity = (
                literal_count - (1 - _LOOKALIKE_WEIGHT) * len(substitutions)
            ) / literal_count
        else:
            similarity = 1.0
        pattern = self.typed if self.has_wildcards else ""
        return PlateMatch(reading, substitutions, similarity, via_candidate, pattern)


def best_match(matches: list[PlateMatch | None]) -> PlateMatch | None:
    """Return the most similar of several matches of one plate group."""
    found = [match for match in matches if match is not None]
    return min(found, key=PlateMatch.rank_key) if found else None
