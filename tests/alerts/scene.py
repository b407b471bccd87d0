"""The alerts' test world (helper A's tests): on this node the issuing agency (DGSN) and an
addressed one (Guardia Civil, GC), an agency that shares no channel with the issuer, another
agency's supervisor; on a partner node ``es`` (a ``RemotePeer``: its signing key lives only in
the test) the Policía Nacional, addressed too. Channels join the issuer with GC and with es-pn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.alerts import actions
from strait.alerts.models import Alert, AlertDraft
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from tests.factories import AgencyFactory, ChannelFactory, CountryFactory
from tests.federation.conftest import RemotePeer
from tests.sharing.conftest import remote_peer


@dataclass
class Scene:
    issuer: Agency
    addressee: Agency  # on this node
    remote: Agency  # on node es
    lonely: Agency  # no channel with the issuer
    author: User  # the issuer's officer
    supervisor: User  # the issuer's supervisor
    other_supervisor: User  # a second supervisor of the issuer
    analyst: User  # the issuer's analyst
    recipient: User  # the addressee's officer (frontline)
    recipient_analyst: User
    recipient_supervisor: User
    lonely_supervisor: User
    es: RemotePeer

    def draft(self, **values: Any) -> AlertDraft:
        return actions.save_draft(self.author, surge(self, **values))

    def submitted(self, **values: Any) -> AlertDraft:
        return actions.submit(self.author, self.draft(**values))

    def released(self, **values: Any) -> Alert:
        return actions.release(self.supervisor, self.submitted(**values))


def make_scene(make_user: Callable[..., User], settings: Any) -> Scene:
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    issuer = AgencyFactory(code="dev-dgsn", abbreviation="DGSN", node_code=here, country=morocco)
    addressee = AgencyFactory(code="dev-gc", abbreviation="GC", node_code=here, country=spain)
    lonely = AgencyFactory(code="dev-pol", abbreviation="POL", node_code=here, country=spain)
    remote = AgencyFactory(code="es-pn", abbreviation="PN", node_code="es", country=spain)
    ChannelFactory(code="dgsn-gc", agencies=[issuer, addressee])
    ChannelFactory(code="dgsn-pn", agencies=[issuer, remote])
    return Scene(
        issuer=issuer,
        addressee=addressee,
        remote=remote,
        lonely=lonely,
        author=make_user(agency=issuer, role=Role.OFFICER, username="omar"),
        supervisor=make_user(agency=issuer, role=Role.SUPERVISOR, username="sara"),
        other_supervisor=make_user(agency=issuer, role=Role.SUPERVISOR, username="samir"),
        analyst=make_user(agency=issuer, role=Role.ANALYST, username="amina"),
        recipient=make_user(agency=addressee, role=Role.OFFICER, username="pablo"),
        recipient_analyst=make_user(agency=addressee, role=Role.ANALYST, username="lucia"),
        recipient_supervisor=make_user(agency=addressee, role=Role.SUPERVISOR, username="jefe"),
        lonely_supervisor=make_user(agency=lonely, role=Role.SUPERVISOR, username="solo"),
        es=remote_peer("es", "ES"),
    )


def surge(scene: Scene, **values: Any) -> dict[str, Any]:
    """A migration-surge draft at Fnideq, addressed to GC here and PN on es."""
    now = timezone.now()
    details = {
        "place": "Fnideq beach",
        "estimated_people": 300,
        "boats": 4,
        "direction": "North, towards Ceuta",
        "lat": "35.85",
        "lon": "-5.35",
    } | values.pop("details", {})
    return {
        "type": "migration_surge",
        "title": "Fnideq: surge expected tonight",
        "grounds": "Gathering of about 300 people reported near Castillejos.",
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": ["tanger-fnideq"],
        "valid_from": now - dt.timedelta(minutes=5),
        "valid_until": now + dt.timedelta(days=1),
        "addressees": [scene.addressee.code, scene.remote.code],
        "details": details,
    } | values
