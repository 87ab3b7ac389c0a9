"""k-anonymity of leadership's answers: no figure shown is over fewer than k people, and no subtraction of shown
figures, within one sum or through several, reveals one that is."""

from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.domain.disclosure import Cell, DependsOn, Key, Sum, withheld
from mentoring_contracts.names import Withholding

pytestmark = pytest.mark.unit

FEW = Withholding.FEW_PEOPLE
DERIVABLE = Withholding.DERIVABLE


def count(people: int) -> Cell:
    return Cell(value=people, people=people)


def test_of_applicants_100_and_eligible_97_not_both_are_shown_the_3_not_eligible_would_be_a_subtraction_away() -> None:
    cells = {("applied",): count(100), ("eligible",): count(97), ("not_eligible",): count(3)}
    relation = Sum(("applied",), (("eligible",), ("not_eligible",)))

    assert withheld(cells, [relation], [], frozenset({("not_eligible",)}), 5) == {("eligible",): DERIVABLE}


def test_when_the_not_eligible_are_k_or_more_the_funnel_is_shown_whole() -> None:
    cells = {("applied",): count(100), ("eligible",): count(95), ("not_eligible",): count(5)}
    relation = Sum(("applied",), (("eligible",), ("not_eligible",)))

    assert withheld(cells, [relation], [], frozenset({("not_eligible",)}), 5) == {}


def test_a_small_month_is_withheld_and_so_is_the_next_smallest_month_so_the_total_does_not_give_it_away() -> None:
    months = {"2026-01": 40, "2026-02": 3, "2026-03": 12, "2026-04": 7, "2026-05": 0}
    cells = {(month, "meetings"): count(people) for month, people in months.items()}
    cells[("total", "meetings")] = count(sum(months.values()))
    relation = Sum(("total", "meetings"), tuple((month, "meetings") for month in months))

    assert withheld(cells, [relation], [], frozenset(), 5) == {
        ("2026-02", "meetings"): FEW,
        ("2026-04", "meetings"): DERIVABLE,
    }


def test_when_no_part_over_k_people_is_left_to_withhold_the_total_is_withheld() -> None:
    """The two months may be the same 4 people: their total is no safer than either."""
    cells = {("2026-11", "meetings"): count(3), ("2026-12", "meetings"): count(4), ("total", "meetings"): count(5)}
    relation = Sum(("total", "meetings"), (("2026-11", "meetings"), ("2026-12", "meetings")))

    assert withheld(cells, [relation], [], frozenset(), 5) == {
        ("2026-11", "meetings"): FEW,
        ("2026-12", "meetings"): FEW,
        ("total", "meetings"): DERIVABLE,
    }


def test_a_rating_distribution_hides_its_small_buckets_one_more_and_the_mean_made_from_them() -> None:
    buckets = {1: 0, 2: 2, 3: 8, 4: 6, 5: 4}
    bucket_keys = tuple(("fit", "q1", str(rating)) for rating in buckets)
    cells: dict[Key, Cell] = {key: count(n) for key, n in zip(bucket_keys, buckets.values(), strict=True)}
    cells[("fit", "q1", "respondents")] = count(20)
    cells[("fit", "q1", "mean")] = Cell(value=3.6, people=20)
    sums = [Sum(("fit", "q1", "respondents"), bucket_keys)]
    dependencies = [DependsOn(("fit", "q1", "mean"), bucket_keys)]

    assert withheld(cells, sums, dependencies, frozenset(), 5) == {
        ("fit", "q1", "2"): FEW,
        ("fit", "q1", "4"): DERIVABLE,
        ("fit", "q1", "5"): FEW,
        ("fit", "q1", "mean"): DERIVABLE,
    }


def test_a_programme_of_4_people_shows_nothing_derived_from_them_not_even_its_zeros() -> None:
    cells = {
        ("total", "applied"): count(4),
        ("total", "eligible"): count(4),
        ("total", "withdrawals"): count(0),
        ("total", "match_rate"): Cell(value=None, people=0),
        ("2026-11", "applied"): count(4),
        ("2026-12", "applied"): count(0),
    }
    sums = [Sum(("total", "applied"), (("2026-11", "applied"), ("2026-12", "applied")))]

    assert withheld(cells, sums, [], frozenset(), 5) == dict.fromkeys(sorted(cells), FEW)


def test_a_zero_is_withheld_when_drawn_from_fewer_than_k_people_and_shown_when_drawn_from_more() -> None:
    cells = {
        ("2026-11", "closures"): count(3),
        ("2026-11", "closures", "relocated"): count(0),
        ("2026-11", "closures", "completed"): count(3),
        ("2026-12", "closures"): count(9),
        ("2026-12", "closures", "relocated"): count(0),
        ("2026-12", "closures", "completed"): count(9),
    }
    sums = [
        Sum((month, "closures"), ((month, "closures", "relocated"), (month, "closures", "completed")))
        for month in ("2026-11", "2026-12")
    ]

    assert withheld(cells, sums, [], frozenset(), 5) == {
        ("2026-11", "closures"): FEW,
        ("2026-11", "closures", "completed"): FEW,
        ("2026-11", "closures", "relocated"): FEW,
    }


def test_a_zero_inside_a_total_over_no_one_takes_the_population_of_the_total_above_that() -> None:
    cells = {
        ("total",): count(4),
        ("a",): count(4),
        ("b",): count(0),
        ("b", "x"): count(0),
        ("other",): count(30),
    }
    sums = [Sum(("total",), (("a",), ("b",))), Sum(("b",), (("b", "x"),))]

    result = withheld(cells, sums, [], frozenset(), 5)

    assert result[("b", "x")] == FEW
    assert ("other",) not in result


def test_a_figure_with_a_value_but_no_people_is_withheld_as_its_people_are_not_known() -> None:
    """A lower bound of the people may be all a figure has (compliant months: the partnership-months' people less
    the noncompliant ones'); 0 then says nothing of how few they are."""
    cells = {("partnership_months",): count(12), ("compliant_months",): Cell(value=2, people=0)}

    assert withheld(cells, [], [], frozenset(), 5) == {("compliant_months",): FEW}


def test_a_share_is_withheld_with_either_count_it_is_made_of() -> None:
    cells = {
        ("partnership_months",): count(40),
        ("compliant_months",): count(4),
        ("cadence_compliance",): Cell(value=0.1, people=40),
    }
    dependencies = [DependsOn(("cadence_compliance",), (("compliant_months",), ("partnership_months",)))]

    assert withheld(cells, [], dependencies, frozenset(), 5) == {
        ("cadence_compliance",): DERIVABLE,
        ("compliant_months",): FEW,
    }


def test_a_figure_over_few_people_is_few_people_even_when_it_also_depends_on_a_withheld_one() -> None:
    cells = {("share",): Cell(value=0.5, people=2), ("count",): count(2), ("base",): count(30)}
    dependencies = [DependsOn(("share",), (("count",), ("base",)))]

    assert withheld(cells, [], dependencies, frozenset(), 5)[("share",)] == FEW


def test_by_month_a_small_not_eligible_count_is_not_reached_through_the_column_totals() -> None:
    """applied = eligible + not eligible, each month and in total: withholding the small month's eligible is not
    enough, since the total of eligible less the other months gives it back, and applied less that gives the 3."""
    months = {"m1": (100, 97), "m2": (50, 50), "m3": (40, 30)}
    cells, sums, hidden = funnel_by_month(months)

    result = withheld(cells, sums, [], hidden, 5)

    assert result == {("m1", "eligible"): DERIVABLE, ("m3", "eligible"): DERIVABLE}
    assert leaks(cells, sums, [], hidden, result, 5) == []


def test_the_same_answer_withholds_the_same_figures_whatever_order_its_cells_come_in() -> None:
    cells, sums, hidden = funnel_by_month({"m1": (100, 97), "m2": (9, 8), "m3": (40, 30), "m4": (12, 12)})

    first = withheld(cells, sums, [], hidden, 5)

    assert withheld(dict(reversed(list(cells.items()))), sums, [], hidden, 5) == first
    assert list(first) == sorted(first)


def test_hidden_cells_are_never_in_the_answer() -> None:
    cells = {("applied",): count(4), ("not_eligible",): count(1)}

    assert withheld(cells, [], [], frozenset({("not_eligible",)}), 5) == {("applied",): FEW}


def test_a_threshold_below_3_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        withheld({("a",): count(10)}, [], [], frozenset(), 2)


def test_a_relation_naming_a_cell_the_answer_lacks_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="missing"):
        withheld({("a",): count(10)}, [Sum(("a",), (("missing",),))], [], frozenset(), 5)


def funnel_by_month(months: dict[str, tuple[int, int]]) -> tuple[dict[Key, Cell], list[Sum], frozenset[Key]]:
    cells: dict[Key, Cell] = {}
    sums: list[Sum] = []
    for month, (applied, eligible) in months.items():
        cells[(month, "applied")] = count(applied)
        cells[(month, "eligible")] = count(eligible)
        cells[(month, "not_eligible")] = count(applied - eligible)
        sums.append(Sum((month, "applied"), ((month, "eligible"), (month, "not_eligible"))))
    for figure in ("applied", "eligible", "not_eligible"):
        cells[("total", figure)] = count(sum(cells[(month, figure)].people for month in months))
        sums.append(Sum(("total", figure), tuple((month, figure) for month in months)))
    sums.append(Sum(("total", "applied"), (("total", "eligible"), ("total", "not_eligible"))))
    hidden = frozenset(key for key in cells if key[1] == "not_eligible")
    return cells, sums, hidden


# What a reader can work out, found independently of the implementation: every sum of the relations with
# coefficients -1, 0 or 1 is a subtraction a reader can do. Over the shown figures it is known; over the others it
# gives their combination. That combination may hold no withheld figure over 1 to k-1 people (or made from a
# withheld one) unless it also holds one over k or more, or unless the relations give it whatever the data. Zeros
# drawn from few people are not looked for here: the next test checks each sum protects them.


def leaks(
    cells: dict[Key, Cell],
    sums: list[Sum],
    dependencies: list[DependsOn],
    hidden: frozenset[Key],
    result: dict[Key, Withholding],
    k: int,
) -> list[dict[Key, int]]:
    unseen = set(result) | hidden
    made_from_unseen = {d.figure for d in dependencies if any(key in unseen for key in d.on)}
    few = {key for key in unseen if over_few(key, cells, sums, k) or result.get(key) == FEW}
    few -= {key for key in unseen if cells[key].people == 0 and not cells[key].value}  # zeros: their own sums
    few |= made_from_unseen & unseen
    covering = {key for key in unseen if key not in few and cells[key].people >= k}
    order = sorted(few)
    found, structural = [], []
    for coefficients in product((-1, 0, 1), repeat=len(sums)):
        combination: dict[Key, int] = {}
        for coefficient, relation in zip(coefficients, sums, strict=True):
            if coefficient:
                for key, sign in [(relation.total, 1), *((part, -1) for part in relation.parts)]:
                    combination[key] = combination.get(key, 0) + coefficient * sign
        combination = {key: value for key, value in combination.items() if value}
        if any(key in covering for key in combination):
            continue
        on_few = [combination.get(key, 0) for key in order]
        if not any(on_few):
            continue
        if any(key not in unseen for key in combination):
            found.append((on_few, combination))
        else:
            structural.append(on_few)
    return [combination for on_few, combination in found if not spanned(on_few, structural)]


def spanned(vector: list[int], vectors: list[list[int]]) -> bool:
    """Whether the relations give this combination of withheld figures whatever the data."""
    if not vectors:
        return False
    return bool(np.linalg.matrix_rank(np.array([*vectors, vector])) == np.linalg.matrix_rank(np.array(vectors)))


def over_few(key: Key, cells: dict[Key, Cell], sums: list[Sum], k: int) -> bool:
    """Over 1 to k-1 people, over people not known, or a zero drawn from such."""
    cell = cells[key]
    return 0 < cell.people < k or (cell.people == 0 and (bool(cell.value) or drawn_from_few(key, cells, sums, k)))


def drawn_from_few(key: Key, cells: dict[Key, Cell], sums: list[Sum], k: int) -> bool:
    if max(cell.people for cell in cells.values()) < k:
        return True
    return any(over_few(relation.total, cells, sums, k) for relation in sums if key in relation.parts)


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[Key, Cell], list[Sum], list[DependsOn], frozenset[Key], int]:
    """A table of rows by columns of counts over people, with its row, column and grand totals as sums (the
    months by figure of an answer, or the figures by reason), some cells hidden and some shares made from cells."""
    rows = draw(st.integers(1, 3))
    columns = draw(st.integers(1, 3))
    inner = {
        (f"r{row}", f"c{column}"): draw(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 20]))
        for row in range(rows)
        for column in range(columns)
    }
    # People may be in several cells of a row or column: a total is over at least its largest part's people.
    overlap = draw(st.booleans())

    def total_people(parts: list[int]) -> int:
        return max(parts, default=0) if overlap else sum(parts)

    cells = {key: count(people) for key, people in inner.items()}
    sums: list[Sum] = []
    for row in range(rows):
        parts = [(f"r{row}", f"c{column}") for column in range(columns)]
        cells[(f"r{row}", "total")] = count(total_people([inner[part] for part in parts]))
        sums.append(Sum((f"r{row}", "total"), tuple(parts)))
    for column in range(columns):
        parts = [(f"r{row}", f"c{column}") for row in range(rows)]
        cells[("total", f"c{column}")] = count(total_people([inner[part] for part in parts]))
        sums.append(Sum(("total", f"c{column}"), tuple(parts)))
    cells[("total", "total")] = count(total_people(list(inner.values())))
    sums.append(Sum(("total", "total"), tuple((f"r{row}", "total") for row in range(rows))))
    if draw(st.booleans()):
        sums.append(Sum(("total", "total"), tuple(("total", f"c{column}") for column in range(columns))))
    keys = sorted(cells)
    hidden = frozenset(draw(st.lists(st.sampled_from(keys), max_size=3)))
    dependencies = []
    for number in range(draw(st.integers(0, 2))):
        on = tuple(draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True)))
        share = (f"share{number}",)
        cells[share] = Cell(value=0.5, people=max(cells[key].people for key in on))
        dependencies.append(DependsOn(share, on))
    k = draw(st.integers(3, 6))
    return cells, sums, dependencies, hidden, k


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_subtraction_of_shown_figures_reveals_a_withheld_one(table) -> None:
    cells, sums, dependencies, hidden, k = table

    result = withheld(cells, sums, dependencies, hidden, k)

    assert leaks(cells, sums, dependencies, hidden, result, k) == []


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_shown_figure_is_over_1_to_k_minus_1_people_nor_made_from_a_withheld_one(table) -> None:
    cells, sums, dependencies, hidden, k = table

    result = withheld(cells, sums, dependencies, hidden, k)

    shown = {key for key in cells if key not in result and key not in hidden}
    assert not any(over_few(key, cells, sums, k) for key in shown)
    for dependency in dependencies:
        if dependency.figure in shown:
            assert all(key in shown for key in dependency.on)
    assert not (set(result) & hidden)
    for key, reason in result.items():
        assert (reason == FEW) == over_few(key, cells, sums, k)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_for_each_shown_total_its_withheld_parts_are_none_harmless_zeros_or_hold_one_over_k_people(table) -> None:
    cells, sums, dependencies, hidden, k = table

    result = withheld(cells, sums, dependencies, hidden, k)

    unseen = set(result) | hidden
    for relation in sums:
        if relation.total in unseen:
            continue
        parts = [part for part in relation.parts if part in unseen]
        harmless = all(cells[part].people == 0 and not over_few(part, cells, sums, k) for part in parts)
        assert harmless or max(cells[part].people for part in parts) >= k


@settings(max_examples=200, deadline=None)
@given(tables())
def test_an_answer_whose_largest_population_is_below_k_shows_nothing(table) -> None:
    cells, sums, dependencies, hidden, k = table
    small = {key: Cell(cell.value, min(cell.people, k - 1)) for key, cell in cells.items()}

    result = withheld(small, sums, dependencies, hidden, k)

    assert result == dict.fromkeys(sorted(set(small) - hidden), FEW)


@settings(max_examples=200, deadline=None)
@given(tables())
def test_the_same_input_withholds_the_same_figures(table) -> None:
    cells, sums, dependencies, hidden, k = table

    assert withheld(cells, sums, dependencies, hidden, k) == withheld(dict(cells), sums, dependencies, hidden, k)
