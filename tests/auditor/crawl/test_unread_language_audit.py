"""Through the real crawl of a loopback site: pages in a language the detectors do not
read carry that language, and the audit hands the children's notice to a person
instead of failing the organization for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.auditor.loopback import Site, html

HOME = ("<h1>Compiti e storie</h1><p>Il nostro amico di studio aiuta i bambini con la "
        "lettura e la matematica, un passo alla volta, e i genitori ricevono ogni "
        "settimana un riepilogo dei progressi.</p><a href='/privacy'>Informativa</a>")
PRIVACY = ("<h1>Informativa sulla privacy</h1><p>Raccogliamo il nome del bambino e "
           "l'indirizzo di posta di un genitore solo dopo il consenso verificabile del "
           "genitore, che può chiederci in ogni momento di vedere o cancellare questi "
           "dati. Non vendiamo i dati a nessuno e li conserviamo solo per il tempo "
           "necessario.</p>")


def _audit(site: Site, cli: Any, tmp_path: Path) -> dict[str, Any]:
    orgs = tmp_path / "orgs.toml"
    orgs.write_text(f'[[orgs]]\nid = "fiaba"\nname = "Fiaba"\nurl = "{site.url}/"\n'
                    'contact_email = "t@example.com"\naudience = "under13"\n')
    assert cli("orgs", "import", str(orgs))[0] == 0
    code, out, err = cli("audit", "fiaba", "--allow-private", "--json")
    assert code in (0, 1), err
    return json.loads(out)


def test_an_italian_site_is_reviewed_not_failed(
        site: Site, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    site.page("/", html("Fiaba", HOME))
    site.page("/privacy", html("Informativa sulla privacy", PRIVACY))
    report = _audit(site, cli, tmp_path)
    found = {f["check_id"]: f for f in report["assessment"]["findings"]}
    notice = found["coppa.notice_published"]
    assert notice["status"] == "needs_review", notice["reason"]
    assert "Italian" in notice["reason"]
    assert {e["url"] for e in notice["evidence"]} == {f"{site.url}/", f"{site.url}/privacy"}


def test_the_same_site_in_english_still_fails(
        site: Site, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUDITOR_CRAWL_BROWSER", "never")
    site.page("/", html("Fable", "<h1>Homework and stories</h1><p>Our study buddy helps "
                                 "with reading and maths, one step at a time, and parents "
                                 "get a weekly summary of progress.</p>"
                                 "<a href='/privacy'>Privacy</a>"))
    site.page("/privacy", html("Privacy", "<h1>Privacy</h1><p>We keep the data we need to "
                                          "run the service and never sell it.</p>"))
    report = _audit(site, cli, tmp_path)
    found = {f["check_id"]: f for f in report["assessment"]["findings"]}
    assert found["coppa.notice_published"]["status"] == "fail"
