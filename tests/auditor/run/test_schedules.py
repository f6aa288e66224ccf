"""Schedule files: validation with file, line and field; periods; the bundled sets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.resources import schedules_dir
from auditor.run.schedules import (
    Task,
    load_schedules,
    parse_every,
    parse_schedules,
    summary_period,
    trigger_for,
    window_start,
)

NOW = datetime(2026, 11, 25, 10, 30, 15, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize("name", ["default.toml", "fast-demo.toml"])
def test_bundled_sets_are_valid(name: str) -> None:
    schedule = load_schedules(schedules_dir() / name)
    assert schedule.fleet_jobs()
    assert {j.task for j in schedule.jobs.values()} == set(Task)


@pytest.mark.parametrize(("text", "expected"), [
    ("90s", timedelta(seconds=90)), ("12h", timedelta(hours=12)), ("7d", timedelta(days=7)),
    ("2w", timedelta(weeks=2)), ("15m", timedelta(minutes=15)),
])
def test_every(text: str, expected: timedelta) -> None:
    assert parse_every(text) == expected


def test_problems_name_file_line_and_field() -> None:
    text = (
        '[jobs.fleet]\ntask = "audit_fleet"\ntier = "standard"\nevery = "5x"\n\n'
        '[jobs.summary]\ntask = "send_summary"\ncron = "0 3 * *"\ncolour = "red"\n\n'
        '[jobs.both]\ntask = "sweep_cases"\ncron = "0 3 * * *"\nevery = "1d"\n'
    )
    with pytest.raises(ConfigError) as info:
        parse_schedules(text, "s.toml")
    found = {(p.line, p.field) for p in info.value.problems}
    assert (1, "jobs.fleet.every") in found
    assert (6, "jobs.summary.cron") in found
    assert (6, "jobs.summary.colour") in found
    assert (11, "jobs.both") in found
    assert all(p.file == "s.toml" for p in info.value.problems)


def test_fleet_needs_tier_and_unknown_task_refused() -> None:
    with pytest.raises(ConfigError, match="1 problem"):
        parse_schedules('[jobs.a]\ntask = "audit_fleet"\nevery = "1d"\n', "x")
    with pytest.raises(ConfigError):
        parse_schedules('[jobs.a]\ntask = "crawl_everything"\nevery = "1d"\n', "x")


def test_job_names_are_matched_whole() -> None:
    """`$` would let a name end in a newline."""
    with pytest.raises(ConfigError) as info:
        parse_schedules('[jobs."sweep\\n"]\ntask = "sweep_cases"\nevery = "1d"\n', "x")
    assert "job name 'sweep\\n'" in info.value.problems[0].message


def test_every_without_start_runs_now_and_keeps_its_anchor() -> None:
    job = parse_schedules('[jobs.f]\ntask = "audit_fleet"\ntier = "t"\nevery = "90s"\n',
                          "x").jobs["f"]
    trigger = trigger_for(job, NOW)
    assert trigger.get_next_fire_time(None, NOW) == NOW
    later = NOW + timedelta(seconds=200)
    assert window_start(trigger, later) == NOW + timedelta(seconds=180)


def test_cron_window_is_the_latest_fire_time() -> None:
    job = parse_schedules('[jobs.f]\ntask = "audit_fleet"\ntier = "t"\ncron = "0 3 * * 1"\n',
                          "x").jobs["f"]
    trigger = trigger_for(job, NOW)
    assert window_start(trigger, NOW) == datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    assert summary_period(job, datetime(2026, 11, 23, 3, 0, tzinfo=UTC)) == "2026-W48"
    minutely = trigger_for(parse_schedules(
        '[jobs.f]\ntask = "audit_fleet"\ntier = "t"\ncron = "* * * * *"\n', "x").jobs["f"], NOW)
    assert window_start(minutely, NOW) == NOW.replace(second=0)


def test_start_anchors_an_interval() -> None:
    job = parse_schedules('[jobs.f]\ntask = "refresh_feeds"\nevery = "12h"\n'
                          'start = 2026-01-01T06:00:00Z\n', "x").jobs["f"]
    assert window_start(trigger_for(job, NOW), NOW) == datetime(2026, 11, 25, 6, tzinfo=UTC)


def test_cli_list_and_validate(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    code, out, _ = cli("schedules", "list", "--json")
    assert code == 0
    names = {j["name"] for j in json.loads(out)["jobs"]}
    assert "fleet-standard" in names
    bad = tmp_path / "bad.toml"
    bad.write_text('[jobs.x]\ntask = "audit_fleet"\ntier = "t"\nevery = "soon"\n')
    code, _, err = cli("schedules", "validate", str(bad))
    assert code == 2
    assert "bad.toml:1" in err and "jobs.x.every" in err
    code, out, _ = cli("schedules", "validate", str(schedules_dir() / "fast-demo.toml"))
    assert code == 0 and "valid" in out


@pytest.mark.parametrize(("cron", "weekday"), [("0 3 * * 1", "Monday"), ("0 3 * * 0", "Sunday"),
                                               ("0 3 * * 7", "Sunday"), ("0 3 * * 5", "Friday")])
def test_cron_weekdays_are_standard(cron: str, weekday: str) -> None:
    job = parse_schedules(f'[jobs.f]\ntask = "sweep_cases"\ncron = "{cron}"\n', "x").jobs["f"]
    fire = trigger_for(job, NOW).get_next_fire_time(None, NOW)
    assert fire is not None and fire.strftime("%A") == weekday
