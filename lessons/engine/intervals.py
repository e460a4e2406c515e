"""Interval arithmetic on bounded quantities.

A stated figure is rarely a point: "at least 12,500" is [12500, inf), "about
3,000" is a band around 3000, "between 400 and 900" is [400, 900].
The checks compare and combine such figures, so every operation here returns
the tightest closed interval that holds every result of the operation on
points of its operands. ``None`` stands for an unbounded end.

Open and closed ends are not told apart ("more than 800" is read as
[800, inf)): for teaching whether figures add up, the difference of one
unit never changes a verdict, and closed intervals keep the algebra simple.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from .types import Bound

DEFAULT_APPROX = Decimal("0.1")


@dataclass(frozen=True)
class Interval:
    low: Decimal | None  # None: unbounded below
    high: Decimal | None  # None: unbounded above

    def __post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"empty interval [{self.low}, {self.high}]")

    # construction -----------------------------------------------------------

    @classmethod
    def point(cls, value: Decimal | int | str) -> Interval:
        v = Decimal(value)
        return cls(v, v)

    @classmethod
    def from_bound(
        cls,
        low: Decimal | None,
        high: Decimal | None,
        bound: Bound,
        *,
        approx: Decimal = DEFAULT_APPROX,
    ) -> Interval:
        """The values a stated figure allows.

        APPROX widens the stated value by ``approx`` (a fraction) each way;
        AT_LEAST/MORE_THAN leave the top open, AT_MOST/LESS_THAN start at zero,
        because the quantities stated in news are not negative.
        """
        stated = low if low is not None else high
        if stated is None:
            raise ValueError("a figure needs a low or a high value")
        if bound in (Bound.EXACT,):
            return cls(
                low if low is not None else high, high if high is not None else low
            )
        if bound is Bound.APPROX:
            lo = low if low is not None else stated
            hi = high if high is not None else stated
            return cls(lo - abs(lo) * approx, hi + abs(hi) * approx)
        if bound in (Bound.AT_LEAST, Bound.MORE_THAN):
            return cls(stated, None)
        if bound in (Bound.AT_MOST, Bound.LESS_THAN):
            top = high if high is not None else stated
            return cls(Decimal(0), top)
        if bound is Bound.RANGE:
            if low is None or high is None:
                raise ValueError("a range needs both ends")
            return cls(low, high)
        raise ValueError(f"unknown bound {bound!r}")

    # predicates ---------------------------------------------------------------

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high

    @property
    def is_bounded(self) -> bool:
        return self.low is not None and self.high is not None

    def contains(self, value: Decimal | int) -> bool:
        v = Decimal(value)
        return (self.low is None or self.low <= v) and (
            self.high is None or v <= self.high
        )

    def overlaps(self, other: Interval) -> bool:
        return self.intersection(other) is not None

    def intersection(self, other: Interval) -> Interval | None:
        lo = _max_low(self.low, other.low)
        hi = _min_high(self.high, other.high)
        if lo is not None and hi is not None and lo > hi:
            return None
        return Interval(lo, hi)

    def hull(self, other: Interval) -> Interval:
        """The smallest interval holding both."""
        lo = None if self.low is None or other.low is None else min(self.low, other.low)
        hi = (
            None
            if self.high is None or other.high is None
            else max(self.high, other.high)
        )
        return Interval(lo, hi)

    def is_above(self, other: Interval) -> bool:
        """Every value of self exceeds every value of other."""
        return self.low is not None and other.high is not None and self.low > other.high

    def is_below(self, other: Interval) -> bool:
        return other.is_above(self)

    @property
    def width(self) -> Decimal | None:
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    @property
    def midpoint(self) -> Decimal | None:
        if self.low is None or self.high is None:
            return None
        return (self.low + self.high) / 2

    # arithmetic -----------------------------------------------------------------

    def __add__(self, other: Interval) -> Interval:
        lo = None if self.low is None or other.low is None else self.low + other.low
        hi = None if self.high is None or other.high is None else self.high + other.high
        return Interval(lo, hi)

    def __neg__(self) -> Interval:
        return Interval(
            None if self.high is None else -self.high,
            None if self.low is None else -self.low,
        )

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def __mul__(self, other: Interval) -> Interval:
        products = [
            _mul_ends(a, b, a_is_low, b_is_low)
            for (a, a_is_low), (b, b_is_low) in product(self._ends(), other._ends())
        ]
        return _from_candidates(products)

    def __truediv__(self, other: Interval) -> Interval:
        if other.contains(0):
            raise ZeroDivisionError("dividing by an interval that holds zero")
        # End by end rather than ``self * other.reciprocal()``: rounding 1/b
        # first could put the quotient of two ends just outside the result.
        quotients = [
            _div_ends(a, b, a_is_low)
            for (a, a_is_low), (b, _b_is_low) in product(self._ends(), other._ends())
        ]
        return _from_candidates(quotients)

    def reciprocal(self) -> Interval:
        if self.contains(0):
            raise ZeroDivisionError("reciprocal of an interval that holds zero")
        # Both ends share a sign here; an unbounded end maps to zero.
        lo = Decimal(0) if self.high is None else 1 / self.high
        hi = Decimal(0) if self.low is None else 1 / self.low
        if self.high is None or self.low is None:
            lo, hi = min(lo, hi), max(lo, hi)
        return Interval(lo, hi)

    def scale(self, factor: Decimal | int) -> Interval:
        return self * Interval.point(factor)

    def share_of(self, whole: Interval) -> Interval:
        """What fraction self (a part) is of ``whole``."""
        return self / whole

    def _ends(self) -> list[tuple[Decimal | None, bool]]:
        return [(self.low, True), (self.high, False)]

    # presentation -------------------------------------------------------------

    def as_json(self) -> dict[str, str | None]:
        return {
            "low": None if self.low is None else _plain(self.low),
            "high": None if self.high is None else _plain(self.high),
        }

    def __str__(self) -> str:
        lo = "-inf" if self.low is None else _plain(self.low)
        hi = "inf" if self.high is None else _plain(self.high)
        return f"[{lo}, {hi}]"


def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros, rounded to 6 places."""
    q = value.quantize(Decimal("0.000001")) if value != value.to_integral() else value
    text = format(q.normalize(), "f")
    return text


def _max_low(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _min_high(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _mul_ends(
    a: Decimal | None, b: Decimal | None, a_is_low: bool, b_is_low: bool
) -> Decimal | float:
    """Product of two interval ends, where None is -inf (a low) or +inf (a high)."""
    fa: Decimal | float = (
        a if a is not None else (float("-inf") if a_is_low else float("inf"))
    )
    fb: Decimal | float = (
        b if b is not None else (float("-inf") if b_is_low else float("inf"))
    )
    if isinstance(fa, float) or isinstance(fb, float):
        if fa == 0 or fb == 0:
            return Decimal(0)  # 0 * inf: the end is a limit, and the product stays 0
        sign = (1 if fa > 0 else -1) * (1 if fb > 0 else -1)
        return float("inf") * sign
    return fa * fb


def _div_ends(a: Decimal | None, b: Decimal | None, a_is_low: bool) -> Decimal | float:
    """Quotient of two interval ends, the divisor's interval not holding zero.

    An unbounded divisor end contributes its limit 0 (as the reciprocal does);
    an unbounded dividend end over a finite divisor is infinite.
    """
    if b is None:
        return Decimal(0)
    if a is None:
        sign = (-1 if a_is_low else 1) * (1 if b > 0 else -1)
        return float("inf") * sign
    return a / b


def _from_candidates(values: list[Decimal | float]) -> Interval:
    """The interval spanned by end products; an infinite one leaves that end open."""
    lo, hi = min(values), max(values)
    return Interval(
        None if isinstance(lo, float) else lo,
        None if isinstance(hi, float) else hi,
    )
