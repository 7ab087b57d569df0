"""The records' own behaviour: the frozen mapping of figures per category or indicator, and the
agreement in force after amendments of any shape."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal as D

import pytest

from docgen.records import Amendment, FrozenDict, in_force


def test_a_frozen_dict_keeps_its_order_and_cannot_change() -> None:
    figures = FrozenDict(b=D("2.00"), a=D("1.00"))
    assert list(figures) == ["b", "a"]
    with pytest.raises(TypeError):
        figures["a"] = D("3.00")  # type: ignore[index]
    assert not hasattr(figures, "__dict__")  # no attribute to change either


def test_equal_frozen_dicts_hash_alike_whatever_their_order() -> None:
    assert FrozenDict(a=1, b=2) == FrozenDict(b=2, a=1) == {"a": 1, "b": 2}
    assert hash(FrozenDict(a=1, b=2)) == hash(FrozenDict(b=2, a=1))
    assert len({FrozenDict(a=1, b=2), FrozenDict(b=2, a=1)}) == 1


def test_a_frozen_dict_crosses_to_a_worker_process() -> None:
    figures = FrozenDict(pilot=D("1000.00"), training=D("10000.01"))
    assert pickle.loads(pickle.dumps(figures)) == figures


def test_amendments_apply_only_what_they_change(book) -> None:
    from docgen.workbook.reader import validate

    partner = validate(book.save()).workbook.partner("JURMALA")
    moved = Amendment(2, "JURMALA", 1, date(2018, 3, 1), budget=FrozenDict(training=D("9.00")))
    extended = Amendment(3, "JURMALA", 2, date(2019, 5, 2), end=date(2024, 6, 30))
    target = Amendment(4, "JURMALA", 3, date(2019, 6, 3), targets=FrozenDict(specialists=3))
    after = in_force(partner, [target, moved, extended])
    assert dict(after.budget) == {**partner.budget, "training": D("9.00")}
    assert list(after.budget) == list(partner.budget)  # the project's order kept
    assert after.end == date(2024, 6, 30) and after.targets["specialists"] == 3
    assert in_force(partner, [moved, extended], date(2018, 2, 28)) == partner
