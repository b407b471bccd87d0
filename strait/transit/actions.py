"""Every write to the transit operation: each action requires its permission, builds the op's
body (validated by its ``wire`` shape: a negative count, an unknown port… is a ``Refused``
naming its field, nothing sent) and hands it to ``strait.sharing``: ``create`` on this node, the
home, or ``propose`` (ordered at once on the home, otherwise sent there).

Daily figures are checked whole before anything is sent: a report (a form, a CSV file, an API
call) with one bad row is refused with every bad row named, nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pydantic
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.permissions import Permission, require
from strait.refusals import Refused
from strait.sharing import actions as sharing
from strait.sharing.models import Change, ParticipantRole, Proposal
from strait.transit import codes, csvio, ops, queries, validation, wire
from strait.transit.models import Operation

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency


class InvalidInput(Refused):
    """A value the op's body does not take: one problem per field (or row), nothing sent."""

    code = "invalid"


class OperationExists(Refused):
    """One operation per year."""

    code = "operation_exists"


class TooManyRows(Refused):
    code = "too_many_rows"


# Problems named in one refusal at most (a file of thousands of bad rows says the first ones).
MAX_PROBLEMS = 50


def _message(error: Any) -> str:
    return str(error.get("msg", "")).removeprefix("Value error, ")


def _problems(exc: pydantic.ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        field = loc[0] if loc else ""
        problems.append((field, f"{prefix}{_message(error)}"))
    return problems


def _body(body_type: type[wire.Body], /, **values: Any) -> dict[str, Any]:
    try:
        body = body_type.model_validate(values)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_("Some values are not valid."), problems=_problems(exc)) from None
    return body.model_dump(mode="json")


def open_operation(
    user: User,
    *,
    year: int,
    title: str,
    departure_from: dt.date,
    departure_until: dt.date,
    return_from: dt.date,
    return_until: dt.date,
    plan_passengers: int = 0,
    plan_vehicles: int = 0,
    plan_rotations: int = 0,
    participants: Iterable[Agency] = (),
) -> Operation:
    """The year's operation, with this node as its home and the user's agency as its lead; the
    other agencies take part (each enters its own ports)."""
    require(user, Permission.TRANSIT_MANAGE)
    if queries.operation(user, year) is not None:
        raise OperationExists(
            _("The %(year)s operation is already open.") % {"year": year},
            problems=[("year", _("One operation per year."))],
        )
    body = _body(
        wire.Create,
        year=year,
        title=title,
        departure_from=departure_from,
        departure_until=departure_until,
        return_from=return_from,
        return_until=return_until,
        plan_passengers=plan_passengers,
        plan_vehicles=plan_vehicles,
        plan_rotations=plan_rotations,
    )
    others = [(a, str(ParticipantRole.PARTICIPANT)) for a in participants if a.pk != user.agency_id]
    obj = sharing.create(
        user, ops.KIND, create_op=ops.CREATE, body=body, ceiling="H1", participants=others
    )
    return Operation.objects.select_related("obj").get(obj=obj)


def set_plan(user: User, operation: Operation, **values: Any) -> Change | Proposal:
    """The season's phases and planned totals (the lead's to set)."""
    require(user, Permission.TRANSIT_MANAGE)
    body = _body(wire.Plan, **values)
    return sharing.propose(user, operation.obj, ops.SET_PLAN, body)


def _checked_rows(
    user: User, operation: Operation, rows: list[dict[str, Any]]
) -> list[wire.Figure]:
    """Every row validated (its shape, then its port and day): all problems, each named by its
    row (its ``line`` in a file, else its number from 1), or the rows."""
    if len(rows) > codes.MAX_ROWS:
        raise TooManyRows(
            _("%(n)s rows: at most %(max)s in one report; nothing was entered.")
            % {"n": len(rows), "max": codes.MAX_ROWS}
        )
    if not rows:
        raise InvalidInput(_("There are no figures to enter."))
    figures: list[wire.Figure] = []
    problems: list[tuple[str, str]] = []
    bad: set[str] = set()
    seen: dict[tuple[str, dt.date, str], str] = {}
    country = user.agency.country.code
    for number, row in enumerate(rows, start=1):
        values = dict(row)
        where = str(values.pop("line", number))
        prefix = _("Row %(n)s: ") % {"n": where}
        found: list[tuple[str, str]] = []
        try:
            figure = wire.Figure.model_validate(values)
        except pydantic.ValidationError as exc:
            found = _problems(exc, prefix)
        else:
            try:
                validation.check_figures(operation, country, [figure])
            except Refused as exc:
                field = exc.problems[0][0] if exc.problems else ""
                found = [(field, prefix + exc.message.split(": ", 1)[-1])]
            else:
                if figure.key in seen:
                    again = _("the same port, day and direction as row %(n)s.")
                    found = [("", prefix + again % {"n": seen[figure.key]})]
                else:
                    seen[figure.key] = where
                    figures.append(figure)
        if found:
            bad.add(where)
            problems += found
    if problems:
        raise InvalidInput(
            _("%(n)s of %(total)s rows are not valid; nothing was entered.")
            % {"n": len(bad), "total": len(rows)},
            problems=problems[:MAX_PROBLEMS],
        )
    return figures


def report_figures(
    user: User, operation: Operation, rows: list[dict[str, Any]]
) -> list[Change | Proposal]:
    """Daily figures of the user's agency's ports: each row replaces the row of its port, day
    and direction. Sent in changes of at most ``wire.ROWS_PER_CHANGE`` rows, once every row has
    passed the checks."""
    require(user, Permission.TRANSIT_WRITE)
    figures = _checked_rows(user, operation, rows)
    results = []
    step = wire.ROWS_PER_CHANGE
    for start in range(0, len(figures), step):
        chunk = [f.model_dump(mode="json") for f in figures[start : start + step]]
        body = {"agency": user.agency.code, "rows": chunk}
        results.append(sharing.propose(user, operation.obj, ops.REPORT_FIGURES, body))
    return results


def import_csv(user: User, operation: Operation, data: bytes) -> list[Change | Proposal]:
    """A CSV file of daily figures: every line checked first, all entered or none."""
    require(user, Permission.TRANSIT_WRITE)
    rows, problems = csvio.parse(data)
    if problems:
        raise InvalidInput(_("The file cannot be read; nothing was entered."), problems=problems)
    return report_figures(user, operation, rows)


def record_export(user: User, operation: Operation, kind: str, language: str = "") -> None:
    """An export leaves the system: who took which operation's figures, as what."""
    require(user, Permission.TRANSIT_READ)
    details = {"year": operation.year, "format": kind}
    if language:
        details["language"] = language
    record(AuditAction.TRANSIT_EXPORTED, actor=user, target=str(operation.uid), details=details)
