"""Message search, one module for the page and the API: words of the subject, body and what an
item is about, case references and other subject keys, and persons across scripts through the
matcher's name keys (``search.py``), with filters, a sort order and pages. Every search is
scoped to what the user may read, as every query of ``queries.py``.

How it stays fast with a million messages (``benchmarks/exchange.py``): an item matches a query
in one of three ways (its words, a key of the whole query, the name keys of every name token),
and each way runs as its own narrow query, twice: over the items the agency sent (walking
``message_sent_idx`` by date) and over those it received (walking the inbox index of
``Recipient`` by date). A common word is then found by walking the newest items until a page is
full; a rare word, key or name through its index (on PostgreSQL the full-text index of migration
0005; ``SearchKey`` everywhere). The planner picks, per query. The page is the merge of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils import timezone

from strait.agencies.models import Agency
from strait.exchange import about, queries, search
from strait.exchange.models import Message, Recipient, SearchKey

if TYPE_CHECKING:
    from strait.accounts.models import User

PAGE = 50
#: Deeper pages cost more (each of the six queries reads all the pages before): a search that
#: needs more than this many pages needs narrowing.
MAX_PAGE = 20
NEWEST, OLDEST = "newest", "oldest"
SORTS = (NEWEST, OLDEST)


@dataclass(frozen=True)
class Criteria:
    """What a user searches for. Empty fields do not filter; codes are the wire values."""

    query: str = ""
    channel: str = ""
    partner: str = ""  # an agency's code: items it sent us, or we sent it
    kind: str = ""
    urgency: str = ""
    crime_area: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    sort: str = NEWEST
    page: int = 1

    def filters(self) -> dict[str, Any]:
        """The criteria other than the words, as the audit entry records them."""
        values = {
            "channel": self.channel,
            "partner": self.partner,
            "kind": self.kind,
            "urgency": self.urgency,
            "crime_area": self.crime_area,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {k: v for k, v in values.items() if v}

    @property
    def empty(self) -> bool:
        return not self.query.strip() and not self.filters()


def criteria_from(data: dict[str, Any]) -> Criteria:
    """Criteria from a form's or the API's cleaned values (missing ones do not filter)."""
    return Criteria(
        query=data.get("q") or "",
        channel=data.get("channel") or "",
        partner=data.get("partner") or "",
        kind=data.get("kind") or "",
        urgency=data.get("urgency") or "",
        crime_area=data.get("crime_area") or "",
        since=data.get("since"),
        until=data.get("until"),
        sort=data.get("sort") or NEWEST,
        page=data.get("page") or 1,
    )


@dataclass(frozen=True)
class Page:
    items: list[Message] = field(default_factory=list)
    number: int = 1
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class _Ways:
    """The ways an item may match the query."""

    words: list[str]
    keys: list[str]  # keys the whole query may be (case reference, phone, plate, vessel)
    names: list[list[str]]  # a group of name keys per name token; every group must match

    def variants(self, prefix: str) -> list[Q | None]:
        """One condition per way (None: no condition, the query was empty)."""
        if not (self.words or self.keys or self.names):
            return [None]
        pk = f"{prefix}pk__in" if prefix else "pk__in"
        found: list[Q | None] = []
        if self.words:
            found.append(Q(search_hit=True))
        if self.keys:
            found.append(Q(**{pk: SearchKey.objects.filter(key__in=self.keys).values("message")}))
        if self.names:
            condition = Q()
            for group in self.names:
                condition &= Q(**{pk: SearchKey.objects.filter(key__in=group).values("message")})
            found.append(condition)
        return found


def _ways(query: str, country: str) -> _Ways:
    words = search.query_words(query)
    folded = search.fold(query)
    keys = about.query_keys(query, country) if folded else []
    names = search.name_key_groups(query) if words else []
    return _Ways(words, keys, names)


def _with_words(rows: QuerySet[Any], words: list[str], prefix: str) -> QuerySet[Any]:
    """Alias ``search_hit``: every word begins a word of the item's folded text."""
    if not words:
        return rows
    if connection.vendor == "postgresql":
        # The generated column of migration 0005, unknown to the model; Django names the
        # message table by its own name, joined (from Recipient) or not.
        return rows.alias(
            search_hit=RawSQL(
                '"exchange_message"."search_vector" @@ %s::tsquery',
                (search.prefix_query(words),),
                output_field=BooleanField(),
            )
        )
    # Elsewhere (SQLite, no index: it reads the rows): the folded text has single spaces between
    # words, so " word" inside " " + text is a word that begins with ``word``.
    rows = rows.alias(padded=Concat(Value(" "), f"{prefix}search_text", output_field=TextField()))
    condition = Q()
    for word in words:
        condition &= Q(padded__contains=" " + word)
    return rows.alias(search_hit=ExpressionWrapper(condition, output_field=BooleanField()))


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _filters(criteria: Criteria, prefix: str) -> Q:
    wanted = Q()
    for name in ("kind", "urgency", "crime_area"):
        value = getattr(criteria, name)
        if value:
            wanted &= Q(**{f"{prefix}{name}": value})
    if criteria.since:
        wanted &= Q(**{f"{prefix}created_at__gte": _day_start(criteria.since)})
    if criteria.until:
        end = _day_start(criteria.until + dt.timedelta(days=1))
        wanted &= Q(**{f"{prefix}created_at__lt": end})
    return wanted


def find(user: User, criteria: Criteria) -> Page:
    """A page of the items visible to the user that match ``criteria``."""
    number = max(1, min(criteria.page, MAX_PAGE))
    channels = [
        c.pk
        for c in queries.channels_for(user)
        if not criteria.channel or c.code == criteria.channel
    ]
    if not channels or criteria.empty:
        return Page(number=number)
    ways = _ways(criteria.query, user.agency.country.code)
    if criteria.query.strip() and not (ways.words or ways.keys or ways.names):
        return Page(number=number)
    partner = None
    if criteria.partner:
        partner = Agency.objects.filter(code=criteria.partner).first()
        if partner is None or partner.pk == user.agency_id:
            return Page(number=number)
    wanted = number * PAGE + 1
    newest = criteria.sort != OLDEST
    order = ("-created_at", "-id") if newest else ("created_at", "id")

    # Sent by the agency (to the partner, if one is chosen).
    own = Message.objects.filter(
        _filters(criteria, ""), sender_agency=user.agency, channel_id__in=channels
    )
    if partner is not None:
        own = own.filter(Exists(Recipient.objects.filter(message=OuterRef("pk"), agency=partner)))
    own = _with_words(own, ways.words, "")
    # Received by the agency (from the partner): the inbox rows, whose date is the item's.
    received = Recipient.objects.filter(
        _filters(criteria, "message__"), agency=user.agency, message__channel_id__in=channels
    )
    if partner is not None:
        received = received.filter(message__sender_agency=partner)
    received = _with_words(received, ways.words, "message__")
    received_order = ("-created_at", "-message_id") if newest else ("created_at", "message_id")

    found: dict[int, dt.datetime] = {}
    for condition in ways.variants(""):
        rows = own if condition is None else own.filter(condition)
        found.update(rows.order_by(*order).values_list("pk", "created_at")[:wanted])
    for condition in ways.variants("message__"):
        inbox = received if condition is None else received.filter(condition)
        found.update(
            inbox.order_by(*received_order).values_list("message_id", "created_at")[:wanted]
        )
    ranked = sorted(found.items(), key=lambda item: (item[1], item[0]), reverse=newest)
    chosen = [pk for pk, _ in ranked[(number - 1) * PAGE : number * PAGE]]
    by_pk = Message.objects.select_related("sender_agency", "channel").in_bulk(chosen)
    return Page(
        items=[by_pk[pk] for pk in chosen if pk in by_pk],
        number=number,
        has_next=len(ranked) > number * PAGE and number < MAX_PAGE,
    )
