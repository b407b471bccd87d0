"""The demo manifest: every row valid, and none but the checks demo's subject (Abdelatif El
Khattabi, held by DGSN in Arabic only) near a person of the demo agencies' synthetic crowd, so
the Guardia Civil officer at Algeciras sees exactly the hits the walk-through promises."""

from __future__ import annotations

from strait.entities.demo import DEMO_CHECK_SUBJECT_AR, DEMO_CHECK_SUBJECT_BIRTH_DATE
from strait.matching import Index
from strait.matching.synthetic import generate_persons
from strait.ports import manifests
from strait.ports.manifest_views import DEMO_MANIFEST

SUBJECT = "Abdelatif El Khattabi"


def rows() -> list[manifests.Row]:
    return manifests.check(manifests.read_csv(DEMO_MANIFEST.read_bytes()))


def test_the_demo_manifest_is_valid_and_names_the_checks_subject_once() -> None:
    checked = rows()
    assert len(checked) == 41
    assert [r.name for r in checked].count(SUBJECT) == 1
    assert sum(1 for r in checked if r.plate) == 8


def test_only_the_subject_is_near_anyone_the_demo_agencies_hold() -> None:
    index = Index()
    for seed in (0, 1, 10, 11):  # the crowds of ma-dgsn, ma-dgst, es-gc, es-pn-cgi
        for person in generate_persons(400, seed=seed):
            index.add(
                f"{seed}:{person.id}",
                names=list(person.names),
                birth_dates=list(person.birth_dates),
            )
    index.add("subject", names=[DEMO_CHECK_SUBJECT_AR], birth_dates=[DEMO_CHECK_SUBJECT_BIRTH_DATE])
    flagged = {}
    for r in rows():
        found = [
            m.record_id
            for m in index.search(names=[r.name], birth_dates=[r.birth_date])
            if m.flagged
        ]
        if found:
            flagged[r.name] = found
    assert flagged == {SUBJECT: ["subject"]}
