"""Every write of notifications. ``notify`` runs inside the transaction of the action or arrival
that causes it (a rolled-back arrival notifies nobody); e-mails go later, from the worker
(``send_due_emails``), so a slow mail server never holds up the inbox or a page."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import Entry, record, record_many
from strait.notifications import queries, topics
from strait.notifications.models import EmailState, Notification, Preferences
from strait.permissions import Permission, require
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User

log = logging.getLogger(__name__)

EMAIL_BATCH = 50
# Notifications are news, not records: after this long they go (what they were about stays
# where it lives, with its own retention).
KEPT = dt.timedelta(days=90)


class UnknownTopic(Refused):
    code = "unknown_topic"


def notify(
    users: Iterable[User],
    topic: topics.Topic,
    *,
    key: str,
    url: str,
    params: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Notify each of ``users`` once about ``key`` (a second call with the same topic and key
    changes nothing). Returns how many were new."""
    moment = now or timezone.now()
    people = [u for u in users if u.is_active]
    if not people:
        return 0
    key = key[:200]
    already = set(
        Notification.objects.filter(topic=topic.code, key=key, user__in=people).values_list(
            "user_id", flat=True
        )
    )
    people = [u for u in people if u.pk not in already]
    chosen = queries.email_topics_of(people)
    default = queries.default_email_topics()
    Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                topic=topic.code,
                key=key,
                params=params or {},
                url=url[:300],
                created_at=moment,
                email=EmailState.DUE
                if u.email and topic.code in chosen.get(u.pk, default)
                else EmailState.NONE,
            )
            for u in people
        ],
        # Two arrivals noticing the same thing at once: the second one's rows are dropped.
        ignore_conflicts=True,
    )
    return len(people)


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """The user has seen these notifications (all of theirs when ``ids`` is None)."""
    require(user, Permission.HOME_VIEW)
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def set_email_topics(
    user: User, codes: Iterable[str], *, request: HttpRequest | None = None
) -> Preferences:
    """The topics the user wants by e-mail (the others only in the page)."""
    require(user, Permission.PROFILE_EDIT)
    wanted = sorted(set(codes))
    unknown = [c for c in wanted if topics.get(c) is None]
    if unknown:
        raise UnknownTopic(_("Unknown notification topic: %(codes)s") % {"codes": unknown})
    with transaction.atomic():
        prefs, _created = Preferences.objects.update_or_create(
            user=user, defaults={"email_topics": wanted, "updated_at": timezone.now()}
        )
        record(
            AuditAction.NOTIFICATION_PREFERENCES_CHANGED,
            request=request,
            actor=user,
            target=f"user:{user.pk}",
            details={"email_topics": wanted},
        )
    return prefs


def _email(notification: Notification) -> EmailMessage:
    user = notification.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        text = topics.describe(notification.topic, notification.params)
        node = settings.NODE
        link = f"{node.base_url.rstrip('/')}{notification.url}"
        body = "\n\n".join(
            [
                text,
                _("Open it in Strait: %(link)s") % {"link": link},
                _(
                    "You receive this e-mail because you chose these notifications by e-mail. "
                    "Change your choice on the notifications page."
                ),
            ]
        )
        subject = f"[Strait {node.code}] {text}"
    return EmailMessage(subject=subject[:200], body=body, to=[user.email])


def send_due_emails(limit: int = EMAIL_BATCH) -> int:
    """Send the notifications waiting for e-mail, each at most once: a row is claimed (marked
    sent) before its e-mail goes, so two workers never send it twice; a failure marks it failed.
    The e-mail carries no partner content (``topics``); each one sent is in the audit log."""
    due = list(
        Notification.objects.filter(email=EmailState.DUE)
        .select_related("user")
        .order_by("id")[:limit]
    )
    sent: list[Entry] = []
    for notification in due:
        now = timezone.now()
        claimed = Notification.objects.filter(pk=notification.pk, email=EmailState.DUE).update(
            email=EmailState.SENT, emailed_at=now
        )
        if not claimed:
            continue
        try:
            _email(notification).send()
        except Exception:  # any backend failure: mark it, keep going with the others
            log.exception("notification %s: e-mail failed", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(email=EmailState.FAILED)
            continue
        sent.append(
            Entry(
                AuditAction.NOTIFICATION_EMAILED,
                actor=None,
                target=f"notification:{notification.pk}",
                details={
                    "user": notification.user.username,
                    "topic": notification.topic,
                    "key": notification.key,
                },
            )
        )
    record_many(sent)
    return len(sent)


def forget_old(now: dt.datetime | None = None) -> int:
    """Remove notifications older than ``KEPT`` (run daily by the worker)."""
    moment = now or timezone.now()
    removed, _by_model = Notification.objects.filter(created_at__lt=moment - KEPT).delete()
    return removed
