"""Interval arithmetic on stated figures (lessons.engine.intervals)."""

from __future__ import annotations

import unittest
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons.engine.intervals import DEFAULT_APPROX, Interval
from lessons.engine.types import Bound

FAST = settings(max_examples=200, deadline=None)

ends = st.decimals(
    min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False
)
maybe_ends = st.one_of(st.none(), ends)


@st.composite
def intervals(draw: st.DrawFn, bounded: bool = False) -> Interval:
    strategy = ends if bounded else maybe_ends
    a, b = draw(strategy), draw(strategy)
    if a is not None and b is not None and a > b:
        a, b = b, a
    return Interval(a, b)


@st.composite
def member(draw: st.DrawFn, interval: Interval) -> Decimal:
    """A point of ``interval``: an end, or a point between or beyond the ends."""
    lo, hi = interval.low, interval.high
    if lo is not None and hi is not None:
        if lo == hi:
            return lo
        t = draw(st.integers(min_value=0, max_value=1000))
        return lo + (hi - lo) * t / 1000
    if lo is not None:
        return lo + draw(st.decimals(min_value=0, max_value=10**6, places=2))
    if hi is not None:
        return hi - draw(st.decimals(min_value=0, max_value=10**6, places=2))
    return draw(ends)


@st.composite
def interval_and_member(
    draw: st.DrawFn, bounded: bool = False
) -> tuple[Interval, Decimal]:
    interval = draw(intervals(bounded=bounded))
    return interval, draw(member(interval))


class IntervalArithmeticPropertyTests(unittest.TestCase):
    @FAST
    @given(interval_and_member(), interval_and_member())
    def test_sum_holds_sums_of_members(
        self, a: tuple[Interval, Decimal], b: tuple[Interval, Decimal]
    ) -> None:
        """a in A and b in B imply a + b in A + B."""
        (ia, x), (ib, y) = a, b
        self.assertTrue((ia + ib).contains(x + y))

    @FAST
    @given(interval_and_member(), interval_and_member())
    def test_difference_holds_differences_of_members(
        self, a: tuple[Interval, Decimal], b: tuple[Interval, Decimal]
    ) -> None:
        """a in A and b in B imply a - b in A - B."""
        (ia, x), (ib, y) = a, b
        self.assertTrue((ia - ib).contains(x - y))

    @FAST
    @given(interval_and_member(), interval_and_member())
    def test_product_holds_products_of_members(
        self, a: tuple[Interval, Decimal], b: tuple[Interval, Decimal]
    ) -> None:
        """a in A and b in B imply a * b in A * B, unbounded ends included."""
        (ia, x), (ib, y) = a, b
        self.assertTrue(
            (ia * ib).contains(x * y), f"{ia} * {ib} = {ia * ib} misses {x * y}"
        )

    @FAST
    @given(interval_and_member(), interval_and_member())
    def test_quotient_holds_quotients_of_members(
        self, a: tuple[Interval, Decimal], b: tuple[Interval, Decimal]
    ) -> None:
        """a in A and b in B (B without 0) imply a / b in A / B."""
        (ia, x), (ib, y) = a, b
        assume(not ib.contains(0))
        quotient = ia / ib
        self.assertTrue(
            quotient.contains(x / y), f"{ia} / {ib} = {quotient} misses {x / y}"
        )

    @FAST
    @given(intervals())
    def test_division_by_an_interval_holding_zero_fails(self, a: Interval) -> None:
        """Dividing by an interval that holds zero raises ZeroDivisionError."""
        with self.assertRaises(ZeroDivisionError):
            a / Interval(Decimal(-1), Decimal(1))
        with self.assertRaises(ZeroDivisionError):
            a / Interval(None, None)

    @FAST
    @given(interval_and_member())
    def test_negation_mirrors_members(self, a: tuple[Interval, Decimal]) -> None:
        """a in A implies -a in -A, and negating twice gives A back."""
        ia, x = a
        self.assertTrue((-ia).contains(-x))
        self.assertEqual(ia.__neg__().__neg__(), ia)

    @FAST
    @given(interval_and_member(), ends)
    def test_scale_holds_scaled_members(
        self, a: tuple[Interval, Decimal], k: Decimal
    ) -> None:
        """a in A implies k * a in A.scale(k)."""
        ia, x = a
        self.assertTrue(ia.scale(k).contains(x * k))

    @FAST
    @given(interval_and_member(bounded=True))
    def test_bounded_results_stay_bounded(self, a: tuple[Interval, Decimal]) -> None:
        """Sums and products of bounded intervals are bounded."""
        ia, _x = a
        self.assertTrue((ia + ia).is_bounded)
        self.assertTrue((ia * ia).is_bounded)


class IntervalLawPropertyTests(unittest.TestCase):
    @FAST
    @given(intervals(), intervals())
    def test_intersection_is_symmetric_and_inside_both(
        self, a: Interval, b: Interval
    ) -> None:
        """A & B = B & A, and it lies within both A and B."""
        both = a.intersection(b)
        self.assertEqual(both, b.intersection(a))
        self.assertEqual(both is not None, a.overlaps(b))
        if both is not None:
            self.assertEqual(a.intersection(both), both)
            self.assertEqual(b.intersection(both), both)

    @FAST
    @given(interval_and_member(), interval_and_member())
    def test_members_of_both_are_in_the_intersection(
        self, a: tuple[Interval, Decimal], b: tuple[Interval, Decimal]
    ) -> None:
        """A point in A and in B is in A & B."""
        (ia, x), (ib, _y) = a, b
        if ib.contains(x):
            both = ia.intersection(ib)
            self.assertIsNotNone(both)
            assert both is not None
            self.assertTrue(both.contains(x))

    @FAST
    @given(interval_and_member(), interval_and_member())
    def test_hull_holds_both(
        self, a: tuple[Interval, Decimal], b: tuple[Interval, Decimal]
    ) -> None:
        """The hull is symmetric, holds every point of A and B, and A & hull = A."""
        (ia, x), (ib, y) = a, b
        hull = ia.hull(ib)
        self.assertEqual(hull, ib.hull(ia))
        self.assertTrue(hull.contains(x) and hull.contains(y))
        self.assertEqual(ia.intersection(hull), ia)
        self.assertEqual(ia.hull(ia), ia)

    @FAST
    @given(intervals(), intervals(), intervals())
    def test_hull_is_associative(self, a: Interval, b: Interval, c: Interval) -> None:
        """(A hull B) hull C = A hull (B hull C)."""
        self.assertEqual(a.hull(b).hull(c), a.hull(b.hull(c)))

    @FAST
    @given(intervals(), intervals())
    def test_above_and_below_exclude_overlap(self, a: Interval, b: Interval) -> None:
        """A above B means no overlap, and B is then below A."""
        if a.is_above(b):
            self.assertFalse(a.overlaps(b))
            self.assertTrue(b.is_below(a))


class FromBoundTests(unittest.TestCase):
    def test_every_bound(self) -> None:
        """Each bound gives the values a stated figure allows."""
        d = Decimal
        cases = [
            (d(200), d(200), Bound.EXACT, Interval(d(200), d(200))),
            (d(25000), d(25000), Bound.APPROX, Interval(d(22500), d(27500))),
            (d(50000), None, Bound.AT_LEAST, Interval(d(50000), None)),
            (d(6000), None, Bound.MORE_THAN, Interval(d(6000), None)),
            (None, d(1000), Bound.AT_MOST, Interval(d(0), d(1000))),
            (None, d(5), Bound.LESS_THAN, Interval(d(0), d(5))),
            (d(9000), d(18000), Bound.RANGE, Interval(d(9000), d(18000))),
        ]
        for low, high, bound, expected in cases:
            with self.subTest(bound=bound):
                self.assertEqual(Interval.from_bound(low, high, bound), expected)

    @FAST
    @given(
        st.decimals(min_value=1, max_value=10**9, places=2),
        st.sampled_from(list(Bound)),
    )
    def test_stated_value_is_allowed(self, value: Decimal, bound: Bound) -> None:
        """Whatever the bound, the stated value itself is allowed."""
        low: Decimal | None = value
        high: Decimal | None = value
        if bound in (Bound.AT_LEAST, Bound.MORE_THAN):
            high = None
        elif bound in (Bound.AT_MOST, Bound.LESS_THAN):
            low = None
        interval = Interval.from_bound(low, high, bound)
        self.assertTrue(interval.contains(value))
        if bound is Bound.APPROX:
            self.assertEqual(interval.width, 2 * value * DEFAULT_APPROX)

    def test_needs_a_value(self) -> None:
        """No value, or a range without both ends, raises ValueError."""
        with self.assertRaises(ValueError):
            Interval.from_bound(None, None, Bound.EXACT)
        with self.assertRaises(ValueError):
            Interval.from_bound(Decimal(3), None, Bound.RANGE)

    def test_empty_interval_is_refused(self) -> None:
        """An interval whose low exceeds its high is refused."""
        with self.assertRaises(ValueError):
            Interval(Decimal(2), Decimal(1))
