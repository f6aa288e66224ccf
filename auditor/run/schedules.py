"""Schedule files: which jobs the daemon runs, and when.

A schedule file is data we own, so it loads into ``extra="forbid"`` models and every
problem is reported with the file, the line of its ``[jobs.NAME]`` table and the field::

    [jobs.fleet-standard]
    task = "audit_fleet"        # audit_fleet | refresh_feeds | sweep_cases | send_summary
    tier = "standard"           # audit_fleet: which tier; send_summary: whose fleets
    cron = "0 3 * * 1"          # five-field cron in UTC ...
    # every = "7d"              # ... or an interval: "90s", "15m", "12h", "7d", "2w"
    # start = 2026-01-05T03:00:00Z   # optional anchor; without it an `every` job
                                     # first runs when the daemon first starts

This module only parses and validates; :mod:`auditor.run.daemon` turns jobs into
APScheduler triggers, so the rules here are testable without a scheduler.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from auditor.errors import ConfigError, Problem
from auditor.models import UtcDatetime
from auditor.resources import schedules_dir
from auditor.settings import Settings

_EVERY = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # fullmatch: `$` accepts a final newline


class Task(StrEnum):
    AUDIT_FLEET = "audit_fleet"
    REFRESH_FEEDS = "refresh_feeds"
    SWEEP_CASES = "sweep_cases"
    SEND_SUMMARY = "send_summary"


def parse_every(text: str) -> timedelta:
    """ "90s", "12h", "7d" -> timedelta; raises ValueError naming the accepted forms."""
    match = _EVERY.match(text)
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"every = {text!r}: use a positive number and s, m, h, d or w "
                         "(e.g. 90s, 12h, 7d)")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday_names(field: str) -> str:
    """Cron weekday numbers (0 or 7 = Sunday) as names.

    Why: APScheduler 3's ``CronTrigger.from_crontab`` reads weekday numbers as
    0 = Monday, so ``0 3 * * 1`` would fire on Tuesdays; names are unambiguous.
    """
    parts = []
    for part in field.split(","):
        value, _, step = part.partition("/")
        value = re.sub(r"\d+", lambda m: _DAYS[int(m.group())] if int(m.group()) <= 7
                       else m.group(), value)
        parts.append(value + (f"/{step}" if step else ""))
    return ",".join(parts)


def cron_trigger(text: str) -> CronTrigger:
    """A five-field crontab string (UTC, standard weekday numbers) as an APScheduler trigger."""
    fields = text.split()
    if len(fields) != 5:
        raise ValueError(f"cron = {text!r}: expected five fields (minute hour day month weekday)")
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(minute=minute, hour=hour, day=day, month=month,
                           day_of_week=_weekday_names(weekday), timezone=UTC)
    except ValueError as exc:
        raise ValueError(f"cron = {text!r}: {exc}") from None


def check_cron(text: str) -> str:
    cron_trigger(text)
    return text


class Job(BaseModel):
    """One ``[jobs.NAME]`` table."""

    model_config = ConfigDict(extra="forbid")

    task: Task
    tier: str | None = None
    cron: str | None = None
    every: str | None = None
    start: UtcDatetime | None = None
    misfire_grace: str | None = Field(
        default=None, description="how late a run may still start, e.g. '1h'; default below"
    )
    description: str = ""

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else check_cron(value)

    @field_validator("every", "misfire_grace")
    @classmethod
    def _interval(cls, value: str | None) -> str | None:
        if value is not None:
            parse_every(value)
        return value

    @model_validator(mode="after")
    def _one_timing(self) -> Job:
        if (self.cron is None) == (self.every is None):
            raise ValueError("give exactly one of `cron` or `every`")
        if self.task is Task.AUDIT_FLEET and not self.tier:
            raise ValueError("an audit_fleet job needs a `tier`")
        if self.task in (Task.REFRESH_FEEDS, Task.SWEEP_CASES) and self.tier:
            raise ValueError(f"a {self.task.value} job takes no `tier`")
        return self

    @property
    def interval(self) -> timedelta | None:
        return parse_every(self.every) if self.every else None

    @property
    def misfire_grace_s(self) -> int:
        """Explicit grace, else half the interval capped at one hour (cron: one hour).

        Why: a run that is hours late should wait for its next slot instead of piling up,
        but a daemon restarted a few minutes after a slot still catches it.
        """
        if self.misfire_grace:
            return int(parse_every(self.misfire_grace).total_seconds())
        if self.interval is not None:
            return max(1, min(3600, int(self.interval.total_seconds() // 2)))
        return 3600

    def when(self) -> str:
        text = f"cron {self.cron}" if self.cron else f"every {self.every}"
        return text + (f" from {self.start:%Y-%m-%dT%H:%M:%SZ}" if self.start else "")

    def fingerprint(self) -> str:
        """Identity of the timing and task: a changed job is rescheduled, an unchanged kept."""
        return self.model_dump_json(exclude={"description"})


class ScheduleSet(BaseModel):
    """All jobs of one schedule file, by name."""

    model_config = ConfigDict(extra="forbid")

    jobs: dict[str, Job]
    source: str = Field(default="", exclude=True)

    @field_validator("jobs")
    @classmethod
    def _names(cls, value: dict[str, Job]) -> dict[str, Job]:
        for name in value:
            if not _NAME.fullmatch(name):
                raise ValueError(
                    f"job name {name!r}: 1-40 lowercase letters, digits, '-' or '_'"
                )
        if not value:
            raise ValueError("no [jobs.NAME] tables")
        return value

    def fleet_jobs(self, tier: str | None = None) -> dict[str, Job]:
        return {n: j for n, j in self.jobs.items()
                if j.task is Task.AUDIT_FLEET and (tier is None or j.tier == tier)}


def _job_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r'^\s*\[\s*jobs\.\s*"?([^"\]]+)"?\s*\]', line)
        if match:
            lines[match.group(1).strip()] = number
    return lines


def parse_schedules(text: str, source: str) -> ScheduleSet:
    """Validate schedule TOML text; ConfigError lists every problem with line and field."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}",
                          problems=[Problem(source, None, None, str(exc))]) from None
    try:
        return ScheduleSet.model_validate({**data, "source": source})
    except ValidationError as exc:
        lines = _job_lines(text)
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            job = loc[1] if len(loc) > 1 and loc[0] == "jobs" else None
            field = ".".join(loc[2:]) if len(loc) > 2 else (".".join(loc) or None)
            msg = err["msg"].removeprefix("Value error, ")
            if job and len(loc) == 2:
                field = None
            problems.append(Problem(source, lines.get(job) if job else None,
                                    f"jobs.{job}.{field}" if job and field else
                                    (f"jobs.{job}" if job else field), msg))
        raise ConfigError(
            f"{source}: {len(problems)} problem(s) in schedule file", problems=problems
        ) from None


def load_schedules(path: Path) -> ScheduleSet:
    if not path.is_file():
        raise ConfigError(f"schedule file {path} does not exist")
    return parse_schedules(path.read_text(encoding="utf-8"), str(path))


def schedule_path(settings: Settings, override: Path | None = None) -> Path:
    """--schedules FILE, else settings ``daemon.schedules``, else the bundled default."""
    if override is not None:
        return override
    if settings.daemon.schedules:
        named = Path(settings.daemon.schedules)
        bundled = schedules_dir() / named
        if not named.is_file() and bundled.is_file():
            return bundled  # a bare name such as "fast-demo.toml" picks a bundled set
        return named
    return schedules_dir() / "default.toml"


# --------------------------------------------------------------------------- periods

_LOOKBACKS = [timedelta(minutes=2), timedelta(hours=2), timedelta(days=2), timedelta(days=9),
              timedelta(days=33), timedelta(days=367)]


def period_label(job: str, start: datetime) -> str:
    """``job@20261130T030000Z``: sorts chronologically within a job."""
    return f"{job}@{start.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def trigger_for(job: Job, now: datetime) -> BaseTrigger:
    """The APScheduler trigger of a job; an ``every`` job without start starts `now`."""
    if job.cron:
        trigger = cron_trigger(job.cron)
        if job.start:
            trigger.start_date = job.start
        return trigger
    assert job.interval is not None
    return IntervalTrigger(seconds=int(job.interval.total_seconds()),
                           start_date=job.start or now, timezone=UTC)


def window_start(trigger: BaseTrigger, now: datetime) -> datetime:
    """The latest fire time at or before `now`: the start of the run's period."""
    if isinstance(trigger, IntervalTrigger):
        start: datetime = trigger.start_date.astimezone(UTC)
        if now <= start:
            return start
        step: timedelta = trigger.interval
        steps = (now - start) // step
        return start + steps * step
    for lookback in _LOOKBACKS:
        fire: datetime | None = trigger.get_next_fire_time(None, now - lookback)
        if fire is None or fire > now:
            continue
        while True:
            nxt: datetime | None = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
            if nxt is None or nxt > now:
                return fire.astimezone(UTC)
            fire = nxt
    return now.replace(second=0, microsecond=0)


def period_start(period: str) -> datetime:
    """The window start encoded in a ledger period label."""
    stamp = period.rsplit("@", 1)[1][:16]
    return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def summary_period(job: Job, start: datetime) -> str:
    """The calendar period a fleet run is summarised in: month, ISO week or day.

    Chosen by the job's cadence so a weekly fleet gets a weekly summary.
    """
    if job.interval is not None:
        step = job.interval
    else:
        trigger = trigger_for(job, start)
        first = trigger.get_next_fire_time(None, start)
        second = trigger.get_next_fire_time(first, (first or start) + timedelta(seconds=1))
        step = (second - first) if first and second else timedelta(days=1)
    if step >= timedelta(days=28):
        return f"{start:%Y-%m}"
    if step >= timedelta(days=7):
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start:%Y-%m-%d}"


def next_fire_times(job: Job, now: datetime, count: int = 1) -> list[datetime]:
    """The next `count` fire times of a job, as the daemon will compute them."""
    trigger = trigger_for(job, now)
    times: list[datetime] = []
    previous: datetime | None = None
    for _ in range(count):
        nxt = trigger.get_next_fire_time(previous, now if previous is None else previous)
        if nxt is None:
            break
        times.append(nxt.astimezone(UTC))
        previous = nxt
    return times
