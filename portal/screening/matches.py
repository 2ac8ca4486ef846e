"""What a detector returns: a kind and the span it found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    text: str
