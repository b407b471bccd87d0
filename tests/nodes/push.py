"""Node-side code of push's benchmark (benchmarks/alerts.py) and browser test: logged-in
sessions for many users, as the login flow leaves them (both factors done), and a migration
surge drafted, submitted and released on ma (four eyes) to the Guardia Civil on es."""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User
from strait.accounts.sessions import register_session
from strait.alerts import actions
from tests.nodes.common import agency, user

BACKEND = "strait.accounts.backends.NormalisedUsernameBackend"


def sessions(agency_code: str, count: int, role: str = "officer", prefix: str = "bench") -> dict:
    """``count`` users of the agency (made once), each with a fresh verified session: their
    usernames and session keys, for clients that hold a page open as a browser would."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    where = agency(agency_code)
    keys: dict[str, str] = {}
    for n in range(count):
        username = f"{prefix}.{agency_code}.{n:04d}"
        person, made = User.objects.get_or_create(
            username=username,
            defaults={
                "agency": where,
                "role": role,
                "full_name": f"Bench user {n}",
                "language": "ar",
            },
        )
        if made:
            person.set_unusable_password()
            person.save()
        device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=person, name="bench", confirmed=True)
        session = store()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = BACKEND
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        register_session(session, person)
        session.save()
        keys[username] = str(session.session_key)
    return keys


def surge_draft(title: str, addressees: list[str]) -> dict[str, Any]:
    now = timezone.now()
    return {
        "type": "migration_surge",
        "title": title,
        "grounds": "Gathering of about 300 people reported near Castillejos.",
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": ["tanger-fnideq"],
        "valid_from": now - dt.timedelta(minutes=5),
        "valid_until": now + dt.timedelta(hours=6),
        "addressees": addressees,
        "details": {
            "place": "Fnideq beach",
            "estimated_people": 300,
            "boats": 4,
            "direction": "North, towards Ceuta",
            "lat": "35.85",
            "lon": "-5.35",
        },
    }


def submitted_surge(title: str, addressees: list[str]) -> str:
    """A DGSN officer's surge alert, submitted for release: the draft's uid."""
    draft = actions.save_draft(user("dgsn.officer"), surge_draft(title, addressees))
    actions.submit(user("dgsn.officer"), draft)
    return str(draft.uid)


def submitted_surges(titles: list[str], addressees: list[str]) -> list[str]:
    return [submitted_surge(title, addressees) for title in titles]


def release_paced(draft_uids: list[str], gap: float) -> list[dict[str, Any]]:
    """Release the drafts one by one, ``gap`` seconds apart (each release's event has come and
    gone before the next): what ``release`` says of each."""
    done = []
    for n, uid in enumerate(draft_uids):
        if n:
            time.sleep(gap)
        done.append(release(uid))
    return done


def release(draft_uid: str) -> dict[str, Any]:
    """The DGSN supervisor releases the draft: the alert's uid and the moments (Unix time)
    just before the release and once it is committed."""
    from strait.alerts.models import AlertDraft

    draft = AlertDraft.objects.get(uid=draft_uid)
    started = time.time()
    alert = actions.release(user("dgsn.supervisor"), draft)
    return {"uid": str(alert.obj.uid), "started": started, "committed": time.time()}


def release_surge(title: str, addressees: list[str]) -> dict[str, Any]:
    return release(submitted_surge(title, addressees))


def situation_load(crossings: int, alerts: int) -> dict[str, Any]:
    """The situation picture on ma (its home) as the demo opens it, brought up to ``crossings``
    reports within the last 24 hours (the map's default window: every one is drawn) and
    ``alerts`` active surge alerts issued by DGSN: what the map page is timed against. The
    reports are written as rows (5,000 changes ordered one by one would take minutes; the page
    reads the rows, not the changes)."""
    import random

    from strait.alerts.models import Alert
    from strait.situation import actions as situation
    from strait.situation import codes, queries
    from strait.situation.demo import MA_SEGMENTS
    from strait.situation.models import Crossing

    officer = user("dgsn.officer")
    pic = queries.picture(officer)
    if pic is None:  # as the demo opens it, with the partners of these two nodes only
        pic = situation.open_picture(
            user("dgsn.supervisor"),
            title="Strait of Gibraltar",
            participants=[(agency("es-gc"), "participant"), (agency("ma-dgst"), "participant")],
        )
        for spec in MA_SEGMENTS:
            situation.add_segment(
                officer, pic, code=spec.code, names=spec.names, shape=spec.shape, points=spec.points
            )
    segments = [s.code for s in queries.segments(pic)]
    rng = random.Random(20140811)
    now = timezone.now()
    missing = crossings - Crossing.objects.filter(picture=pic).count()
    Crossing.objects.bulk_create(
        [
            Crossing(
                picture=pic,
                agency=rng.choice(["ma-dgsn", "es-gc"]),
                at=now - dt.timedelta(minutes=rng.uniform(1, 23 * 60)),
                lat=round(rng.uniform(35.80, 36.10), 5),
                lon=round(rng.uniform(-5.60, -5.25), 5),
                people=rng.randint(1, 60),
                boat=rng.choice(list(codes.Boat)),
                outcome=rng.choice(list(codes.Outcome)),
                segment=rng.choice(segments) if segments else "",
                by_name="Bench",
                reported_at=now,
            )
            for _n in range(max(0, missing))
        ],
        batch_size=1000,
    )
    active = Alert.objects.count()
    titles = [f"Surge {n + 1} near Fnideq" for n in range(max(0, alerts - active))]
    for uid in submitted_surges(titles, ["es-gc"]):
        release(uid)
    return {
        "crossings": Crossing.objects.filter(picture=pic).count(),
        "alerts": Alert.objects.count(),
    }
