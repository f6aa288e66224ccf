"""The durable outbox: every e-mail is stored before it is sent, once per key.

Why: a letter to an organization is a consequential act. It must survive a crash,
a mail server that is down, and a daemon that runs the same step twice.

Delivery guarantee
------------------
* **Never queued twice.** Each message carries an idempotency key
  (``case:<org>:<case>:<step>`` or ``summary:<period>``) that is unique in the
  ``outbox`` table; :func:`enqueue` of a key already queued, sent or failed does
  nothing and returns ``False``.
* **At least once, at most one duplicate after a crash.** :func:`flush` first
  claims a due message (a lease: ``next_attempt_at`` is pushed 15 minutes ahead in
  one conditional UPDATE, so two flushers never send the same row at once), then
  sends it, then marks it ``sent``. A crash after the server accepted the message
  but before the mark leaves it queued; when the lease runs out it is sent again.
  Both copies carry the same fixed ``Message-ID`` derived from the key, so mail
  clients and most servers fold them into one.
* **Retries with backoff.** A transient failure (server down, 4xx) records the
  error and schedules the next attempt at ``now + 1 min * 2**(attempts-1)``, capped
  at 6 hours; after ``mail.max_attempts`` attempts, or on a permanent 5xx refusal,
  the message is marked ``failed`` and stays in the table for a person to see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from auditor.errors import MailError
from auditor.models import Message, MessageStatus
from auditor.publish.transports import Transport, to_mime, transport_for
from auditor.settings import Settings
from auditor.store import Store
from auditor.store.tables import OutboxRow

LEASE = timedelta(minutes=15)
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)


@dataclass
class FlushResult:
    """What one flush did, by idempotency key."""

    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.retrying or self.failed)


def backoff(attempts: int) -> timedelta:
    """Delay before attempt ``attempts + 1``: doubling from one minute, capped."""
    delay: timedelta = BACKOFF_BASE * (2 ** min(max(0, attempts - 1), 20))
    return min(delay, BACKOFF_CAP)


def enqueue(store: Store, message: Message) -> bool:
    """Store `message` for sending; False when its key was already queued or sent."""
    row = OutboxRow(
        idempotency_key=message.idempotency_key, message_id=message.message_id,
        kind=message.kind, org_id=message.org_id, case_id=message.case_id,
        status=MessageStatus.QUEUED.value, attempts=0, next_attempt_at=None,
        last_error=None, created_at=message.created_at, sent_at=None,
        data=message.model_dump(mode="json"),
    )
    with store.session() as session:
        exists = session.scalar(select(OutboxRow.id).where(
            OutboxRow.idempotency_key == message.idempotency_key))
        if exists is not None:
            return False
        session.add(row)
        try:
            session.flush()
        except IntegrityError:  # another process queued the same key just now
            session.rollback()
            return False
    return True


def _message(row: OutboxRow) -> Message:
    data = dict(row.data)
    data.update(status=row.status, attempts=row.attempts, sent_at=row.sent_at,
                last_error=row.last_error)
    return Message.model_validate(data)


def list_messages(store: Store) -> list[Message]:
    """Every message in the outbox, oldest first, with its current delivery state."""
    with store.session() as session:
        rows = session.scalars(select(OutboxRow).order_by(OutboxRow.created_at, OutboxRow.id))
        return [_message(r) for r in rows]


def _claim(store: Store, row_id: int, now: datetime) -> bool:
    """Take a lease on one due row; False when another flusher has it."""
    with store.session() as session:
        result = session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == row_id, OutboxRow.status == MessageStatus.QUEUED.value,
                   or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now))
            .values(next_attempt_at=now + LEASE)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def _record(store: Store, row_id: int, **values: object) -> None:
    with store.session() as session:
        session.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(**values))


def count_by_status(store: Store) -> dict[str, int]:
    """How many messages are in each status."""
    with store.session() as session:
        return {status: int(n) for status, n in session.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status))}


def flush(store: Store, settings: Settings, now: datetime, *,
          transport: Transport | None = None) -> FlushResult:
    """Send every due queued message with the configured transport; see module doc."""
    transport = transport or transport_for(settings.mail_url, timeout=settings.mail.timeout_s)
    result = FlushResult()
    with store.session() as session:
        due = session.execute(
            select(OutboxRow.id, OutboxRow.idempotency_key)
            .where(OutboxRow.status == MessageStatus.QUEUED.value,
                   or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now))
            .order_by(OutboxRow.created_at, OutboxRow.id)
        ).all()
    for row_id, key in due:
        if not _claim(store, row_id, now):
            continue
        with store.session() as session:
            row = session.get(OutboxRow, row_id)
            assert row is not None
            message, attempts = _message(row), row.attempts + 1
        try:
            transport.send(to_mime(message))
        except MailError as exc:
            result.errors[key] = str(exc)
            if exc.transient and attempts < settings.mail.max_attempts:
                result.retrying.append(key)
                _record(store, row_id, attempts=attempts, last_error=str(exc)[:2000],
                        next_attempt_at=now + backoff(attempts))
            else:
                result.failed.append(key)
                _record(store, row_id, attempts=attempts, last_error=str(exc)[:2000],
                        status=MessageStatus.FAILED.value, next_attempt_at=None)
            continue
        _record(store, row_id, attempts=attempts, status=MessageStatus.SENT.value,
                sent_at=now, next_attempt_at=None, last_error=None)
        result.sent.append(key)
    return result
