"""Judging violation rates: is an org's rate high, and has it stayed high?

Pure functions over `ViolationRate` rows and the `feeds` settings; the clock is passed in.

Why a confidence bound: a raw ratio from a small volume swings wildly (1 violation in
20 requests is "5%"). A period is only judged when it has at least ``min_requests``
requests, and then it is "high" only when the *lower* Wilson score bound of its rate
is above ``high_rate``: we are ``confidence`` sure (one-sided) that the true rate is
above the threshold. Anything else is "normal", with both bounds in the reason.

Why "continued": the policy's consequence is for a *continued* high rate. A category
is ``continued_high`` when its last ``consecutive_periods`` periods are all high and
adjoin each other (a gap or an unjudged period breaks the run), or when its latest
period is still high after a remediation deadline has passed.

Thresholds are looked up most specific first: ``feeds.categories["TIER:CATEGORY"]``,
``feeds.categories["CATEGORY"]``, ``feeds.tiers["TIER"]``, then ``feeds.default``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import NormalDist

from auditor.models import RateState, ViolationRate, ViolationRateAssessment
from auditor.settings import FeedSettings, RateThreshold

__all__ = [
    "PeriodJudgement",
    "Verdict",
    "judge_period",
    "judge_rates",
    "state_rank",
    "threshold_for",
    "wilson_interval",
]


class Verdict(StrEnum):
    """One period's verdict, before the "continued" rule looks across periods."""

    HIGH = "high"
    NORMAL = "normal"
    INSUFFICIENT = "insufficient"


_RANK = {
    RateState.INSUFFICIENT_DATA: 0,
    RateState.NORMAL: 1,
    RateState.HIGH: 2,
    RateState.CONTINUED_HIGH: 3,
}


def state_rank(state: RateState) -> int:
    """Order of severity; insufficient data ranks lowest because it proves nothing."""
    return _RANK[state]


def threshold_for(feeds: FeedSettings, tier: str, category: str) -> RateThreshold:
    """The most specific threshold configured for this tier and category."""
    for key in (f"{tier}:{category}", category):
        if key in feeds.categories:
            return feeds.categories[key]
    return feeds.tiers.get(tier, feeds.default)


def wilson_interval(violations: int, requests: int, confidence: float) -> tuple[float, float]:
    """One-sided Wilson score bounds (lower, upper) of a binomial proportion.

    Each bound holds at ``confidence`` on its own side; ``requests == 0`` gives (0, 1).
    """
    if requests <= 0:
        return 0.0, 1.0
    if not 0 <= violations <= requests:
        raise ValueError("violations must be between 0 and requests")
    z = NormalDist().inv_cdf(confidence)
    n = float(requests)
    p = violations / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lower = 0.0 if violations == 0 else min(max(centre - half, 0.0), p)
    upper = 1.0 if violations == requests else max(min(centre + half, 1.0), p)
    return lower, upper


@dataclass(frozen=True)
class PeriodJudgement:
    rate: ViolationRate
    verdict: Verdict
    lower: float
    upper: float
    threshold: RateThreshold


def judge_period(rate: ViolationRate, threshold: RateThreshold) -> PeriodJudgement:
    """High only when enough requests were seen and the lower bound clears the threshold."""
    lower, upper = wilson_interval(rate.violations, rate.requests, threshold.confidence)
    if rate.requests < threshold.min_requests:
        verdict = Verdict.INSUFFICIENT
    elif lower > threshold.high_rate:
        verdict = Verdict.HIGH
    else:
        verdict = Verdict.NORMAL
    return PeriodJudgement(rate, verdict, lower, upper, threshold)


def _adjoins(earlier: ViolationRate, later: ViolationRate) -> bool:
    return later.period_start <= earlier.period_end + timedelta(days=1)


def _trailing_high(series: list[PeriodJudgement]) -> int:
    """How many periods at the end of the series are high and adjoin each other."""
    run = 0
    for i in range(len(series) - 1, -1, -1):
        if series[i].verdict is not Verdict.HIGH:
            break
        if run and not _adjoins(series[i].rate, series[i + 1].rate):
            break
        run += 1
    return run


@dataclass(frozen=True)
class _CategoryState:
    category: str
    state: RateState
    latest: PeriodJudgement
    run: int


def _judge_category(
    category: str, series: list[PeriodJudgement], deadline_passed: bool
) -> _CategoryState:
    latest = series[-1]
    run = _trailing_high(series)
    if latest.verdict is Verdict.INSUFFICIENT:
        state = RateState.INSUFFICIENT_DATA
    elif latest.verdict is Verdict.NORMAL:
        state = RateState.NORMAL
    elif run >= latest.threshold.consecutive_periods or deadline_passed:
        state = RateState.CONTINUED_HIGH
    else:
        state = RateState.HIGH
    return _CategoryState(category, state, latest, run)


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%"


def _reason(c: _CategoryState, deadline_passed: bool) -> str:
    j = c.latest
    r = j.rate
    t = j.threshold
    period = f"{r.period_start.isoformat()}..{r.period_end.isoformat()}"
    where = f"category {c.category!r}, period {period}"
    figures = (
        f"{r.violations} of {r.requests} requests ({_pct(r.rate)}; "
        f"{int(t.confidence * 100)}% bounds {_pct(j.lower)}-{_pct(j.upper)})"
    )
    if c.state is RateState.INSUFFICIENT_DATA:
        return (
            f"{where}: only {r.requests} requests, below the minimum {t.min_requests}; "
            "not judged"
        )
    if c.state is RateState.NORMAL:
        return (
            f"{where}: {figures}; not confidently above the threshold {_pct(t.high_rate)}"
        )
    if c.state is RateState.HIGH:
        return f"{where}: {figures}; lower bound above the threshold {_pct(t.high_rate)}"
    why = (
        f"high in {c.run} consecutive periods (rule: {t.consecutive_periods})"
        if c.run >= t.consecutive_periods
        else "still high after the remediation deadline passed"
    )
    if deadline_passed and c.run >= t.consecutive_periods:
        why += ", and the remediation deadline has passed"
    return f"{where}: {figures}; {why}"


def judge_rates(
    rates: Iterable[ViolationRate],
    *,
    tier: str,
    feeds: FeedSettings,
    as_of: date | datetime,
    remediation_deadline_passed: bool = False,
) -> ViolationRateAssessment:
    """The org's rate state: the worst state over its categories.

    Periods that start after ``as_of`` are ignored (a what-if run must not see the
    future). Each category is judged on its latest period; the "continued" rule looks
    back along that category's series.
    """
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    usable = sorted(
        (r for r in rates if r.period_start <= day),
        key=lambda r: (r.period_start, r.period_end, r.category),
    )
    if not usable:
        return ViolationRateAssessment(
            state=RateState.INSUFFICIENT_DATA, reason="no violation-rate data for this org"
        )
    by_category: dict[str, list[PeriodJudgement]] = defaultdict(list)
    for r in usable:
        by_category[r.category].append(judge_period(r, threshold_for(feeds, tier, r.category)))
    states = [
        _judge_category(cat, series, remediation_deadline_passed)
        for cat, series in sorted(by_category.items())
    ]
    worst = max(
        states,
        key=lambda c: (state_rank(c.state), c.category == "all", c.latest.lower),
    )
    j = worst.latest
    return ViolationRateAssessment(
        state=worst.state,
        reason=_reason(worst, remediation_deadline_passed),
        latest_rate=j.rate.rate,
        lower_bound=j.lower,
        upper_bound=j.upper,
        threshold=j.threshold.high_rate,
        periods=usable,
        category=worst.category,
        consecutive_high=worst.run,
        min_requests=j.threshold.min_requests,
        confidence=j.threshold.confidence,
    )
