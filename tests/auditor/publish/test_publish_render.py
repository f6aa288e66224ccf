"""Escaping, links, strictness and the decisions the view models make."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from auditor.errors import ConfigError, RenderError
from auditor.models import Message, Status
from auditor.publish import examples as X
from auditor.publish.letters import case_message
from auditor.publish.outbox import backoff
from auditor.publish.regressions import compare, sort_findings
from auditor.publish.render import environment, is_http_url, md_escape, render
from auditor.publish.summary import period_bounds
from auditor.publish.views import report_view
from auditor.settings import Settings, load_settings


def _from_string(source: str, name: str, **ctx: object) -> str:
    env = environment()
    template = env.from_string(source)
    template.name = name  # escaping is chosen by file name, as for files
    return template.render(**ctx)


@pytest.mark.parametrize("url", ["https://a.example/x?y=1", "http://a.example"])
def test_http_urls_become_links(url: str) -> None:
    html = _from_string("{{ u | safe_url }}", "t.html.j2", u=url)
    assert html.startswith('<a href="http') and 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                 "data:text/html,<b>x</b>", "//evil.example/x", "ftp://a/b",
                                 "https://a.example/\nx", "vbscript:x"])
def test_other_urls_stay_text(url: str) -> None:
    assert not is_http_url(url)
    html = _from_string("{{ u | safe_url }}", "t.html.j2", u=url)
    assert "<a " not in html and "<b>" not in html
    md = _from_string("{{ u | safe_url }}", "t.md.j2", u=url)
    assert "](" not in md


def test_markdown_expressions_are_escaped_automatically() -> None:
    out = _from_string("{{ s }} {{ u | safe_url }}", "t.md.j2",
                       s="<img src=x onerror=alert(1)> [click](javascript:x) *b* | c",
                       u="https://a.example/a_(b)")
    assert "<img" not in out and "&lt;img" in out
    assert r"\[click\]\(javascript:x\)" in out and r"\*b\*" in out and r"\|" in out
    assert "[https://a.example/a\\_\\(b\\)](<https://a.example/a_%28b%29>)" in out
    assert md_escape("line\nbreak") == "line break"


def test_text_templates_are_plain() -> None:
    assert _from_string("{{ s }}", "t.txt.j2", s="<b>&</b>") == "<b>&</b>"


def test_missing_view_field_is_a_render_error() -> None:
    with pytest.raises(RenderError):
        render("report.html.j2", r={"org_name": "x"})


def test_findings_sort_worst_first() -> None:
    ordered = [f.status for f in sort_findings(X.assessment().findings)]
    assert ordered == [Status.FAIL, Status.FAIL, Status.NEEDS_REVIEW, Status.BLOCKED,
                       Status.PASS]


def test_changes_since_previous_audit() -> None:
    changes = compare(X.assessment(), X.assessment(previous=True))
    assert [c.check_id for c in changes.regressed] == ["coppa.notice_prominent",
                                                       "disclosure.ai_in_product"]
    assert [c.check_id for c in changes.resolved] == ["safeguards.reporting"]
    assert changes.new == []
    assert [c.detail for c in changes.disappeared] == [
        "Sparky is an AI helper, not a real person."]
    assert not compare(X.assessment(), None).has_previous


def test_case_deadline_overdue_is_decided_in_python(settings: Settings) -> None:
    case = X.case().model_copy(update={"deadline": X.NOW - timedelta(days=3)})
    view = report_view(X.organization(), X.assessment(), snapshot=None, case=case,
                       previous=None, now=X.NOW)
    assert view.case is not None and view.case.overdue
    assert view.case.deadline_note == "overdue by 3 days"
    assert [t.tone for t in view.tiles if t.label == "Case"] == ["bad"]


def test_headers_refuse_cr_lf_and_addresses_are_validated(tmp_path: object) -> None:
    good = dict(idempotency_key="k", message_id="<a@b.example>", kind="x",
                to=["a@b.example"], sender="c@d.example", subject="s", text="t", html="h",
                created_at=X.NOW)
    Message(**good)  # type: ignore[arg-type]
    for field, bad in [("subject", "hi\r\nBcc: victim@x.example"), ("to", ["a@b\n.example"]),
                       ("sender", "not an address"), ("message_id", "<a@b>\nX: y")]:
        with pytest.raises(ValidationError):
            Message(**{**good, field: bad})  # type: ignore[arg-type]


def test_org_name_with_newline_does_not_reach_a_header(settings: Settings) -> None:
    org = X.organization().model_copy(update={"name": "Evil\r\nBcc: victim@x.example"})
    message = case_message(X.case(), org, X.assessment(), settings, "Dana", X.NOW)
    assert "\n" not in message.subject and "\r" not in message.subject


def test_bad_sender_setting_is_a_config_error(tmp_path: object) -> None:
    settings = load_settings(mail={"from": "audits at example"}, now=X.NOW)
    with pytest.raises(ConfigError, match="sender"):
        case_message(X.case(), X.organization(), X.assessment(), settings, "Dana", X.NOW)


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(50) == timedelta(hours=6)


@pytest.mark.parametrize("period,days", [("2026-W49", 7), ("2026-11", 30), ("2026-02", 28),
                                         ("2026-11-30", 1), ("2026-11-30-demo", 1)])
def test_periods(period: str, days: int) -> None:
    start, end = period_bounds(period)
    assert (end - start).days == days


def test_bad_period_is_refused() -> None:
    with pytest.raises(ConfigError):
        period_bounds("last week")


def test_empty_summary_recipients_are_a_config_error(tmp_path: object) -> None:
    from auditor.publish.summary import build_summary
    from auditor.store import Store

    settings = load_settings(mail={"summary_to": ""}, now=X.NOW)
    with pytest.raises(ConfigError, match="summary_to"):
        build_summary(Store(settings.database_url), settings, "2026-11", X.NOW)


def test_report_names_the_crawl_when_a_snapshot_is_given() -> None:
    from auditor.models import Page, SiteSnapshot

    snap = SiteSnapshot(org_id="brightpath", started_at=X.NOW, finished_at=X.NOW,
                        pages=[Page(url="https://brightpath.example/",
                                    final_url="https://brightpath.example/", fetched_at=X.NOW)])
    view = report_view(X.organization(), X.assessment(), snapshot=snap, case=None,
                       previous=None, now=X.NOW)
    assert view.crawl_note.startswith("1 of 1 pages read")
    assert view.case is None and not view.changes.has_previous
