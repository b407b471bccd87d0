"""The demo users of each node: synthetic people, a known password and a printed TOTP secret.

Only ever run on a node in demo mode: printing second-factor secrets defeats the second factor.
"""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.actions import do_create_user, do_enrol_second_factor, do_start_enrolment
from strait.accounts.models import User, normalise_username
from strait.accounts.queries import confirmed_device
from strait.agencies.models import Agency, Unit
from strait.permissions import Role

# Printed next to every demo login; long enough for the password validators.
DEMO_PASSWORD = "strait-demo-2030"  # noqa: S105 (a published demo password, by design)


class NotADemoNode(RuntimeError):
    """Refused: demo users and printed second factors exist only on a node in demo mode."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    agency: str  # Agency.code, as seeded by strait.agencies.seed
    unit: str = ""  # Unit.code within that agency; empty for none


# Synthetic names: no demo user stands for a real person.
DEMO_USERS: dict[str, tuple[DemoUser, ...]] = {
    "ma": (
        DemoUser("dgsn.officer", "Youssef Amrani", Role.OFFICER, "ma-dgsn", "tanger-med-port"),
        DemoUser("dgst.analyst", "Salma Idrissi", Role.ANALYST, "ma-dgst", "counter-terrorism"),
        DemoUser("dgsn.analyst", "Hicham Ouazzani", Role.ANALYST, "ma-dgsn", "tanger-med-port"),
        DemoUser("dgsn.liaison", "Karim Bennani", Role.LIAISON_OFFICER, "ma-dgsn"),
        DemoUser("dgsn.supervisor", "Nadia Tazi", Role.SUPERVISOR, "ma-dgsn"),
        # The Moroccan coordinator of the port cooperation centres (Algeciras, Tanger Med).
        DemoUser(
            "dgsn.coordinator", "Mustapha Kettani", Role.SUPERVISOR, "ma-dgsn", "tanger-med-port"
        ),
        DemoUser("dgst.supervisor", "Omar Chraibi", Role.SUPERVISOR, "ma-dgst"),
        # A node administrator manages only their own agency's users: one per demo agency.
        DemoUser("ma.admin", "Hamza Alaoui", Role.NODE_ADMIN, "ma-dgsn"),
        DemoUser("dgst.admin", "Rim Benjelloun", Role.NODE_ADMIN, "ma-dgst"),
        # A DPO reads their own agency's log; the node auditor the whole node's.
        DemoUser("ma.dpo", "Leila Berrada", Role.DATA_PROTECTION_OFFICER, "ma-dgsn"),
        DemoUser("ma.auditor", "Driss Lahlou", Role.NODE_AUDITOR, "ma-dgsn"),
        # Governance (issue 15): the follow-up committee's secretary and the director general
        # who co-chairs the Strategic Committee for Morocco.
        DemoUser("ma.secretary", "Fatima Zahra El Fassi", Role.SECRETARIAT, "ma-dgsn"),
        DemoUser("ma.chair", "Rachid El Mansouri", Role.CHAIR, "ma-dgsn"),
    ),
    "es": (
        DemoUser(
            "cgi.analyst", "Lucía Navarro Gil", Role.ANALYST, "es-pn-cgi", "counter-terrorism"
        ),
        DemoUser("gc.officer", "Javier Romero Ortega", Role.OFFICER, "es-gc", "algeciras-port"),
        # Releases the Guardia Civil's alerts (four eyes: not the officer who drafts them).
        DemoUser("gc.supervisor", "Beatriz Santos Herrera", Role.SUPERVISOR, "es-gc"),
        DemoUser("pn.liaison", "Marta Castillo Ruiz", Role.LIAISON_OFFICER, "es-pn"),
        DemoUser("pn.supervisor", "Andrés Molina Vidal", Role.SUPERVISOR, "es-pn"),
        DemoUser("cgi.supervisor", "Irene Vega Luna", Role.SUPERVISOR, "es-pn-cgi"),
        DemoUser("es.admin", "Elena Ferrer Soto", Role.NODE_ADMIN, "es-pn"),
        DemoUser("cgi.admin", "Sergio Prieto Marín", Role.NODE_ADMIN, "es-pn-cgi"),
        DemoUser("gc.admin", "Rosa Delgado Fuentes", Role.NODE_ADMIN, "es-gc"),
        DemoUser("es.dpo", "Pablo Serrano Cano", Role.DATA_PROTECTION_OFFICER, "es-pn"),
        DemoUser("es.auditor", "Clara Iglesias Pardo", Role.NODE_AUDITOR, "es-pn"),
        DemoUser("es.secretary", "Carmen Ortiz Blanco", Role.SECRETARIAT, "es-pn"),
        DemoUser("es.chair", "Ricardo Núñez Calvo", Role.CHAIR, "es-pn"),
    ),
    # The Portuguese node: the PSP, a partner of the 2030 World Cup security committee.
    "pt": (
        DemoUser("psp.analyst", "Inês Carvalho Sousa", Role.ANALYST, "pt-psp", "intelligence"),
        DemoUser("psp.officer", "Tiago Ferreira Santos", Role.OFFICER, "pt-psp", "lisbon-command"),
        DemoUser("psp.liaison", "Rui Almeida Costa", Role.LIAISON_OFFICER, "pt-psp"),
        DemoUser("psp.supervisor", "Ana Rodrigues Pinto", Role.SUPERVISOR, "pt-psp"),
        DemoUser("pt.admin", "Miguel Pereira Lopes", Role.NODE_ADMIN, "pt-psp"),
        DemoUser("pt.dpo", "Sofia Martins Gomes", Role.DATA_PROTECTION_OFFICER, "pt-psp"),
        DemoUser("pt.auditor", "João Ribeiro Teixeira", Role.NODE_AUDITOR, "pt-psp"),
        DemoUser("pt.secretary", "Helena Sousa Marques", Role.SECRETARIAT, "pt-psp"),
        # The PSP's co-chair of the 2030 World Cup's joint security committee.
        DemoUser("pt.chair", "Duarte Nogueira Campos", Role.CHAIR, "pt-psp"),
    ),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    full_name: str
    role: str
    agency: str
    unit: str
    totp_secret: str
    otpauth_uri: str
    created: bool


# Liaison officers posted to the liaison channels of DESIGN.md §1.
DEMO_LIAISON_POSTS: dict[str, tuple[tuple[str, str], ...]] = {
    "ma": (("liaison-ma-madrid", "dgsn.liaison"),),
    "es": (("liaison-es-ct-rabat", "pn.liaison"),),
}


def require_demo_mode() -> None:
    mode = settings.NODE.mode
    if mode != "demo":
        raise NotADemoNode(
            f"this node ({settings.NODE.home}) is in {mode} mode; demo users and printed "
            "second-factor codes exist only in demo mode"
        )


def totp_secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii")


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


@transaction.atomic
def ensure_demo_user(spec: DemoUser) -> DemoLogin:
    """Create the user and a confirmed TOTP device once; later runs only read them back."""
    require_demo_mode()
    user = User.objects.filter(username=normalise_username(spec.username)).first()
    created = user is None
    if user is None:
        agency = Agency.objects.get(code=spec.agency)
        unit = Unit.objects.get(agency=agency, code=spec.unit) if spec.unit else None
        user = do_create_user(
            username=spec.username,
            full_name=spec.full_name,
            agency=agency,
            unit=unit,
            role=spec.role,
            password=DEMO_PASSWORD,
            acting_user=None,
        )
    device = confirmed_device(user)
    if device is None:
        # Enrolled as at a first login, with no code to type: the demo prints the secret.
        device = do_start_enrolment(user)
        do_enrol_second_factor(device)
    return DemoLogin(
        username=user.username,
        password=DEMO_PASSWORD,
        full_name=user.full_name,
        role=str(Role(user.role).label),
        agency=user.agency.abbreviation,
        unit=user.unit.name_en if user.unit else "",
        totp_secret=totp_secret(device),
        otpauth_uri=device.config_url,
        created=created,
    )


def ensure_demo_world() -> list[DemoLogin]:
    """This node's demo users (by its code in node.toml), created where missing."""
    require_demo_mode()
    specs = DEMO_USERS.get(settings.NODE.code)
    if specs is None:
        raise NotADemoNode(
            f"no demo users for node {settings.NODE.code!r}; demo nodes are {sorted(DEMO_USERS)}"
        )
    logins = [ensure_demo_user(spec) for spec in specs]
    from strait.exchange.seed import post_liaison_officer, seed_channels

    seed_channels()  # idempotent; `strait init` has usually done it already
    for channel, username in DEMO_LIAISON_POSTS.get(settings.NODE.code, ()):
        post_liaison_officer(channel, username)
    from strait.checks.demo import seed_demo_openings

    seed_demo_openings(settings.NODE.code)  # idempotent; the port station's checks
    from strait.entities.demo import seed_demo_entities

    seed_demo_entities(settings.NODE.code)  # idempotent; synthetic persons only
    return logins
