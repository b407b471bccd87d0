"""The demo's meetings, as data (see ``demo_data.py`` for the bodies): the documents' dates and
places, synthetic delegations (headed by the demo's chairs), agendas, decisions and minutes.
Each delegation gives its members' positions in its own language. A meeting given ``days_ago``
is dated relative to the day the demo runs: the interior ministers' last one five months and a
week before, so the dashboard warns that their next one falls due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from strait.governance.demo_data import (
    CT,
    CYBER,
    ES_CHAIR_NAME,
    FOLLOW_UP,
    MA_CHAIR_NAME,
    MARRAKECH_2014,
    MINISTERS,
    SEMINARS,
    STRATEGIC,
    TRAINING,
    TRILATERAL,
    WORLD_CUP,
    Texts,
    texts,
)


@dataclass(frozen=True)
class DemoMeeting:
    key: str
    body: str  # the body's code
    place: str
    title: Texts
    starts_on: dt.date | None = None
    days_ago: int | None = None  # instead of a date: relative to the day the demo runs
    ends_on: dt.date | None = None
    status: str = "held"
    # (agency, name, position, head)
    attendees: tuple[tuple[str, str, str, bool], ...] = ()
    agenda: tuple[Texts, ...] = ()
    decisions: tuple[Texts, ...] = ()
    minutes: Texts = field(default_factory=dict)  # language -> text
    signed: bool = False  # both chairs sign its minutes in the demo

    def date(self, today: dt.date) -> dt.date:
        if self.starts_on is not None:
            return self.starts_on
        return today - dt.timedelta(days=self.days_ago or 0)


def _police_delegations(
    ma_extra: tuple[str, str] = ("Leila Berrada", "رئيسة قسم التعاون الدولي"),
    es_extra: tuple[str, str] = ("Marta Iglesias Rey", "Jefa de Cooperación Internacional"),
) -> tuple[tuple[str, str, str, bool], ...]:
    return (
        ("ma-dgsn", MA_CHAIR_NAME, "المدير العام للأمن الوطني", True),
        ("ma-dgsn", ma_extra[0], ma_extra[1], False),
        ("es-pn", ES_CHAIR_NAME, "Director General de la Policía", True),
        ("es-pn", es_extra[0], es_extra[1], False),
    )


MARRAKECH_MINUTES_AR = (
    "محضر الدورة الثانية للجنة الأمنية الاستراتيجية، مراكش، 7 مارس 2014.\n"
    "ترأس الاجتماع المديران العامان للأمن بالمغرب وإسبانيا، في ختام الندوة العلمية المغربية "
    "الإسبانية الثانية حول «التطرف الظلامي وسبل مواجهته: تحديات الإنتاج المشترك للأمن».\n"
    "صادقت اللجنة على التوصيات الخمس الصادرة عن الندوة: تنظيم اجتماعات سنوية للجنة "
    "الاستراتيجية؛ إحداث لجنة لتتبع تنفيذ التوصيات؛ إنشاء ثلاث لجن فرعية تقنية؛ إعداد مخطط عمل "
    "ثنائي برسم سنة 2014 في مجال التكوين والمساعدة التقنية؛ خلق دينامية في قنوات التواصل لتبادل "
    "المعلومات ذات الطابع العملي والاستراتيجي.\n"
    "تتولى لجنة التتبع تسجيل الإجراءات المترتبة عن كل توصية وتتبع تنفيذها."
)
MARRAKECH_MINUTES_ES = (
    "Acta de la segunda sesión del Comité Estratégico de Seguridad, Marrakech, 7 de marzo de "
    "2014.\nPresidieron la sesión los directores generales de la policía de Marruecos y de "
    "España, al término del segundo seminario científico hispano-marroquí sobre «El extremismo "
    "oscurantista y cómo afrontarlo: los retos de la producción conjunta de seguridad».\n"
    "El Comité aprobó las cinco recomendaciones del seminario: reuniones anuales del Comité "
    "Estratégico; un comité de seguimiento de las recomendaciones; tres subcomités técnicos; un "
    "plan de acción bilateral para 2014 en materia de formación y asistencia técnica; mayor "
    "dinamismo en los canales de comunicación para el intercambio de información operativa y "
    "estratégica.\nEl Comité de Seguimiento registra las acciones de cada recomendación y "
    "sigue su ejecución."
)


def _minutes(ar: str, es: str) -> Texts:
    return {"ar": ar, "es": es}


def _short_minutes(place: str, day: dt.date | None, subject_ar: str, subject_es: str) -> Texts:
    when = f"{day:%d/%m/%Y}" if day else ""
    return _minutes(
        f"محضر اجتماع {place} {when}.\n{subject_ar}\n(نص تجريبي اصطناعي.)",
        f"Acta de la reunión de {place} {when}.\n{subject_es}\n(Texto sintético de demostración.)",
    )


MINISTERS_LAST = "ministers-last"

MEETINGS: tuple[DemoMeeting, ...] = (
    DemoMeeting(
        "strategic-cordoba-2013",
        STRATEGIC,
        "Córdoba",
        texts(
            "الاجتماع التأسيسي للجنة الاستراتيجية",
            "Reunión constitutiva del Comité Estratégico",
            "Réunion constitutive du Comité stratégique",
            "Founding meeting of the Strategic Committee",
        ),
        starts_on=dt.date(2013, 11, 28),
        attendees=_police_delegations(),
        agenda=(
            texts(
                "الرؤية الاستراتيجية للتعاون الثنائي",
                "Visión estratégica de la cooperación bilateral",
                "Vision stratégique de la coopération bilatérale",
                "Strategic vision of bilateral cooperation",
            ),
            texts(
                "المجالات ذات الأولوية في التنسيق الأمني",
                "Ámbitos prioritarios de la coordinación",
                "Domaines prioritaires de la coordination",
                "Priority areas of coordination",
            ),
        ),
        decisions=(
            texts(
                "إحداث اللجنة الأمنية الاستراتيجية برئاسة المديرين العامين للشرطة",
                "Se crea el Comité Estratégico, copresidido por los directores generales",
                "Création du Comité stratégique, coprésidé par les directeurs généraux",
                "The Strategic Committee is founded, co-chaired by the directors general",
            ),
        ),
        minutes=_short_minutes(
            "قرطبة",
            dt.date(2013, 11, 28),
            "إحداث اللجنة الاستراتيجية وتحديد المجالات ذات الأولوية.",
            "Constitución del Comité Estratégico y ámbitos prioritarios.",
        ),
    ),
    DemoMeeting(
        "seminar-cordoba-2013",
        SEMINARS,
        "Córdoba",
        texts(
            "الندوة الأولى: تحديات جديدة، مزيد من التعاون",
            "I Seminario: nuevos retos, más cooperación",
            "Ier séminaire : nouveaux défis, davantage de coopération",
            "1st seminar: new challenges, more cooperation",
        ),
        starts_on=dt.date(2013, 11, 27),
        ends_on=dt.date(2013, 11, 28),
        attendees=_police_delegations(),
    ),
    DemoMeeting(
        "seminar-marrakech-2014",
        SEMINARS,
        "Marrakech",
        texts(
            "الندوة الثانية: التطرف الظلامي وسبل مواجهته",
            "II Seminario: el extremismo oscurantista y cómo afrontarlo",
            "IIe séminaire : l'extrémisme obscurantiste et comment y faire face",
            "2nd seminar: obscurantist extremism and how to confront it",
        ),
        starts_on=dt.date(2014, 3, 6),
        ends_on=dt.date(2014, 3, 7),
        attendees=_police_delegations(),
    ),
    DemoMeeting(
        MARRAKECH_2014,
        STRATEGIC,
        "Marrakech",
        texts(
            "الدورة الثانية للجنة الاستراتيجية",
            "Segunda sesión del Comité Estratégico",
            "Deuxième session du Comité stratégique",
            "Second session of the Strategic Committee",
        ),
        starts_on=dt.date(2014, 3, 7),
        attendees=_police_delegations(),
        agenda=(
            texts(
                "توصيات الندوة العلمية الثانية",
                "Recomendaciones del II Seminario",
                "Recommandations du IIe séminaire",
                "Recommendations of the 2nd seminar",
            ),
        ),
        decisions=(
            texts(
                "المصادقة على توصيات الندوة وإحالتها على لجنة التتبع",
                "Se aprueban las recomendaciones y se encomienda su seguimiento",
                "Les recommandations sont approuvées et confiées au comité de suivi",
                "The recommendations are approved and handed to the follow-up committee",
            ),
        ),
        minutes=_minutes(MARRAKECH_MINUTES_AR, MARRAKECH_MINUTES_ES),
        signed=True,
    ),
    DemoMeeting(
        "ministers-tetouan-2014",
        MINISTERS,
        "Tétouan",
        texts(
            "اجتماع عمل وزيري الداخلية",
            "Reunión de trabajo de los Ministros del Interior",
            "Réunion de travail des ministres de l'Intérieur",
            "Working meeting of the interior ministers",
        ),
        starts_on=dt.date(2014, 8, 27),
        attendees=(
            ("ma-interior", "Abdelkrim Saadi", "وزير الداخلية", True),
            ("ma-interior", "Mounir Lahlou", "الوزير المنتدب لدى وزير الداخلية", False),
            ("es-interior", "Alberto Cuesta Lara", "Ministro del Interior", True),
            ("es-interior", "Elena Soria Maldonado", "Secretaria de Estado de Seguridad", False),
        ),
        agenda=(
            texts("محاربة الإرهاب", "Lucha contra el terrorismo", "Antiterrorisme", "Terrorism"),
            texts(
                "عملية العبور 2014",
                "Operación Paso del Estrecho 2014",
                "Opération Transit 2014",
                "Operation Transit 2014",
            ),
            texts(
                "الهجرة غير الشرعية",
                "Inmigración irregular",
                "Migration irrégulière",
                "Irregular migration",
            ),
            texts("تهريب المخدرات", "Narcotráfico", "Trafic de drogue", "Drug trafficking"),
        ),
        decisions=(
            texts(
                "الاجتماع مرة واحدة كل ستة أشهر على الأقل",
                "Reunirse al menos una vez cada seis meses",
                "Se réunir au moins une fois tous les six mois",
                "Meet at least once every six months",
            ),
        ),
        minutes=_short_minutes(
            "تطوان",
            dt.date(2014, 8, 27),
            "اتفق الوزيران على الاجتماع مرة واحدة كل ستة أشهر على الأقل.",
            "Los ministros acuerdan reunirse al menos una vez cada seis meses.",
        ),
    ),
    DemoMeeting(
        "strategic-rabat-2022",
        STRATEGIC,
        "Rabat",
        texts(
            "زيارة المدير العام للشرطة الإسبانية للرباط",
            "Visita del Director General de la Policía a Rabat",
            "Visite du directeur général de la police espagnole à Rabat",
            "Visit of Spain's director general of police to Rabat",
        ),
        starts_on=dt.date(2022, 8, 10),
        attendees=_police_delegations(
            es_extra=("Pablo Serrano Gil", "Comisario General de Información")
        ),
        agenda=(
            texts(
                "أمن المنافذ الحدودية والشرطة العلمية والتقنية",
                "Seguridad de los pasos fronterizos y policía científica",
                "Sécurité des points de passage et police scientifique",
                "Border-crossing security and forensic police",
            ),
            texts(
                "برامج التكوين وفرق النخبة",
                "Programas de formación y unidades de élite",
                "Programmes de formation et unités d'élite",
                "Training programmes and elite units",
            ),
        ),
    ),
    DemoMeeting(
        "trilateral-madrid-2025",
        TRILATERAL,
        "Madrid",
        texts(
            "الاجتماع الثلاثي المغرب وإسبانيا وألمانيا",
            "Reunión trilateral Marruecos, España y Alemania",
            "Réunion trilatérale Maroc, Espagne, Allemagne",
            "Trilateral meeting Morocco, Spain and Germany",
        ),
        starts_on=dt.date(2025, 1, 27),
        attendees=_police_delegations(),
        agenda=(
            texts(
                "تأمين التظاهرات الرياضية الكبرى",
                "Seguridad de los grandes eventos deportivos",
                "Sécurité des grands événements sportifs",
                "Security of major sporting events",
            ),
        ),
    ),
    DemoMeeting(
        "ministers-madrid-2025",
        MINISTERS,
        "Madrid",
        texts(
            "اجتماع وزيري الداخلية",
            "Reunión de los Ministros del Interior",
            "Réunion des ministres de l'Intérieur",
            "Interior Ministers' meeting",
        ),
        starts_on=dt.date(2025, 2, 10),
        attendees=(
            ("ma-interior", "Abdelkrim Saadi", "وزير الداخلية", True),
            ("es-interior", "Alberto Cuesta Lara", "Ministro del Interior", True),
        ),
        decisions=(
            texts(
                "مواصلة تعزيز القدرات الاستباقية والتنسيق العملياتي",
                "Seguir reforzando las capacidades de anticipación y la coordinación operativa",
                "Renforcer encore l'anticipation et la coordination opérationnelle",
                "Keep strengthening anticipation and operational coordination",
            ),
        ),
    ),
    DemoMeeting(
        "strategic-rabat-2026",
        STRATEGIC,
        "Rabat",
        texts(
            "دورة اللجنة الاستراتيجية",
            "Sesión del Comité Estratégico",
            "Session du Comité stratégique",
            "Session of the Strategic Committee",
        ),
        starts_on=dt.date(2026, 1, 20),
        attendees=_police_delegations(),
        minutes=_short_minutes(
            "الرباط",
            dt.date(2026, 1, 20),
            "تقييم حصيلة التعاون وتحضير كأس العالم 2030.",
            "Balance de la cooperación y preparación del Mundial 2030.",
        ),
    ),
    # Synthetic: the ministers' last meeting, five months and a week before the demo runs, and
    # none scheduled since: the dashboard warns that the next one falls due.
    DemoMeeting(
        MINISTERS_LAST,
        MINISTERS,
        "Rabat",
        texts(
            "اجتماع وزيري الداخلية",
            "Reunión de los Ministros del Interior",
            "Réunion des ministres de l'Intérieur",
            "Interior Ministers' meeting",
        ),
        days_ago=160,
        attendees=(
            ("ma-interior", "Abdelkrim Saadi", "وزير الداخلية", True),
            ("es-interior", "Alberto Cuesta Lara", "Ministro del Interior", True),
        ),
    ),
    # Synthetic: the follow-up committee, sub-committees and World Cup committee on schedule.
    DemoMeeting(
        "follow-up-recent",
        FOLLOW_UP,
        "Tanger",
        texts(
            "اجتماع لجنة التتبع",
            "Reunión del Comité de Seguimiento",
            "Réunion du comité de suivi",
            "Follow-up Committee meeting",
        ),
        days_ago=75,
        attendees=(
            ("ma-dgsn", "Leila Berrada", "رئيسة قسم التعاون الدولي", True),
            ("es-pn", "Marta Iglesias Rey", "Jefa de Cooperación Internacional", True),
        ),
    ),
    DemoMeeting(
        "follow-up-next",
        FOLLOW_UP,
        "Algeciras",
        texts(
            "اجتماع لجنة التتبع",
            "Reunión del Comité de Seguimiento",
            "Réunion du comité de suivi",
            "Follow-up Committee meeting",
        ),
        days_ago=-60,
        status="scheduled",
    ),
    DemoMeeting(
        "strategic-next",
        STRATEGIC,
        "Madrid",
        texts(
            "دورة اللجنة الاستراتيجية",
            "Sesión del Comité Estratégico",
            "Session du Comité stratégique",
            "Session of the Strategic Committee",
        ),
        days_ago=-35,
        status="scheduled",
    ),
    DemoMeeting(
        "ct-recent",
        CT,
        "Madrid",
        texts(
            "اجتماع اللجنة الفرعية",
            "Reunión del subcomité",
            "Réunion du sous-comité",
            "Sub-committee meeting",
        ),
        days_ago=120,
    ),
    DemoMeeting(
        "training-recent",
        TRAINING,
        "Kénitra",
        texts(
            "اجتماع اللجنة الفرعية",
            "Reunión del subcomité",
            "Réunion du sous-comité",
            "Sub-committee meeting",
        ),
        days_ago=140,
    ),
    DemoMeeting(
        "cyber-recent",
        CYBER,
        "Rabat",
        texts(
            "اجتماع اللجنة الفرعية",
            "Reunión del subcomité",
            "Réunion du sous-comité",
            "Sub-committee meeting",
        ),
        days_ago=100,
    ),
    DemoMeeting(
        "world-cup-recent",
        WORLD_CUP,
        "Lisboa",
        texts(
            "اجتماع اللجنة الأمنية المشتركة",
            "Reunión del Comité Conjunto de Seguridad",
            "Réunion du comité conjoint de sécurité",
            "Joint Security Committee meeting",
        ),
        days_ago=45,
    ),
)
