"""The union-find behind duplicate clusters (pure: no database)."""

from __future__ import annotations

import random

from factcheck.match.clusters import DisjointSets


def test_links_join_claims_into_clusters() -> None:
    sets = DisjointSets([(3, 7), (7, 12), (20, 21)])
    assert sorted(sets.groups()) == [[3, 7, 12], [20, 21]]
    assert sets.members(12) == [3, 7, 12]
    assert sets.find(12) == 3  # the smallest member is the root


def test_a_claim_without_links_is_its_own_cluster() -> None:
    sets = DisjointSets([(1, 2)])
    assert sets.members(9) == [9]
    assert sets.groups() == [[1, 2]]  # single items are no group


def test_joining_twice_or_backwards_changes_nothing() -> None:
    sets = DisjointSets([(5, 2), (2, 5), (5, 5)])
    assert sets.groups() == [[2, 5]]


def test_clusters_do_not_depend_on_link_order() -> None:
    rng = random.Random(3)
    links = [(rng.randrange(60), rng.randrange(60)) for _ in range(40)]
    expected = sorted(DisjointSets(links).groups())
    for _ in range(5):
        rng.shuffle(links)
        assert sorted(DisjointSets(links).groups()) == expected
