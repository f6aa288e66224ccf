"""The outbox against a real SMTP server (STARTTLS with a test CA, AUTH required)."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from auditor.models import CaseState
from auditor.publish import examples as X
from auditor.publish.letters import case_message
from auditor.publish.outbox import enqueue, flush, list_messages
from auditor.publish.summary import build_summary
from auditor.settings import Settings, load_settings
from auditor.store import Store
from tests.auditor.publish.publishkit import SmtpServer


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    server = SmtpServer(tmp_path)
    server.start()
    yield server
    server.stop()


def _settings(tmp_path: Path, url: str) -> Settings:
    return load_settings(data_dir=tmp_path / "data", testing=True, now=X.NOW,
                         mail={"url": url, "from": "audits@auditor.example",
                               "summary_to": "ts-team@auditor.example,lead@auditor.example",
                               "max_attempts": 5, "timeout_s": 5})


def _parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _parts(msg: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in msg.iter_parts()}


def test_letter_and_summary_arrive_over_starttls_with_auth(tmp_path: Path,
                                                           smtp: SmtpServer) -> None:
    settings = _settings(tmp_path, smtp.url)
    store = Store(settings.database_url)
    X.seed_store(store)
    letter = case_message(X.case(), X.organization(), X.assessment(), settings,
                          "Dana Whitfield", X.NOW)
    summary = build_summary(store, settings, "2026-11", X.NOW)
    assert enqueue(store, letter) and enqueue(store, summary)

    result = flush(store, settings, X.NOW)

    assert result.sent == [letter.idempotency_key, summary.idempotency_key]
    assert smtp.inbox.logins == ["auditor", "auditor"]
    got = {(_parse(raw)["Message-ID"]): (frm, to, _parse(raw))
           for frm, to, raw in smtp.inbox.messages}
    frm, to, msg = got[letter.message_id]
    assert frm == "audits@auditor.example" and to == ["compliance@brightpath.example"]
    assert msg["From"] == "audits@auditor.example"
    assert msg["To"] == "compliance@brightpath.example"
    assert msg["Subject"] == "Action required: safeguards for minors on Brightpath Tutors"
    assert msg.get_content_type() == "multipart/alternative"
    parts = _parts(msg)
    assert set(parts) == {"text/plain", "text/html"}
    assert "automated compliance audit and was approved for" in parts["text/plain"]
    assert "sending by Dana Whitfield" in parts["text/plain"]
    assert "Dana Whitfield" in parts["text/html"]
    assert "Disclosure Requirements" in parts["text/plain"]
    assert "schema_version: 1" in parts["text/plain"]  # the attestation template

    frm, to, msg = got[summary.message_id]
    assert to == ["ts-team@auditor.example", "lead@auditor.example"]
    assert msg["Subject"].startswith("Compliance summary 2026-11:")
    parts = _parts(msg)
    assert "FLEET BY RATING" in parts["text/plain"]
    assert 'bgcolor="#d9534f"' in parts["text/html"]  # bars are table cells
    assert [m.status.value for m in list_messages(store)] == ["sent", "sent"]


def test_server_down_keeps_messages_queued_then_sends_exactly_once(tmp_path: Path) -> None:
    server = SmtpServer(tmp_path)
    settings = _settings(tmp_path, server.url)
    store = Store(settings.database_url)
    letter = case_message(X.case(), X.organization(), X.assessment(), settings, "Dana", X.NOW)
    assert enqueue(store, letter)
    assert not enqueue(store, letter)  # never queued twice

    down = flush(store, settings, X.NOW)
    assert down.retrying == [letter.idempotency_key] and not down.sent
    (queued,) = list_messages(store)
    assert queued.status.value == "queued" and queued.attempts == 1 and queued.last_error

    server.start()
    try:
        early = flush(store, settings, X.NOW + timedelta(seconds=30))  # backoff not over
        assert early.sent == [] and server.inbox.messages == []
        later = X.NOW + timedelta(minutes=2)
        assert flush(store, settings, later).sent == [letter.idempotency_key]
        assert flush(store, settings, later + timedelta(hours=1)).sent == []
        assert not enqueue(store, letter)  # already sent: still not queued again
        assert flush(store, settings, later + timedelta(days=1)).sent == []
    finally:
        server.stop()
    assert len(server.inbox.messages) == 1
    (sent,) = list_messages(store)
    assert sent.status.value == "sent" and sent.attempts == 2 and sent.sent_at == later


def test_wrong_password_is_retried_not_lost(tmp_path: Path, smtp: SmtpServer) -> None:
    settings = _settings(tmp_path, smtp.url.replace("s3cret", "wrong"))
    store = Store(settings.database_url)
    enqueue(store, build_summary(store, settings, "2026-W49", X.NOW))
    result = flush(store, settings, X.NOW)
    assert result.retrying == ["summary:2026-W49"] and smtp.inbox.messages == []


def test_final_notice_has_its_own_key_and_message_id(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "maildir:///unused")
    request = case_message(X.case(), X.organization(), X.assessment(), settings, "A", X.NOW)
    notice = case_message(X.case(CaseState.FINAL_NOTICE), X.organization(), X.assessment(),
                          settings, "A", X.NOW)
    again = case_message(X.case(), X.organization(), X.assessment(), settings, "A",
                         X.NOW + timedelta(hours=3))
    assert request.idempotency_key == "case:brightpath:c-brightpath-1:remediation_requested"
    assert notice.idempotency_key == "case:brightpath:c-brightpath-1:final_notice"
    assert again.message_id == request.message_id != notice.message_id
    assert request.message_id.endswith("@auditor.example>")


def test_default_transport_is_a_maildir_under_the_data_dir(settings: Settings) -> None:
    store = Store(settings.database_url)
    message = build_summary(store, settings, "2026-W49", X.NOW)
    enqueue(store, message)
    assert flush(store, settings, X.NOW).sent == ["summary:2026-W49"]
    files = list((settings.data_dir / "mail" / "new").iterdir())
    assert len(files) == 1
    msg = _parse(files[0].read_bytes())
    assert msg["Message-ID"] == message.message_id
    assert set(_parts(msg)) == {"text/plain", "text/html"}
