"""The rate judgement: Wilson bounds, small volumes, thresholds, and the "continued" rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.assess.ratejudge import (
    Verdict,
    judge_period,
    judge_rates,
    state_rank,
    threshold_for,
    wilson_interval,
)
from auditor.models import RateState, ViolationRate
from auditor.settings import FeedSettings, RateThreshold

AS_OF = date(2026, 12, 1)
FEEDS = FeedSettings()  # high 2%, min 500 requests, 2 consecutive periods, 95%


def month(i: int) -> tuple[date, date]:
    """Adjoining 30-day periods counted back from AS_OF: month(0) is the latest."""
    end = AS_OF - timedelta(days=1 + 30 * i)
    return end - timedelta(days=29), end


def series(counts: list[tuple[int, int]], category: str = "all") -> list[ViolationRate]:
    """Oldest first: [(requests, violations), ...]."""
    n = len(counts)
    out = []
    for i, (req, vio) in enumerate(counts):
        start, end = month(n - 1 - i)
        out.append(ViolationRate(org_id="o", period_start=start, period_end=end,
                                 requests=req, violations=vio, category=category))
    return out


def judge(rates: list[ViolationRate], deadline: bool = False, feeds: FeedSettings = FEEDS,
          tier: str = "standard") -> RateState:
    return judge_rates(rates, tier=tier, feeds=feeds, as_of=AS_OF,
                       remediation_deadline_passed=deadline).state


# --------------------------------------------------------------------------- examples


def test_wilson_known_values() -> None:
    # one-sided 95%: z = 1.645; worked by hand for 10 of 100
    lower, upper = wilson_interval(10, 100, 0.95)
    assert lower == pytest.approx(0.0607, abs=5e-4)
    assert upper == pytest.approx(0.1604, abs=5e-4)
    assert wilson_interval(0, 0, 0.95) == (0.0, 1.0)
    assert wilson_interval(0, 50, 0.95)[0] == 0.0
    assert wilson_interval(50, 50, 0.95)[1] == 1.0


def test_no_data_is_insufficient() -> None:
    result = judge_rates([], tier="standard", feeds=FEEDS, as_of=AS_OF)
    assert result.state is RateState.INSUFFICIENT_DATA
    assert "no violation-rate data" in result.reason


def test_small_volume_with_alarming_ratio_is_not_judged() -> None:
    result = judge_rates(series([(40, 20)]), tier="standard", feeds=FEEDS, as_of=AS_OF)
    assert result.state is RateState.INSUFFICIENT_DATA
    assert "below the minimum 500" in result.reason


def test_raw_ratio_above_threshold_is_not_enough() -> None:
    # 13/500 = 2.6% raw, but the 95% lower bound is about 1.7%: not confidently high
    verdict = judge_period(series([(500, 13)])[0], FEEDS.default)
    assert verdict.verdict is Verdict.NORMAL
    assert verdict.lower < 0.02 < verdict.rate.rate


def test_high_then_continued() -> None:
    assert judge(series([(10_000, 50), (10_000, 400)])) is RateState.HIGH
    assert judge(series([(10_000, 400), (10_000, 400)])) is RateState.CONTINUED_HIGH


def test_continued_after_deadline_even_for_one_high_period() -> None:
    assert judge(series([(10_000, 400)]), deadline=True) is RateState.CONTINUED_HIGH
    assert judge(series([(10_000, 10)]), deadline=True) is RateState.NORMAL


def test_a_gap_breaks_the_run() -> None:
    rates = series([(10_000, 400), (10_000, 400)])
    early = rates[0].model_copy(update={
        "period_start": rates[0].period_start - timedelta(days=90),
        "period_end": rates[0].period_end - timedelta(days=90),
    })
    assert judge([early, rates[1]]) is RateState.HIGH


def test_an_unjudged_period_breaks_the_run() -> None:
    assert judge(series([(10_000, 400), (100, 50), (10_000, 400)])) is RateState.HIGH


def test_periods_after_as_of_are_ignored() -> None:
    rates = series([(10_000, 10)])
    future = ViolationRate(org_id="o", period_start=AS_OF + timedelta(days=5),
                           period_end=AS_OF + timedelta(days=30), requests=10_000,
                           violations=5_000)
    assert judge([*rates, future]) is RateState.NORMAL


def test_worst_category_decides() -> None:
    rates = series([(10_000, 10)]) + series([(2_000, 200)], category="self_harm")
    result = judge_rates(rates, tier="standard", feeds=FEEDS, as_of=AS_OF)
    assert result.state is RateState.HIGH
    assert result.category == "self_harm"
    assert result.lower_bound is not None and result.lower_bound > 0.02


def test_thresholds_most_specific_first() -> None:
    strict = RateThreshold(high_rate=0.001, min_requests=10)
    feeds = FeedSettings(
        tiers={"enterprise": RateThreshold(high_rate=0.05)},
        categories={"csam": strict, "enterprise:csam": RateThreshold(high_rate=0.0001)},
    )
    assert threshold_for(feeds, "standard", "all") == feeds.default
    assert threshold_for(feeds, "enterprise", "all").high_rate == 0.05
    assert threshold_for(feeds, "standard", "csam") is strict
    assert threshold_for(feeds, "enterprise", "csam").high_rate == 0.0001
    # 3% is high by default but not for the enterprise tier
    rates = series([(10_000, 300)])
    assert judge(rates) is RateState.HIGH
    assert judge(rates, feeds=feeds, tier="enterprise") is RateState.NORMAL


# --------------------------------------------------------------------------- properties

counts = st.integers(min_value=0, max_value=5_000).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))
)
confidences = st.sampled_from([0.8, 0.9, 0.95, 0.99])
thresholds = st.builds(
    RateThreshold,
    high_rate=st.floats(min_value=0.001, max_value=0.5),
    min_requests=st.integers(min_value=1, max_value=2_000),
    consecutive_periods=st.integers(min_value=1, max_value=4),
    confidence=confidences,
)


@given(counts, confidences)
def test_wilson_bounds_contain_the_ratio(nv: tuple[int, int], conf: float) -> None:
    n, v = nv
    lower, upper = wilson_interval(v, n, conf)
    assert 0.0 <= lower <= upper <= 1.0
    if n:
        assert lower <= v / n <= upper


@given(counts, confidences)
def test_wilson_monotonic_in_violations(nv: tuple[int, int], conf: float) -> None:
    n, v = nv
    if v < n:
        lo1, up1 = wilson_interval(v, n, conf)
        lo2, up2 = wilson_interval(v + 1, n, conf)
        assert lo2 >= lo1 and up2 >= up1


@given(st.integers(1, 5_000), st.floats(0.0, 1.0), confidences)
def test_wilson_lower_bound_tightens_with_volume(n: int, share: float, conf: float) -> None:
    """The same observed ratio over ten times the volume never gives a looser lower bound."""
    v = round(share * n)
    assert wilson_interval(10 * v, 10 * n, conf)[0] >= wilson_interval(v, n, conf)[0] - 1e-12


@given(counts, thresholds)
def test_below_min_requests_never_high(nv: tuple[int, int], t: RateThreshold) -> None:
    n, v = nv
    rate = ViolationRate(org_id="o", period_start=AS_OF, period_end=AS_OF, requests=n,
                         violations=v)
    verdict = judge_period(rate, t).verdict
    if n < t.min_requests:
        assert verdict is Verdict.INSUFFICIENT
    else:
        assert verdict is not Verdict.INSUFFICIENT


@given(counts, thresholds)
def test_high_only_when_the_lower_bound_clears(nv: tuple[int, int], t: RateThreshold) -> None:
    n, v = nv
    rate = ViolationRate(org_id="o", period_start=AS_OF, period_end=AS_OF, requests=n,
                         violations=v)
    j = judge_period(rate, t)
    if j.verdict is Verdict.HIGH:
        assert j.lower > t.high_rate and v / n > t.high_rate


period_lists = st.lists(counts, min_size=1, max_size=6)


@settings(max_examples=200)
@given(period_lists, st.data(), st.booleans())
def test_more_violations_never_lowers_the_state(
    periods: list[tuple[int, int]], data: st.DataObject, deadline: bool
) -> None:
    i = data.draw(st.integers(0, len(periods) - 1))
    n, v = periods[i]
    more = data.draw(st.integers(v, n))
    worse = list(periods)
    worse[i] = (n, more)
    before, after = judge(series(periods), deadline), judge(series(worse), deadline)
    assert state_rank(after) >= state_rank(before)
    # requests decide whether a period is judged; violations never do
    assert (before is RateState.INSUFFICIENT_DATA) == (after is RateState.INSUFFICIENT_DATA)


@given(period_lists, st.booleans())
def test_continued_rule(periods: list[tuple[int, int]], deadline: bool) -> None:
    rates = series(periods)
    t = FEEDS.default
    verdicts = [judge_period(r, t).verdict for r in rates]
    run = 0
    for v in reversed(verdicts):
        if v is not Verdict.HIGH:
            break
        run += 1
    state = judge(rates, deadline)
    if verdicts[-1] is not Verdict.HIGH:
        assert state in (RateState.NORMAL, RateState.INSUFFICIENT_DATA)
    elif run >= t.consecutive_periods or deadline:
        assert state is RateState.CONTINUED_HIGH
    else:
        assert state is RateState.HIGH


@given(period_lists)
def test_the_deadline_only_ever_raises(periods: list[tuple[int, int]]) -> None:
    rates = series(periods)
    assert state_rank(judge(rates, True)) >= state_rank(judge(rates, False))
