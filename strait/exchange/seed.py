"""The channels of DESIGN.md §1, the same on every node (the receiver checks a channel's rules
against its own copy, so both sides must hold the same rules). Idempotent: ``strait init`` runs it
on every start; re-running also corrects a rule edited here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from strait.agencies.models import Agency
from strait.agencies.seed import Names
from strait.exchange.codes import ChannelKind, MessageKind
from strait.exchange.models import Channel

K = MessageKind
EVERY_KIND = [K.INFORMATION, K.REQUEST, K.REPLY, K.ACKNOWLEDGEMENT]


@dataclass(frozen=True)
class ChannelSeed:
    code: str
    kind: str
    names: Names
    agencies: tuple[str, ...]
    allowed: tuple[str, ...]
    max_handling: str


CHANNELS = [
    ChannelSeed(
        "interpol-rabat-madrid",
        ChannelKind.INTERPOL,
        Names(
            "الإنتربول: المكتب المركزي الوطني الرباط ↔ مدريد",
            "INTERPOL: OCN Rabat ↔ OCN Madrid",
            "INTERPOL : BCN Rabat ↔ BCN Madrid",
            "INTERPOL: NCB Rabat ↔ NCB Madrid",
        ),
        ("ma-ncb-rabat", "ma-dgsn", "es-ncb-madrid", "es-pn-cgpj", "es-gc"),
        tuple(EVERY_KIND),
        # Police information only (warrants, suspects, missing persons).
        "H1",
    ),
    ChannelSeed(
        "embassy-office-rabat",
        ChannelKind.EMBASSY_OFFICE,
        Names(
            "مكتب وزارة الداخلية بسفارة إسبانيا في الرباط",
            "Consejería de Interior de la Embajada de España en Rabat",
            "Bureau de l'Intérieur à l'ambassade d'Espagne à Rabat",
            "Interior office at the Spanish embassy in Rabat",
        ),
        ("es-interior", "ma-interior", "ma-dgsn", "es-pn", "es-gc"),
        # Strategic and institutional information; requests go through the other channels.
        (K.INFORMATION, K.REPLY, K.ACKNOWLEDGEMENT),
        "H1",
    ),
    ChannelSeed(
        "liaison-es-ct-rabat",
        ChannelKind.LIAISON,
        Names(
            "ضابط الاتصال الإسباني لمكافحة الإرهاب في الرباط",
            "Oficial de enlace antiterrorista español en Rabat",
            "Officier de liaison antiterroriste espagnol à Rabat",
            "Spanish counter-terrorism liaison officer in Rabat",
        ),
        ("es-pn", "es-pn-cgi", "ma-dgst", "ma-dgsn"),
        tuple(EVERY_KIND),
        "H2",
    ),
    ChannelSeed(
        "liaison-ma-madrid",
        ChannelKind.LIAISON,
        Names(
            "ضابط الاتصال المغربي في مدريد",
            "Oficial de enlace marroquí en Madrid",
            "Officier de liaison marocain à Madrid",
            "Moroccan liaison officer in Madrid",
        ),
        ("ma-dgsn", "es-pn", "es-pn-cgi", "es-gc"),
        tuple(EVERY_KIND),
        "H2",
    ),
    ChannelSeed(
        "direct-dgst-cgi",
        ChannelKind.DIRECT,
        Names(
            "قناة مباشرة: المديرية العامة لمراقبة التراب الوطني ↔ المفوضية العامة للاستعلامات",
            "Directo: DGST ↔ Comisaría General de Información",
            "Direct : DGST ↔ Commissariat général de l'information",
            "Direct: DGST ↔ Comisaría General de Información",
        ),
        ("ma-dgst", "es-pn-cgi"),
        tuple(EVERY_KIND),
        # Sensitive, purely operational information with no intermediary.
        "H3",
    ),
    ChannelSeed(
        "port-tanger-med-algeciras",
        ChannelKind.PORT_STATION,
        Names(
            "المفوضيتان المشتركتان لميناءي طنجة المتوسط والجزيرة الخضراء",
            "Comisarías conjuntas de los puertos de Tánger Med y Algeciras",
            "Commissariats conjoints des ports de Tanger Med et d'Algésiras",
            "Joint police stations of the ports of Tanger Med and Algeciras",
        ),
        ("ma-dgsn", "es-pn-cgef", "es-gc"),
        tuple(EVERY_KIND),
        "H1",
    ),
]


@transaction.atomic
def seed_channels() -> None:
    agencies = {a.code: a for a in Agency.objects.all()}
    for seed in CHANNELS:
        channel, _ = Channel.objects.update_or_create(
            code=seed.code,
            defaults={
                "kind": seed.kind,
                "allowed_kinds": [str(k) for k in seed.allowed],
                "max_handling": seed.max_handling,
                **seed.names.fields(),
            },
        )
        channel.agencies.set([agencies[code] for code in seed.agencies if code in agencies])


def post_liaison_officer(channel_code: str, username: str) -> None:
    """Post a user (of this node) to a liaison channel."""
    from strait.accounts.models import User

    channel = Channel.objects.get(code=channel_code, kind=ChannelKind.LIAISON)
    channel.liaison_officers.add(User.objects.get(username=username))
