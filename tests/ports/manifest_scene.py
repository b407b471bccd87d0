"""The manifests' test world: the alerts' scene (DGSN issues alerts addressed to the Guardia
Civil, both on this node; the Policía Nacional on a partner node) and Algeciras, a centre whose
host is the Guardia Civil and whose guest is the DGSN. The centre's rows are written directly
(the centre's own tests build it through its ops): the manifests only read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from strait.accounts.models import User
from strait.ports.models import Centre
from strait.sharing.models import Participant, ParticipantRole, SharedObject
from tests.alerts.scene import Scene, make_scene


@dataclass
class ManifestScene:
    alerts: Scene
    centre: Centre

    @property
    def officer(self) -> User:  # the Guardia Civil's officer at the quay
        return self.alerts.recipient


def make_centre(
    host: Any, guests: list[Any], *, code: str = "algeciras", hours: int = 48, channel: str = ""
) -> Centre:
    now = timezone.now()
    obj = SharedObject.objects.create(
        kind="ports.centre",
        home=host.node_code,
        home_agency=host,
        digest="0" * 64,
        ceiling="H1",
    )
    Participant.objects.create(obj=obj, agency=host, role=ParticipantRole.LEAD, since=now)
    for guest in guests:
        Participant.objects.create(
            obj=obj, agency=guest, role=ParticipantRole.PARTICIPANT, since=now
        )
    return Centre.objects.create(
        obj=obj,
        code=code,
        name_ar="الجزيرة الخضراء",
        name_es="Algeciras",
        name_fr="Algésiras",
        name_en="Algeciras",
        port="ESALG",
        country="ES",
        host_agency=host.code,
        channel=channel,
        manifest_retention_hours=hours,
        created_at=now,
    )


def make_manifest_scene(make_user: Callable[..., User], settings: Any) -> ManifestScene:
    settings.PORTS_SCREENING_INLINE = True
    scene = make_scene(make_user, settings)
    centre = make_centre(scene.addressee, [scene.issuer])
    return ManifestScene(scene, centre)
