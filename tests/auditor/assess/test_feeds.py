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


# --------------------------------------------------------------------------- hostile rows

HUGE = "9" * 5000
OVER = str(2**63 + 1)


def test_hostile_csv_rows_are_refused_one_by_one(store: Store, settings: Settings,
                                                 tmp_path: Path) -> None:
    """A 5000-digit number, a count above 2^63 and a 200 KB field each refuse their own
    row with its line; the rest of the feed imports with --skip-invalid."""
    text = (
        "org_id,period_start,period_end,requests,violations,category,source\n"
        "acme,2026-09-01,2026-09-30,10000,20,all,ok\n"
        f"acme,2026-10-01,2026-10-31,{HUGE},20,all,huge\n"
        f"acme,2026-11-01,2026-11-30,{OVER},20,all,over\n"
        f"beta,2026-10-01,2026-10-31,5000,400,all,{'x' * 200_000}\n"
        "beta,2026-11-01,2026-11-30,5000,40,all,ok\n"
    )
    feed = _write(tmp_path, "hostile.csv", text)
    with pytest.raises(FeedError) as info:
        import_feed(store, feed, settings)
    assert sorted({p.line for p in info.value.problems}) == [3, 4, 5]
    assert rates_for(store, "acme") == []
    result = import_feed(store, feed, settings, skip_invalid=True)
    assert result.imported == 2 and sorted({p.line for p in result.refused}) == [3, 4, 5]
    assert [r.requests for r in rates_for(store, "acme")] == [10000]


def test_hostile_jsonl_rows_are_refused_one_by_one(store: Store, settings: Settings,
                                                   tmp_path: Path) -> None:
    def row(requests: str, start: str = "2026-10-01") -> str:
        return ('{"org_id": "acme", "period_start": "' + start + '", "period_end": '
                '"2026-10-31", "requests": ' + requests + ', "violations": 1}')

    lines = [row("100", "2026-10-02"), row(HUGE), row(OVER), row("[" * 100_000 + "]" * 100_000),
             row('"' + "y" * 100_000 + '"'), row("1e999999"), row("200", "2026-10-03")]
    feed = _write(tmp_path, "hostile.jsonl", "\n".join(lines) + "\n")
    result = import_feed(store, feed, settings, skip_invalid=True)
    assert result.imported == 2
    assert sorted({p.line for p in result.refused}) == [2, 3, 4, 5, 6]
    assert all(p.file == feed for p in result.refused)


def test_feed_size_limits_are_settings_with_a_clear_error(store: Store, tmp_path: Path) -> None:
    small = load_settings(data_dir=tmp_path / "data", feeds={"max_rows": 2, "max_bytes": 4096})
    with pytest.raises(FeedError, match=r"more than 2 rows.*feeds\.max_rows"):
        import_feed(store, _write(tmp_path, "three.csv", GOOD), small, skip_invalid=True)
    big = GOOD + "".join(f"acme,2025-{m:02d}-01,2025-{m:02d}-02,1,0,x{i},{'s' * 60}\n"
                         for m in range(1, 13) for i in range(10))
    with pytest.raises(FeedError, match="larger than 4096 bytes"):
        import_feed(store, _write(tmp_path, "big.csv", big), small, skip_invalid=True)
    assert rates_for(store, "acme") == []


def test_refresh_keeps_going_after_a_bad_feed(store: Store, settings: Settings,
                                              tmp_path: Path) -> None:
    from auditor.assess.feeds import refresh_feeds

    with _FeedServer(GOOD, "t") as good:
        bad_text = GOOD.replace("12000,30", f"{OVER},30")
        with _FeedServer(bad_text, "t") as bad:
            os_env = {settings.feeds.token_env: "t"}
            with pytest.MonkeyPatch.context() as mp:
                for k, v in os_env.items():
                    mp.setenv(k, v)
                both = settings.model_copy(update={"feeds": settings.feeds.model_copy(
                    update={"urls": [bad.url + "/feed.csv", "http://127.0.0.1:9/gone.csv",
                                     good.url + "/feed.csv"]})})
                results = refresh_feeds(store, both)
    assert [type(r).__name__ for r in results] == ["FeedImport", "FetchError", "FeedImport"]
    assert results[0].imported == 2 and results[0].refused[0].line == 3  # type: ignore[union-attr]
    assert results[2].imported == 3  # type: ignore[union-attr]


# --------------------------------------------------------------------------- hostile hosts


def test_a_feed_host_rebinding_to_a_forbidden_address_is_refused(
        cli, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.auditor.loopback import html, rebind, twin_sites

    canary, allowed = twin_sites("127.0.0.1", "127.0.0.2")
    try:
        canary.page("/feed.csv", GOOD, ctype="text/csv")
        allowed.page("/feed.csv", GOOD, ctype="text/csv")
        canary.page("/", html("x", "x"))
        monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS", "false")
        monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_NETWORKS", "127.0.0.2/32")
        monkeypatch.setenv("AUDITOR_CRAWL_RETRIES", "0")
        rebind(monkeypatch, "feeds.rebind.test", "127.0.0.2", "127.0.0.1")
        code, out, err = cli("feeds", "import", f"http://feeds.rebind.test:{canary.port}/feed.csv")
        assert canary.hits == {}, "a request reached the forbidden address"
        assert code == 2, (out, err)
        assert "127.0.0.1 is loopback" in err
    finally:
        canary.close()
        allowed.close()
    assert rates_for(store, "acme") == []


def test_a_double_gzip_feed_ends_in_a_clear_error(
        cli, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import tracemalloc

    from tests.auditor.loopback import Site, double_gzip_bomb

    site = Site()
    try:
        site.page("/feed.csv", double_gzip_bomb(100 * 1024 * 1024), ctype="text/csv",
                  headers={"Content-Encoding": "gzip, gzip"})
        monkeypatch.setenv("AUDITOR_CRAWL_ALLOW_PRIVATE_NETWORKS", "true")
        tracemalloc.start()
        try:
            code, _out, err = cli("feeds", "import", f"{site.url}/feed.csv")
            _now, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        site.close()
    assert peak < 32 * 1024 * 1024, f"peak {peak} bytes"
    assert code == 2 and "bomb guard" in err and "nothing imported" in err


def test_a_feed_of_many_bad_rows_names_the_first_ones(cli, store: Store,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path) -> None:
    rows = "".join(f"acme,2026-10-01,2026-10-31,{HUGE},1,c{i},x\n" for i in range(500))
    feed = _write(tmp_path, "many.csv", "org_id,period_start,period_end,requests,violations,"
                  "category,source\n" + rows)
    code, _out, err = cli("feeds", "import", feed)
    assert code == 2 and "500 row(s) refused" in err and "and 480 more)" in err
    assert "many.csv:2 [requests]" in err and "... and 400 more" in err
    assert len(err.splitlines()) < 110
