"""Reads of the agency directory.

The directory is shared reference data: every user allowed to open it sees all of it, so these
reads take no user. Who may exchange with whom is decided by channels, not here.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from strait.agencies.models import Agency, Country, Unit


def _agencies() -> QuerySet[Agency]:
    return Agency.objects.select_related("country", "parent").prefetch_related(
        Prefetch("units", queryset=Unit.objects.order_by("code")),
        Prefetch(
            "children",
            queryset=Agency.objects.order_by("abbreviation").prefetch_related(
                Prefetch("units", queryset=Unit.objects.order_by("code"))
            ),
        ),
    )


def directory() -> list[Country]:
    """Countries in code order, each with ``top_agencies``: its agencies that have no parent
    (children and units hang below them)."""
    countries: list[Country] = list(
        Country.objects.order_by("code").prefetch_related(
            Prefetch(
                "agencies",
                queryset=_agencies().filter(parent__isnull=True).order_by("abbreviation"),
                to_attr="top_agencies",
            )
        )
    )
    return countries


def agency_by_code(code: str) -> Agency | None:
    return _agencies().filter(code=code).first()
