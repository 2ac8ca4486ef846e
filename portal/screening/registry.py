"""Where the crisis phrases added by people (moderators) come from. A feature app registers
its source at start-up (``AppConfig.ready``), so every caller of screening (the support
groups, search) uses the same phrases and the core never imports a feature app."""

from __future__ import annotations

from collections.abc import Callable

PhraseSource = Callable[[], tuple[str, ...]]

_SOURCES: dict[str, PhraseSource] = {}


def register_crisis_phrase_source(*, key: str, source: PhraseSource) -> None:
    existing = _SOURCES.get(key)
    if existing is not None and existing is not source:
        raise ValueError(f"Crisis phrase source {key!r} is registered twice, differently")
    _SOURCES[key] = source


def extra_crisis_phrases() -> tuple[str, ...]:
    """Every registered source's phrases, in registration order."""
    return tuple(phrase for source in _SOURCES.values() for phrase in source())
