"""Where an e-mail goes: an SMTP server or a Maildir, chosen by ``mail.url``.

Why two: the demo and tests need no server (a Maildir under the data directory is
the embedded default), production needs SMTP with TLS and credentials. Both take a
finished :class:`email.message.EmailMessage`, so the outbox does not care which.

URLs::

    smtp://host:25                        plain (credentials refused off loopback)
    smtp://user:pass@host:587?starttls=true
    smtps://host:465                      TLS from the first byte
    maildir:///var/mail/auditor

Credentials come from the URL or from ``AUDITOR_MAIL_USERNAME`` and
``AUDITOR_MAIL_PASSWORD``; ``?cafile=/path/ca.pem`` trusts a private CA.
"""

from __future__ import annotations

import hashlib
import ipaddress
import mailbox
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import ValidationError

from auditor.errors import ConfigError, MailError
from auditor.models import Message


class Transport(Protocol):
    def send(self, mime: EmailMessage) -> None:
        """Deliver `mime` or raise :class:`MailError` (``transient`` says: retry)."""


def message_id_for(key: str, sender: str) -> str:
    """A fixed Message-ID per idempotency key, so a duplicate send folds together."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = sender.rsplit("@", 1)[-1] or "auditor.invalid"
    return f"<{digest}@{domain}>"


def new_message(**fields: Any) -> Message:
    """A validated outbox message; a bad address or a CR/LF in a header is refused
    as a settings problem (the addresses come from ``mail.*`` or the registry)."""
    if not fields.get("to"):
        raise ConfigError(f"message {fields.get('idempotency_key')} has no recipient "
                          "(for the summary: set mail.summary_to)")
    try:
        return Message(**fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors())
        raise ConfigError(f"cannot build the message {fields.get('idempotency_key')}: "
                          f"{problems}") from None


def to_mime(message: Message) -> EmailMessage:
    """The outbox message as multipart/alternative: text first, then HTML."""
    mime = EmailMessage()
    mime["From"] = message.sender
    mime["To"] = ", ".join(message.to)
    mime["Subject"] = message.subject
    mime["Message-ID"] = message.message_id
    mime["Date"] = formatdate(message.created_at.timestamp(), usegmt=True)
    mime["Auto-Submitted"] = "auto-generated"
    mime["X-Auditor-Key"] = message.idempotency_key
    mime.set_content(message.text, subtype="plain", charset="utf-8")
    mime.add_alternative(message.html, subtype="html", charset="utf-8")
    return mime


@dataclass
class SmtpTransport:
    host: str
    port: int
    tls: str  # "none", "starttls" or "ssl"
    username: str | None
    password: str | None
    timeout: float
    cafile: str | None = None

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile)

    def send(self, mime: EmailMessage) -> None:
        try:
            if self.tls == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=self._context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                client.ehlo()
                if self.tls == "starttls":
                    client.starttls(context=self._context())
                    client.ehlo()
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(mime)
        except smtplib.SMTPResponseException as exc:
            # 5xx is permanent, except a refused login: credentials get fixed and retried
            permanent = 500 <= exc.smtp_code < 600 and not isinstance(
                exc, smtplib.SMTPAuthenticationError)
            raise MailError(f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}",
                            transient=not permanent) from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise MailError(f"recipients refused: {sorted(exc.recipients)}",
                            transient=any(c < 500 for c in codes)) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"cannot deliver via {self.host}:{self.port}: {exc}",
                            transient=True) from None


@dataclass
class MaildirTransport:
    path: Path

    def send(self, mime: EmailMessage) -> None:
        try:
            box = mailbox.Maildir(self.path, create=True)
            box.add(mime.as_bytes())
        except OSError as exc:
            raise MailError(f"cannot write to Maildir {self.path}: {exc}",
                            transient=True) from None


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def transport_for(url: str, *, timeout: float = 20.0) -> Transport:
    """Parse ``mail.url`` into a transport; a malformed URL is a ConfigError."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "maildir":
        path = unquote(parts.path)
        if not path:
            raise ConfigError(f"mail.url {url!r} names no Maildir path")
        return MaildirTransport(Path(path))
    if scheme not in ("smtp", "smtps"):
        raise ConfigError(f"mail.url scheme {scheme!r} is not smtp, smtps or maildir")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    host = parts.hostname
    if not host:
        raise ConfigError("mail.url names no SMTP host")
    starttls = query.get("starttls", "false").lower() in ("1", "true", "yes")
    tls = "ssl" if scheme == "smtps" else ("starttls" if starttls else "none")
    username = unquote(parts.username) if parts.username else os.environ.get(
        "AUDITOR_MAIL_USERNAME")
    password = unquote(parts.password) if parts.password else os.environ.get(
        "AUDITOR_MAIL_PASSWORD")
    if username and tls == "none" and not _loopback(host):
        raise ConfigError("refusing to send SMTP credentials without TLS: "
                          "use smtps:// or ?starttls=true")
    try:
        port = parts.port or (465 if tls == "ssl" else 25)
    except ValueError as exc:
        raise ConfigError(f"mail.url port: {exc}") from None
    return SmtpTransport(host=host, port=port, tls=tls, username=username or None,
                         password=password, timeout=timeout, cafile=query.get("cafile"))
