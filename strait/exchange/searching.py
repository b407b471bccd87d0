"""Message search, one module for the page and the API: words of the subject, body and what an
item is about, case references and other subject keys, and persons across scripts through the
matcher's name keys (``search.py``), with filters, a sort order and pages. Every search is
scoped to what the user may read, as every query of ``queries.py``.

How it stays fast with a million messages (``benchmarks/exchange.py``): an item matches a query
in one of three ways (its words, a key of the whole query, the name keys of every name token),
each its own narrow query, merged into the page.

- Keys and names go through ``SearchKey`` (selective by nature), over the items the agency sent
  (``message_sent_idx``) and those it received (the inbox index of ``Recipient``).
- Words, on PostgreSQL, go through ``search_vector``, which holds the item's parties too
  ("@ma-dgsn"), so the full-text index alone answers "these words among this agency's items".
  When the planner expects many matches, the newest items (``message_created_idx``) are walked
  until the page is full, at most ``WALK`` of them (a common word: the index would hand over
  100,000 items); otherwise, or when that walk does not fill the page, the index gives every
  match at once (a materialized query, so the planner cannot go back to walking dates: with a
  word common elsewhere but absent from the agency's items, walking read every item, 1.5 s at a
  million). Whole words only: a beginning ("embarc:*") makes the index several times slower.
- Words elsewhere (SQLite, tests and small nodes) are a plain test on ``search_text``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
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
#: How many of the newest items a word search walks before it asks the full-text index for
#: every match (see the module's docstring), when the planner expects more than ``COMMON``
#: matches; below that the index alone is quicker.
WALK = 5000
COMMON = 5000


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

    @property
    def empty(self) -> bool:
        return not (self.words or self.keys or self.names)

    def by_keys(self, prefix: str) -> list[Q]:
        """One condition per way through ``SearchKey``."""
        pk = f"{prefix}pk__in" if prefix else "pk__in"
        found: list[Q] = []
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


def _words_here(rows: QuerySet[Any], words: list[str], prefix: str) -> QuerySet[Any]:
    """Rows where every word is a word of the item's folded text, without an index (SQLite
    reads the rows): the folded text has single spaces between words, so " word " inside
    " " + text + " " is the word itself."""
    rows = rows.alias(
        padded=Concat(Value(" "), f"{prefix}search_text", Value(" "), output_field=TextField())
    )
    for word in words:
        rows = rows.filter(padded__contains=f" {word} ")
    return rows


def _words_on_postgres(
    user: User, base: QuerySet[Message], words: list[str], order: tuple[str, ...], wanted: int
) -> list[tuple[int, dt.datetime]]:
    """The first ``wanted`` items of ``base`` (already scoped to the user's channels and
    filters) holding the words, among the user's agency's items, through the full-text index
    of migration 0005 (its column is unknown to the model; the table is never aliased)."""
    query = f"{search.words_query(words)} & {search.party_query(user.agency.code)}"
    rows = base.alias(
        search_hit=RawSQL(
            '"exchange_message"."search_vector" @@ %s::tsquery',
            (query,),
            output_field=BooleanField(),
        )
    ).filter(search_hit=True)
    sql, params = rows.values_list("pk", "created_at").query.sql_with_params()
    if _estimated_rows(sql, params) > COMMON:
        newest = Message.objects.order_by(*order).values("pk")[:WALK]
        walked = list(
            rows.filter(pk__in=newest).order_by(*order).values_list("pk", "created_at")[:wanted]
        )
        if len(walked) >= wanted:
            return walked
    direction = "DESC" if order[0].startswith("-") else "ASC"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH hits AS MATERIALIZED ({sql}) "  # noqa: S608 (the ORM's own SQL, parameters apart)
            f"SELECT * FROM hits ORDER BY 2 {direction}, 1 {direction} LIMIT %s",
            (*params, wanted),
        )
        return [(pk, created) for pk, created in cursor.fetchall()]


def _estimated_rows(sql: str, params: Any) -> int:
    """How many rows PostgreSQL's planner expects ``sql`` to give (its statistics of each word
    of the full-text column): no row is read."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


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
    received_order = ("-created_at", "-message_id") if newest else ("created_at", "message_id")

    # Sent by the agency (to the partner, if one is chosen).
    own = Message.objects.filter(
        _filters(criteria, ""), sender_agency=user.agency, channel_id__in=channels
    )
    if partner is not None:
        own = own.filter(Exists(Recipient.objects.filter(message=OuterRef("pk"), agency=partner)))
    # Received by the agency (from the partner): the inbox rows, whose date is the item's.
    received = Recipient.objects.filter(
        _filters(criteria, "message__"), agency=user.agency, message__channel_id__in=channels
    )
    if partner is not None:
        received = received.filter(message__sender_agency=partner)

    found: dict[int, dt.datetime] = {}

    def take(rows: QuerySet[Any], pk: str, ordering: tuple[str, ...]) -> None:
        found.update(rows.order_by(*ordering).values_list(pk, "created_at")[:wanted])

    if ways.empty:  # filters alone
        take(own, "pk", order)
        take(received, "message_id", received_order)
    if ways.words and connection.vendor == "postgresql":
        either = Message.objects.filter(_filters(criteria, ""), channel_id__in=channels)
        if partner is not None:
            either = either.filter(
                Q(sender_agency=partner)
                | Q(
                    Exists(Recipient.objects.filter(message=OuterRef("pk"), agency=partner)),
                    sender_agency=user.agency,
                )
            )
        found.update(_words_on_postgres(user, either, ways.words, order, wanted))
    elif ways.words:
        take(_words_here(own, ways.words, ""), "pk", order)
        take(_words_here(received, ways.words, "message__"), "message_id", received_order)
    for condition in ways.by_keys(""):
        take(own.filter(condition), "pk", order)
    for condition in ways.by_keys("message__"):
        take(received.filter(condition), "message_id", received_order)
    ranked = sorted(found.items(), key=lambda item: (item[1], item[0]), reverse=newest)
    chosen = [pk for pk, _ in ranked[(number - 1) * PAGE : number * PAGE]]
    by_pk = Message.objects.select_related("sender_agency", "channel").in_bulk(chosen)
    return Page(
        items=[by_pk[pk] for pk in chosen if pk in by_pk],
        number=number,
        has_next=len(ranked) > number * PAGE and number < MAX_PAGE,
    )
