"""The committee report: for one body and one period, the meetings held against the cadence,
the recommendations and their actions (status, lateness, evidence counted by kind), the training
delivered and the joint operations' outcomes the reader may see, with charts; a PDF in Arabic
(right to left, the shipped Arabic font embedded) or Spanish, French, English. A period that ends
before it starts is refused. The pages of both languages are rendered to PNG under
test-artifacts/ (governance-report-*.png) to be looked at."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.audit.models import AuditEntry
from strait.governance import report
from strait.governance.models import CourseEvaluation, CourseParticipants
from strait.operations import actions as operation_actions
from strait.permissions import Role
from strait.refusals import Refused
from tests.api_client import Api
from tests.factories.governance import (
    ActionItemFactory,
    CourseFactory,
    EvidenceFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tests.factories.operations import add_members, make_operation
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
START, END = dt.date(2014, 1, 1), dt.date(2014, 12, 31)
HOSTILE = '<img src="http://example.invalid/x.png">'


@pytest.fixture
def year_2014(world: World, make_user: Callable[..., User]) -> dict[str, Any]:
    """The Strategic Committee's 2014: Córdoba 2013 before it, Marrakech in March 2014, a
    meeting cancelled; two recommendations of Marrakech with actions (one done with evidence,
    one late without), one older recommendation whose action fell due in 2014, one of 2015;
    two courses (one delivered, evaluated) and a planned one; a joint operation with arrests."""
    w = world
    body = w.body
    MeetingFactory(body=body, starts_on=dt.date(2013, 11, 20), place="Córdoba")
    marrakech = MeetingFactory(body=body, starts_on=dt.date(2014, 3, 12), place="Marrakech")
    MeetingFactory(body=body, starts_on=dt.date(2014, 10, 1), place="Rabat", status="cancelled")
    later = MeetingFactory(body=body, starts_on=dt.date(2015, 3, 2), place="Madrid")
    analyst = make_user(agency=w.ma, role=Role.ANALYST)
    cedar = make_operation(analyst, [(w.es, "participant")])
    add_members(analyst, cedar, w.ma_secretary)

    plan = RecommendationFactory(
        body=body,
        meeting=marrakech,
        number="R1",
        texts={
            "ar": "خطة عمل ثنائية لسنة 2014 في مجال التكوين والمساعدة التقنية",
            "es": "Plan de acción bilateral 2014 de formación y asistencia técnica",
            "fr": "Plan d'action bilatéral 2014 de formation et d'assistance technique",
            "en": "A bilateral action plan for 2014 on training and technical assistance",
        },
    )
    channels = RecommendationFactory(
        body=body,
        meeting=marrakech,
        number="R2",
        texts={
            "ar": "مزيد من الدينامية في قنوات تبادل المعلومات العملياتية والاستراتيجية",
            "es": "Más dinamismo en los canales de información operativa y estratégica " + HOSTILE,
        },
    )
    older = RecommendationFactory(
        body=body, meeting=None, number="R0", texts={"es": "Reuniones anuales del Comité"}
    )
    RecommendationFactory(body=body, meeting=later, number="R9", texts={"es": "De 2015"})
    done = ActionItemFactory(
        recommendation=plan,
        owner_agency=w.ma.code,
        co_owner_agency=w.es.code,
        title={"ar": "تنظيم أول دورة مشتركة", "es": "Organizar el primer curso conjunto"},
        deadline=dt.date(2014, 10, 31),
        status="done",
        done_on=dt.date(2014, 10, 10),
    )
    # The operation is linked as evidence: the DGSN's secretary (a member) sees its name.
    EvidenceFactory(action=done, kind="operation", ref=str(cedar.obj.uid))
    EvidenceFactory(
        action=done,
        kind="operation",
        ref=str(cedar.obj.uid),
        removed_at=dt.datetime(2014, 11, 1, tzinfo=dt.UTC),
    )
    ActionItemFactory(
        recommendation=channels,
        owner_agency=w.es.code,
        co_owner_agency=w.ma.code,
        title={"ar": "فتح قناة آمنة", "es": "Abrir un canal seguro"},
        deadline=dt.date(2014, 6, 30),
        status="in_progress",
    )
    ActionItemFactory(
        recommendation=older, deadline=dt.date(2014, 11, 20), status="planned", title={"es": "X"}
    )

    forensic = CourseFactory(
        body=body,
        title={"ar": "الشرطة العلمية والتقنية", "es": "Policía científica y técnica"},
        host_agency=w.es.code,
    )
    EvidenceFactory(action=done, kind="course", ref=str(forensic.uid))
    CourseParticipants.objects.create(course=forensic, agency=w.ma.code, count=12)
    CourseParticipants.objects.create(course=forensic, agency=w.es.code, count=4)
    for score in (4, 5, 5):
        CourseEvaluation.objects.create(
            course=forensic, agency=w.ma.code, score=score, created_at=dt.datetime.now(dt.UTC)
        )
    CourseFactory(
        body=body,
        topic="border_security",
        title={"es": "Seguridad de pasos fronterizos"},
        host_agency=w.ma.code,
        starts_on=dt.date(2014, 12, 1),
        ends_on=dt.date(2014, 12, 5),
        place="Tánger",
        status="planned",
    )

    for on, count in (
        (dt.date(2014, 8, 14), 7),
        (dt.date(2014, 9, 2), 5),
        (dt.date(2015, 1, 3), 9),
    ):
        operation_actions.record_outcome(
            analyst, cedar, kind="arrest", country="MA", on=on, count=count
        )
    return {"body": body, "marrakech": marrakech}


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _embedded_fonts(data: bytes) -> set[str]:
    """The names of the fonts whose program is embedded in the PDF."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def _save_pngs(data: bytes, name: str) -> None:
    """Every page as test-artifacts/<name>-<n>.png, to be looked at."""
    import pypdfium2

    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    document = pypdfium2.PdfDocument(data)
    for index in range(len(document)):
        document[index].render(scale=1.6).to_pil().save(ARTIFACTS / f"{name}-{index + 1}.png")
    document.close()


def test_the_arabic_report_is_arabic_right_to_left_with_the_shipped_font_embedded(
    world: World, year_2014: dict[str, Any]
) -> None:
    html = report.pdf.render_html(
        "governance/report_pdf.html",
        {"report": report.build(world.ma_secretary, world.body, START, END, "ar")},
        "ar",
    )
    assert '<html lang="ar" dir="rtl">' in html
    data = report.render_pdf(world.ma_secretary, world.body, START, END, "ar")
    _save_pngs(data, "governance-report-ar")
    text = _text(data)
    assert "Marrakech" in text
    assert "2014" in text
    # Arabic letters (the body's name, the recommendation) are in the text layer.
    assert sum("\u0600" <= ch <= "\u06ff" for ch in text) > 200
    assert any(name.startswith("Strait-Naskh") for name in _embedded_fonts(data))


def test_the_spanish_report_holds_the_year_in_spanish(
    world: World, year_2014: dict[str, Any]
) -> None:
    data = report.render_pdf(world.ma_secretary, world.body, START, END, "es")
    _save_pngs(data, "governance-report-es")
    text = " ".join(_text(data).split())
    assert "Comité Estratégico" in text
    assert "Plan de acción bilateral 2014" in text
    assert "Organizar el primer curso conjunto" in text
    # A partner's text is text: the markup shows, nothing is fetched.
    assert "<img" in text
    assert "R9" not in text  # a recommendation of 2015, not followed in 2014


def test_the_report_counts_meetings_actions_training_and_outcomes(
    world: World, year_2014: dict[str, Any]
) -> None:
    found = report.build(world.ma_secretary, world.body, START, END, "en")
    assert (found.held, found.expected) == (1, 1)  # Marrakech; Rabat was cancelled
    assert [m.place for m in found.meetings] == ["Marrakech"]
    assert [r.number for r in found.recommendations] == ["R0", "R1", "R2"]
    by_number = {r.number: r for r in found.recommendations}
    done = by_number["R1"].actions[0]
    # Each link as the reader sees it; the removed link not counted.
    assert done.evidence == [
        ("Joint operation: Operation Cedar", 1),
        ("Training delivered: الشرطة العلمية والتقنية", 1),  # no English title: the first
    ]
    assert done.days_late == 0
    late = by_number["R2"].actions[0]
    assert late.days_late == (END - dt.date(2014, 6, 30)).days
    assert by_number["R2"].without_evidence
    assert found.late == 2  # R2's channel and R0's planned action, both past due by 31 Dec
    assert dict(found.actions_by_status) == {
        "Planned": 1,
        "In progress": 1,
        "Done": 1,
        "Dropped": 0,
    }
    assert (len(found.courses), found.delivered, found.participants) == (2, 1, 16)
    assert found.training_mean == 4.7
    arrests = dict((label, n) for label, n, _ops in found.outcomes)["Arrests"]
    assert (arrests, found.operations) == (12, 1)  # 2015's nine not counted


def test_outcomes_and_evidence_only_as_the_reader_may_see_them(
    world: World, year_2014: dict[str, Any]
) -> None:
    # The Spanish secretary is no member of the operation: no outcome for them, and the
    # operation linked as evidence is only "a joint operation", never its name.
    found = report.build(world.es_secretary, world.body, START, END, "en")
    assert found.operations == 0
    assert all(n == 0 for _label, n, _ops in found.outcomes)
    done = found.recommendations[1].actions[0]
    assert done.evidence[0] == ("a joint operation (not visible to you)", 1)
    data = report.render_pdf(world.es_secretary, world.body, START, END, "en")
    assert "Cedar" not in _text(data)


def test_a_period_that_ends_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(Refused) as refused:
        report.generate(world.ma_secretary, world.body, END, START, "ar")
    assert refused.value.code == "bad_period"
    assert not AuditEntry.objects.filter(action="governance.report_generated").exists()


def test_a_body_the_reader_does_not_take_part_in_is_not_found(world: World) -> None:
    with pytest.raises(Http404):
        report.render_pdf(world.outsider_secretary, world.body, START, END, "es")


def test_the_cadence_asks_for_meetings_by_the_period_and_the_founding(world: World) -> None:
    body = world.body  # yearly, founded 20 Nov 2013
    assert report.expected_meetings(body, dt.date(2014, 1, 1), dt.date(2016, 12, 31)) == 3
    assert report.expected_meetings(body, dt.date(2013, 1, 1), dt.date(2013, 12, 31)) == 0
    body.cadence, body.cadence_months = "months", 6
    assert report.expected_meetings(body, dt.date(2014, 1, 1), dt.date(2014, 12, 31)) == 2
    body.cadence = "ad_hoc"
    assert report.expected_meetings(body, dt.date(2014, 1, 1), dt.date(2014, 12, 31)) is None


def test_the_report_page_downloads_the_pdf_and_audits_it(
    world: World, year_2014: dict[str, Any], verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.es_chair)
    url = reverse("governance:reports")
    page = client.get(url)
    assert page.status_code == 200
    assert "Comité Estratégico" in page.content.decode() or "Strategic" in page.content.decode()
    answer = client.post(
        url,
        {
            "body": str(world.body.obj.uid),
            "start": "2014-01-01",
            "end": "2014-12-31",
            "language": "es",
        },
    )
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "attachment" in answer["Content-Disposition"]
    assert answer.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="governance.report_generated")
    assert entry.actor == world.es_chair.username
    assert entry.details == {"start": "2014-01-01", "end": "2014-12-31", "language": "es"}


def test_the_report_page_says_when_the_period_is_backwards(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.ma_secretary)
    answer = client.post(
        reverse("governance:reports"),
        {
            "body": str(world.body.obj.uid),
            "start": "2014-12-31",
            "end": "2014-01-01",
            "language": "ar",
        },
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/html")
    assert "The period ends before it starts." in answer.content.decode()
    assert not AuditEntry.objects.filter(action="governance.report_generated").exists()


def test_the_report_page_offers_only_the_bodies_the_reader_takes_part_in(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.outsider_secretary)
    answer = client.post(
        reverse("governance:reports"),
        {
            "body": str(world.body.obj.uid),
            "start": "2014-01-01",
            "end": "2014-12-31",
            "language": "es",
        },
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/html")
    assert "Comité Estratégico" not in answer.content.decode()


def test_the_api_answers_the_report_as_a_pdf_and_audits_it(
    world: World, year_2014: dict[str, Any]
) -> None:
    api = Api(world.es_secretary)
    body = {"body": str(world.body.obj.uid), "start": "2014-01-01", "end": "2014-12-31"}
    answer = api.post("/governance/reports", body | {"language": "ar"})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "Marrakech" in _text(answer.content)
    assert AuditEntry.objects.filter(action="governance.report_generated").count() == 1
    backwards = api.post("/governance/reports", body | {"start": "2015-01-01", "language": "es"})
    assert (backwards.status_code, backwards.json()["error"]) == (400, "bad_period")
    hidden = Api(world.outsider_secretary).post("/governance/reports", body | {"language": "es"})
    assert hidden.status_code == 404
    assert AuditEntry.objects.filter(action="governance.report_generated").count() == 1


def test_the_french_report_is_french_left_to_right(world: World, year_2014: dict[str, Any]) -> None:
    data = report.render_pdf(world.ma_secretary, world.body, START, END, "fr")
    text = " ".join(_text(data).split())
    assert "Comité stratégique" in text
    assert "Plan d'action bilatéral 2014" in text
    html = report.pdf.render_html(
        "governance/report_pdf.html",
        {"report": report.build(world.ma_secretary, world.body, START, END, "fr")},
        "fr",
    )
    assert '<html lang="fr" dir="ltr">' in html


@pytest.mark.parametrize("language", ["ar", "es", "fr", "en"])
def test_the_report_page_in_every_language(
    world: World, verified_client: Callable[..., Client], language: str
) -> None:
    client = verified_client(world.ma_secretary)
    client.cookies["django_language"] = language
    page = client.get(
        reverse("governance:reports"),
        {"body": str(world.body.obj.uid)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert page.status_code == 200
    html = page.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f'<option value="{world.body.obj.uid}" selected>' in html


def _images(data: bytes) -> int:
    found = 0
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        found += len(page.images)
    return found


def test_the_renderer_fetches_nothing_but_its_fonts_and_data_uris(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "picture.png"

    Image.new("RGB", (8, 8), "red").save(picture)
    inline = "data:image/png;base64," + base64.b64encode(picture.read_bytes()).decode()
    body = '<p>x</p><img src="{}" width="20" height="20">'
    document = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{}</body></html>'
    # A data: URI is drawn (the check below can see an image) ...
    assert _images(report.pdf.html_to_pdf(document.format(body.format(inline)))) == 1
    # ... a file on the disk or an address on the network is not fetched.
    for address in (picture.as_uri(), "http://127.0.0.1:9/x.png"):
        assert _images(report.pdf.html_to_pdf(document.format(body.format(address)))) == 0
