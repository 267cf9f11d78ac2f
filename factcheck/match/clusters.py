"""Clusters of claims: a union-find over links (pure; the links come from the caller)."""

from __future__ import annotations

from collections.abc import Iterable


class DisjointSets:
    """Items joined by `union` fall in one set; every item `find` or `union` saw is held,
    alone in its set until joined. The smallest item of a set is its root."""

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()) -> None:
        self.parent: dict[int, int] = {}
        for a, b in pairs:
            self.union(a, b)

    def find(self, item: int) -> int:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)

    def members(self, item: int) -> list[int]:
        """The sorted set holding `item` (just `item` when it was never joined)."""
        root = self.find(item)
        return sorted(m for m in self.parent if self.find(m) == root)

    def groups(self) -> list[list[int]]:
        """Every set of two or more items, each sorted."""
        by_root: dict[int, list[int]] = {}
        for item in self.parent:
            by_root.setdefault(self.find(item), []).append(item)
        return [sorted(members) for members in by_root.values() if len(members) > 1]
