"""A bounded memo for work on text that repeats across pages."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_ALL: list[Memo[Any, Any]] = []


def clear_all() -> None:
    """Empty every memo (benchmarks measuring text never seen before)."""
    for memo in _ALL:
        memo.clear()


class Memo(Generic[K, V]):
    """A bounded memo shared by every page this process analyses: text that repeats
    across pages (navigation, footers, cookie notices, template paragraphs) is worked
    on once. Two generations: when the young one is full it becomes the old one and
    the previous old one is dropped; an entry found in the old one moves back."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.young: dict[K, V] = {}
        self.old: dict[K, V] = {}
        _ALL.append(self)

    def get(self, key: K) -> V | None:
        value = self.young.get(key)
        if value is None:
            value = self.old.pop(key, None)
            if value is not None:
                self.put(key, value)
        return value

    def put(self, key: K, value: V) -> None:
        if len(self.young) >= self.size:
            self.old = self.young
            self.young = {}
        self.young[key] = value

    def clear(self) -> None:
        self.young.clear()
        self.old.clear()
