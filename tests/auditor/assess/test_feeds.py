"""Violation-rate feeds: validation with line numbers, all or nothing, HTTPS fetch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from auditor.assess.feeds import import_feed, parse_feed, rates_for
from auditor.errors import FeedError, TargetRefused
from auditor.models import Organization
from auditor.registry import save_orgs
from auditor.settings import Settings, load_settings
from auditor.store import Store

NOW = datetime(2026, 11, 29, tzinfo=UTC)

GOOD = """\
org_id,period_start,period_end,requests,violations,category,source,extra_column
acme,2026-09-01,2026-09-30,10000,20,,feed-a,ignored
acme,2026-10-01,2026-10-31,12000,30,all,feed-a,ignored
beta,2026-10-01,2026-10-31,5000,400,self_harm,,ignored
"""

THREE_BAD = """\
org_id,period_start,period_end,requests,violations,category,source
acme,2026-09-01,2026-09-30,10000,20,all,x
acme,2026-10-01,2026-10-31,-5,0,all,x
beta,2026-10-01,2026-10-31,5000,400,all,x
beta,2026-11-01,2026-11-30,100,101,all,x
acme,2026-11-01,2026-11-30,9000,9,all,x
ghost,2026-11-01,2026-11-30,9000,9,all,x
"""


def _org(org_id: str) -> Organization:
    return Organization(id=org_id, name=org_id.title(), url=f"https://{org_id}.example/",
                        contact_email=f"ops@{org_id}.example", audience="under13")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = Store(settings.database_url)
    save_orgs(store, [_org("acme"), _org("beta")], NOW)
    yield store
    store.dispose()


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_csv_import_and_unknown_columns_ignored(store: Store, settings: Settings,
                                                tmp_path: Path) -> None:
    result = import_feed(store, _write(tmp_path, "f.csv", GOOD), settings)
    assert (result.imported, result.replaced, result.refused) == (3, 0, [])
    acme = rates_for(store, "acme")
    assert [r.category for r in acme] == ["all", "all"]
    assert acme[0].source == "feed-a" and acme[0].requests == 10000
    assert rates_for(store, "beta")[0].category == "self_harm"


def test_reimport_replaces_a_period(store: Store, settings: Settings, tmp_path: Path) -> None:
    import_feed(store, _write(tmp_path, "a.csv", GOOD), settings)
    changed = GOOD.replace("12000,30", "12000,31")
    result = import_feed(store, _write(tmp_path, "b.csv", changed), settings)
    assert result.replaced == 3
    acme = rates_for(store, "acme")
    assert len(acme) == 2 and acme[1].violations == 31


def test_three_bad_rows_refuse_everything(store: Store, settings: Settings,
                                          tmp_path: Path) -> None:
    with pytest.raises(FeedError) as info:
        import_feed(store, _write(tmp_path, "bad.csv", THREE_BAD), settings)
    lines = sorted({p.line for p in info.value.problems})
    assert lines == [3, 5, 7]
    fields = {p.line: p.field for p in info.value.problems}
    assert fields[3] == "requests" and fields[7] == "org_id"
    assert "violations exceed requests" in str(info.value.problems)
    assert rates_for(store, "acme") == [] and rates_for(store, "beta") == []


def test_skip_invalid_imports_the_rest(store: Store, settings: Settings, tmp_path: Path) -> None:
    result = import_feed(store, _write(tmp_path, "bad.csv", THREE_BAD), settings,
                         skip_invalid=True)
    assert result.imported == 3
    assert sorted({p.line for p in result.refused}) == [3, 5, 7]
    assert result.unknown_orgs == ["ghost"]
    assert len(rates_for(store, "acme")) == 2


def test_cli_exit_codes_name_the_lines(cli, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed = _write(tmp_path, "bad.csv", THREE_BAD)
    code, out, err = cli("feeds", "import", feed)
    assert code == 2
    for line in ("bad.csv:3", "bad.csv:5", "bad.csv:7"):
        assert line in err
    assert rates_for(store, "acme") == []
    code, out, err = cli("feeds", "import", feed, "--skip-invalid")
    assert code == 2  # something was refused, even though the rest went in
    assert "imported" in out and "3 period(s)" in out and "3 row(s) refused" in out
    assert "bad.csv:7" in err and "ghost" in err
    code, out, _ = cli("feeds", "show", "acme", "--json")
    assert code == 0 and '"period_start": "2026-11-01"' in out and '"state"' in out
    code, out, _ = cli("feeds", "import", _write(tmp_path, "good.csv", GOOD))
    assert code == 0


def test_jsonl_with_line_numbers(settings: Settings) -> None:
    text = (
        '{"org_id": "acme", "period_start": "2026-10-01", "period_end": "2026-10-31",'
        ' "requests": 10, "violations": 1, "note": "extra"}\n'
        "\n"
        "not json\n"
        '{"org_id": "acme", "period_start": "2026-10-31", "period_end": "2026-10-01",'
        ' "requests": 10, "violations": 1}\n'
        '{"org_id": "acme", "period_start": "2026-10-01", "period_end": "2026-10-31",'
        ' "requests": 10, "violations": 1}\n'
    )
    good, problems = parse_feed(text, "feed.jsonl")
    assert [line for line, _ in good] == [1]
    assert [p.line for p in problems] == [3, 4, 5]
    assert "duplicates the period on line 1" in problems[2].message


def test_missing_header_column_is_refused(settings: Settings) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed("org_id,period_start,period_end,requests\n", "f.csv")
    assert info.value.problems[0].field == "violations"


# --------------------------------------------------------------------------- HTTP


class _FeedServer:
    """A real loopback server: requires a bearer token and honours If-None-Match."""

    def __init__(self, body: str, token: str) -> None:
        self.seen: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.seen.append(dict(self.headers))
                if self.path == "/moved":
                    self.send_response(302)
                    self.send_header("Location", "/feed.csv")
                    self.end_headers()
                    return
                if self.headers.get("Authorization") != f"Bearer {token}":
                    self.send_response(401)
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/csv; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> _FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def test_url_with_token_and_304(store: Store, settings: Settings,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.feeds.token_env, "s3cret")
    with _FeedServer(GOOD, "s3cret") as server:
        first = import_feed(store, server.url + "/moved", settings)
        assert first.imported == 3 and not first.not_modified
        # the token went with the request, also after the same-host redirect
        assert server.seen[-1]["Authorization"] == "Bearer s3cret"
        second = import_feed(store, server.url + "/moved", settings)
        assert second.not_modified and second.imported == 0
        assert server.seen[-1]["If-None-Match"] == '"v1"'
    assert len(rates_for(store, "acme")) == 2


def test_url_refused_when_private_not_allowed(tmp_path: Path) -> None:
    strict = load_settings(data_dir=tmp_path / "strict")
    store = Store(strict.database_url)
    try:
        with pytest.raises(TargetRefused):
            import_feed(store, "https://127.0.0.1:9/feed.csv", strict)
        with pytest.raises(TargetRefused, match="plain http"):
            import_feed(store, "http://feeds.example/feed.csv", strict)
    finally:
        store.dispose()


def test_url_failed_import_keeps_no_validators(store: Store, settings: Settings,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.feeds.token_env, "s3cret")
    with _FeedServer(THREE_BAD, "s3cret") as server:
        with pytest.raises(FeedError):
            import_feed(store, server.url + "/feed.csv", settings)
        with pytest.raises(FeedError):  # fetched again in full: no 304 after a refusal
            import_feed(store, server.url + "/feed.csv", settings)
        assert "If-None-Match" not in server.seen[-1]
