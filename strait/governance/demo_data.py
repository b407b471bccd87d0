"""The demo's governance, as data: the bodies the source documents name with their founding
dates, the Marrakech seminar's recommendations, and synthetic detail
where the documents give none (attendees, agendas, minutes, actions, courses). No person below
stands for a real one: delegations are headed by the demo's chairs, the rest are invented names.

The meetings are in ``demo_meetings.py``. Dates are the documents' where they give one; a few
are relative to the day the demo runs (the interior ministers' last meeting, so that the
dashboard warns that their next one falls due; an action's deadline, so that one is late).

Germany: the trilateral format meets with the German federal police, which has no agency and no
node in Strait (the agencies' seed knows Germany only as a country); its delegation is not
recorded, and no German node is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# The demo's people who act on governance (strait/demo/world.py).
MA_SECRETARY = "ma.secretary"
MA_CHAIR = "ma.chair"
ES_SECRETARY = "es.secretary"
ES_CHAIR = "es.chair"
# Who leads the joint operation the Spanish secretary links as evidence (OPERATIONS_CREATE).
OPERATION_LEAD = "dgsn.analyst"

# The chairs' names as their delegations give them (the demo users' synthetic names).
MA_CHAIR_NAME = "Rachid El Mansouri"
ES_CHAIR_NAME = "Ricardo Núñez Calvo"

Texts = dict[str, str]


def texts(ar: str, es: str, fr: str = "", en: str = "") -> Texts:
    return {k: v for k, v in {"ar": ar, "es": es, "fr": fr, "en": en}.items() if v}


@dataclass(frozen=True)
class DemoBody:
    code: str
    name_ar: str
    name_es: str
    name_fr: str
    name_en: str
    kind: str
    founded_on: dt.date
    cadence: str
    co_chairs: tuple[str, ...]
    members: tuple[str, ...]  # agencies taking part besides the secretary's own (ma-dgsn)
    area: str = "general"
    parent: str = ""  # the parent body's code
    cadence_months: int | None = None
    warn_months: int | None = None
    mandate: str = ""

    def values(self) -> dict[str, Any]:
        """``create_body``'s fields (the parent's uid is added by the demo)."""
        values: dict[str, Any] = {
            "code": self.code,
            "name_ar": self.name_ar,
            "name_es": self.name_es,
            "name_fr": self.name_fr,
            "name_en": self.name_en,
            "kind": self.kind,
            "area": self.area,
            "co_chairs": list(self.co_chairs),
            "mandate": self.mandate,
            "founded_on": self.founded_on,
            "cadence": self.cadence,
        }
        if self.cadence_months is not None:
            values["cadence_months"] = self.cadence_months
        if self.warn_months is not None:
            values["warn_months"] = self.warn_months
        return values


POLICE = ("ma-dgsn", "es-pn")

STRATEGIC = "strategic-committee"
FOLLOW_UP = "follow-up-committee"
CT = "subcommittee-counter-terrorism"
TRAINING = "subcommittee-training"
CYBER = "subcommittee-cybercrime"
MINISTERS = "interior-ministers"
MIGRATION = "migration-permanent-group"
WORLD_CUP = "world-cup-2030-security"
TRILATERAL = "trilateral-germany"
SEMINARS = "joint-seminars"

# The Strategic Committee's Marrakech session that adopted the seminar's recommendations
# (its key in demo_meetings.py).
MARRAKECH_2014 = "strategic-marrakech-2014"

BODIES: tuple[DemoBody, ...] = (
    DemoBody(
        STRATEGIC,
        "اللجنة الأمنية الاستراتيجية",
        "Comité Estratégico de Seguridad",
        "Comité stratégique de sécurité",
        "Strategic Security Committee",
        kind="committee",
        founded_on=dt.date(2013, 11, 28),
        cadence="yearly",
        warn_months=10,
        co_chairs=POLICE,
        members=("es-pn",),
        mandate="Co-chaired by the directors general of police of Morocco (DGSN) and Spain "
        "(Policía Nacional); founded in Córdoba in November 2013. Sets the priorities of both "
        "police services and takes and evaluates the measures that implement the strategic "
        "lines of bilateral security cooperation. Meets every year.",
    ),
    DemoBody(
        FOLLOW_UP,
        "لجنة تتبع تنفيذ التوصيات",
        "Comité de Seguimiento",
        "Comité de suivi",
        "Follow-up Committee",
        kind="committee",
        parent=STRATEGIC,
        founded_on=dt.date(2014, 3, 7),
        cadence="months",
        cadence_months=6,
        warn_months=5,
        co_chairs=POLICE,
        members=("es-pn",),
        mandate="Tracks the implementation of the recommendations approved by the Strategic "
        "Committee (recommended at the Marrakech seminar, March 2014).",
    ),
    DemoBody(
        CT,
        "اللجنة الفرعية لمحاربة الإرهاب والتطرف وتبادل المعلومات",
        "Subcomité de lucha contra el terrorismo, el extremismo e intercambio de información",
        "Sous-comité antiterrorisme, extrémisme et échange d'informations",
        "Sub-committee on counter-terrorism, extremism and information exchange",
        kind="subcommittee",
        area="counter_terrorism",
        parent=STRATEGIC,
        founded_on=dt.date(2014, 3, 7),
        cadence="yearly",
        warn_months=10,
        co_chairs=POLICE,
        members=("es-pn",),
    ),
    DemoBody(
        TRAINING,
        "اللجنة الفرعية للتكوين وتبادل الممارسات الجيدة",
        "Subcomité de formación e intercambio de buenas prácticas",
        "Sous-comité de la formation et de l'échange de bonnes pratiques",
        "Sub-committee on training and exchange of good practice",
        kind="subcommittee",
        area="training",
        parent=STRATEGIC,
        founded_on=dt.date(2014, 3, 7),
        cadence="yearly",
        warn_months=10,
        co_chairs=POLICE,
        members=("es-pn",),
    ),
    DemoBody(
        CYBER,
        "اللجنة الفرعية لمكافحة الجريمة المرتبطة بالتكنولوجيا الحديثة",
        "Subcomité de lucha contra la delincuencia tecnológica",
        "Sous-comité de lutte contre la criminalité liée aux nouvelles technologies",
        "Sub-committee on technology-related crime",
        kind="subcommittee",
        area="cybercrime",
        parent=STRATEGIC,
        founded_on=dt.date(2014, 3, 7),
        cadence="yearly",
        warn_months=10,
        co_chairs=POLICE,
        members=("es-pn",),
    ),
    DemoBody(
        MINISTERS,
        "اجتماع وزيري الداخلية",
        "Reunión de los Ministros del Interior",
        "Réunion des ministres de l'Intérieur",
        "Interior Ministers' meeting",
        kind="ministerial",
        founded_on=dt.date(2014, 8, 27),
        cadence="months",
        cadence_months=6,
        warn_months=5,
        co_chairs=("ma-interior", "es-interior"),
        members=("ma-interior", "es-interior", "es-pn"),
        mandate="The two interior ministers agreed in Tetouan (August 2014) to meet at least "
        "once every six months to coordinate the cooperation measures decided, evaluate what "
        "was achieved and decide the next measures.",
    ),
    DemoBody(
        MIGRATION,
        "المجموعة المشتركة الدائمة المغربية الإسبانية حول الهجرة",
        "Grupo Permanente Hispano-Marroquí sobre Migración",
        "Groupe permanent maroco-espagnol sur la migration",
        "Permanent Joint Group on Migration",
        kind="permanent_group",
        area="migration",
        # The documents first mention it in February 2025; its founding date is not given.
        founded_on=dt.date(2025, 2, 10),
        cadence="ad_hoc",
        co_chairs=("ma-interior", "es-interior"),
        members=("ma-interior", "es-interior", "es-pn"),
        mandate="Concrete initiatives against migrant smuggling and trafficking in human beings, "
        "and for regular, orderly migration. Founding date not in the documents: set to their "
        "first mention (February 2025).",
    ),
    DemoBody(
        WORLD_CUP,
        "اللجنة الأمنية المشتركة لكأس العالم 2030",
        "Comité Conjunto de Seguridad del Mundial 2030",
        "Comité conjoint de sécurité de la Coupe du monde 2030",
        "Joint Security Committee for the 2030 World Cup",
        kind="committee",
        area="major_events",
        founded_on=dt.date(2025, 2, 10),
        cadence="months",
        cadence_months=4,
        warn_months=3,
        co_chairs=("ma-dgsn", "es-pn", "pt-psp"),
        members=("es-pn", "pt-psp"),
        mandate="Anticipates the security challenges of the 2030 World Cup organised jointly by "
        "Morocco, Spain and Portugal.",
    ),
    DemoBody(
        TRILATERAL,
        "الاجتماع الثلاثي مع ألمانيا",
        "Reunión trilateral con Alemania",
        "Réunion trilatérale avec l'Allemagne",
        "Trilateral meeting with Germany",
        kind="trilateral",
        founded_on=dt.date(2025, 1, 27),
        cadence="ad_hoc",
        co_chairs=POLICE,
        members=("es-pn",),
        mandate="Morocco, Spain and Germany: security issues of common interest, the security "
        "of major sporting events. The German delegation has no agency in Strait; it is not "
        "recorded here.",
    ),
    DemoBody(
        SEMINARS,
        "الندوات العلمية المغربية الإسبانية في مجال الأمن",
        "Seminarios científicos hispano-marroquíes de seguridad",
        "Séminaires scientifiques maroco-espagnols sur la sécurité",
        "Joint scientific seminars on security",
        kind="seminar_series",
        parent=STRATEGIC,
        founded_on=dt.date(2013, 11, 27),
        cadence="ad_hoc",
        co_chairs=POLICE,
        members=("es-pn",),
        mandate="Córdoba 2013: «New challenges, more cooperation». Marrakech 2014: «Obscurantist "
        "extremism and how to confront it: the challenges of jointly producing security».",
    ),
)


@dataclass(frozen=True)
class DemoEvidence:
    kind: str  # codes.EvidenceKind
    ref: str  # a course's key, the joint operation's code name, a statistics query
    note: str = ""
    by: str = MA_SECRETARY  # who links it (on their node)


@dataclass(frozen=True)
class DemoAction:
    title: Texts
    owner: str
    co_owner: str
    deadline: dt.date | None  # None: ``in_days`` from the day the demo runs
    status: str = "planned"
    done_on: dt.date | None = None
    reason: str = ""
    evidence: tuple[DemoEvidence, ...] = ()
    in_days: int = 0

    def due(self, today: dt.date) -> dt.date:
        return self.deadline or today + dt.timedelta(days=self.in_days)


@dataclass(frozen=True)
class DemoRecommendation:
    number: str
    texts: Texts
    actions: tuple[DemoAction, ...] = ()
    body: str = STRATEGIC
    meeting: str = MARRAKECH_2014


# The joint operation of 2014 the Spanish secretary links as evidence (made by the demo).
OPERATION = "ATALAYA"
OPERATION_VALUES: dict[str, Any] = {
    "code_name": OPERATION,
    "crime_area": "terrorism",
    "legal_basis": "Morocco-Spain agreement on police cooperation (synthetic demo)",
    "purpose": "Dismantle the networks recruiting fighters for terrorist groups on both shores "
    "(2014)",
    "ceiling": "H1",
    "starts_on": dt.date(2014, 3, 10),
    "ends_on": dt.date(2014, 8, 29),
}
# Its outcomes: the dismantling operations of March, June and August 2014 (figures synthetic).
OPERATION_OUTCOMES: tuple[dict[str, Any], ...] = (
    {"kind": "arrest", "count": 7, "nationality": "MA", "place": "Fnideq", "on": "2014-03-14"},
    {"kind": "cell_dismantled", "count": 1, "place": "Fnideq", "on": "2014-03-14"},
    {"kind": "arrest", "count": 5, "nationality": "MA", "place": "Nador", "on": "2014-06-16"},
    {"kind": "cell_dismantled", "count": 1, "place": "Nador", "on": "2014-08-14"},
)

RECOMMENDATIONS: tuple[DemoRecommendation, ...] = (
    DemoRecommendation(
        "R1",
        texts(
            "تنظيم اجتماعات سنوية للجنة الاستراتيجية التي يترأسها المديران العامان للأمن",
            "Celebrar reuniones anuales del Comité Estratégico presidido por los dos "
            "directores generales",
            "Tenir des réunions annuelles du Comité stratégique présidé par les deux "
            "directeurs généraux",
            "Hold annual meetings of the Strategic Committee chaired by the two directors general",
        ),
        (
            DemoAction(
                texts(
                    "عقد الدورة السنوية المقبلة للجنة الاستراتيجية بمدريد",
                    "Celebrar la próxima sesión anual del Comité Estratégico en Madrid",
                    "Tenir la prochaine session annuelle du Comité stratégique à Madrid",
                    "Hold the Strategic Committee's next annual session in Madrid",
                ),
                "es-pn",
                "ma-dgsn",
                None,
                status="in_progress",
                in_days=35,  # the session scheduled in demo_meetings.py
            ),
        ),
    ),
    DemoRecommendation(
        "R2",
        texts(
            "إحداث لجنة لتتبع تنفيذ التوصيات المصادق عليها من قبل اللجنة الاستراتيجية",
            "Crear un comité de seguimiento de las recomendaciones aprobadas por el Comité "
            "Estratégico",
            "Créer un comité de suivi des recommandations approuvées par le Comité stratégique",
            "Set up a committee to follow up the recommendations approved by the Strategic "
            "Committee",
        ),
        (
            DemoAction(
                texts(
                    "تنصيب لجنة التتبع",
                    "Constituir el Comité de Seguimiento",
                    "Installer le comité de suivi",
                    "Set up the Follow-up Committee",
                ),
                "ma-dgsn",
                "es-pn",
                dt.date(2014, 6, 30),
                status="done",
                done_on=dt.date(2014, 5, 15),
            ),
        ),
    ),
    DemoRecommendation(
        "R3",
        texts(
            "إنشاء ثلاث لجن فرعية تقنية: محاربة الإرهاب والتطرف وتبادل المعلومات؛ التكوين "
            "وتبادل الممارسات الجيدة؛ مكافحة الجريمة المرتبطة بالتكنولوجيا الحديثة",
            "Crear tres subcomités técnicos: terrorismo, extremismo e intercambio de "
            "información; formación y buenas prácticas; delincuencia tecnológica",
            "Créer trois sous-comités techniques : terrorisme, extrémisme et échange "
            "d'informations ; formation et bonnes pratiques ; criminalité technologique",
            "Set up three technical sub-committees: terrorism, extremism and information "
            "exchange; training and good practice; technology-related crime",
        ),
        (
            DemoAction(
                texts(
                    "تنصيب اللجن الفرعية الثلاث",
                    "Constituir los tres subcomités",
                    "Installer les trois sous-comités",
                    "Set up the three sub-committees",
                ),
                "es-pn",
                "ma-dgsn",
                dt.date(2014, 9, 30),
                status="done",
                done_on=dt.date(2014, 3, 7),
            ),
        ),
    ),
    DemoRecommendation(
        "R4",
        texts(
            "إعداد مخطط عمل ثنائي برسم سنة 2014 في مجال التكوين والمساعدة التقنية",
            "Elaborar un plan de acción bilateral para 2014 en materia de formación y "
            "asistencia técnica",
            "Établir un plan d'action bilatéral pour 2014 en matière de formation et "
            "d'assistance technique",
            "Draw up a bilateral action plan for 2014 on training and technical assistance",
        ),
        (
            DemoAction(
                texts(
                    "تنفيذ دورات التكوين لسنة 2014",
                    "Impartir los cursos de 2014",
                    "Dispenser les formations 2014",
                    "Deliver the 2014 courses",
                ),
                "es-pn",
                "ma-dgsn",
                dt.date(2014, 12, 31),
                status="done",
                done_on=dt.date(2014, 11, 21),
                evidence=(
                    DemoEvidence("course", "forensic-2014", "Ávila, October 2014"),
                    DemoEvidence("course", "border-2014", "Tanger Med, November 2014"),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        "R5",
        texts(
            "خلق دينامية في قنوات التواصل بين المصالح الأمنية للبلدين لتبادل المعلومات ذات "
            "الطابع العملي والاستراتيجي",
            "Dinamizar los canales de comunicación entre los servicios de ambos países para "
            "el intercambio de información operativa y estratégica",
            "Dynamiser les canaux de communication entre les services des deux pays pour "
            "l'échange d'informations opérationnelles et stratégiques",
            "Bring more dynamism to the channels between both countries' services for "
            "exchanging operational and strategic information",
        ),
        (
            DemoAction(
                texts(
                    "عمليات مشتركة لتفكيك شبكات الاستقطاب",
                    "Operaciones conjuntas contra las redes de captación",
                    "Opérations conjointes contre les réseaux de recrutement",
                    "Joint operations against the recruitment networks",
                ),
                "ma-dgsn",
                "es-pn",
                dt.date(2014, 12, 31),
                status="done",
                done_on=dt.date(2014, 8, 29),
                # Linked by the Spanish secretary on es (the done-when's step).
                evidence=(DemoEvidence("operation", OPERATION, "", by=ES_SECRETARY),),
            ),
            DemoAction(
                texts(
                    "قناة مباشرة للمعلومات الاستراتيجية",
                    "Canal directo de información estratégica",
                    "Canal direct d'information stratégique",
                    "A direct channel for strategic information",
                ),
                "es-pn",
                "ma-dgsn",
                dt.date(2015, 6, 30),
                status="dropped",
                reason="Superseded by the exchange channels between the services (synthetic).",
            ),
            DemoAction(
                texts(
                    "مراجعة قنوات تبادل المعلومات مع اللجنة الفرعية لمحاربة الإرهاب",
                    "Revisar los canales de información con el subcomité antiterrorista",
                    "Revoir les canaux d'information avec le sous-comité antiterroriste",
                    "Review the information channels with the counter-terrorism sub-committee",
                ),
                "es-pn",
                "ma-dgsn",
                None,
                status="in_progress",
                in_days=-40,  # late: the dashboard and the follow-up page show it
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DemoCourse:
    key: str
    body: str
    topic: str
    title: Texts
    host: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    status: str
    participants: tuple[tuple[str, int], ...] = ()  # (agency, count)
    # (username, score, comment): each evaluates for their own agency
    evaluations: tuple[tuple[str, int, str], ...] = ()


COURSES: tuple[DemoCourse, ...] = (
    DemoCourse(
        "forensic-2014",
        STRATEGIC,
        "forensic",
        texts(
            "الشرطة العلمية والتقنية",
            "Policía científica y técnica",
            "Police scientifique et technique",
            "Forensic and technical police",
        ),
        "es-pn",
        dt.date(2014, 10, 6),
        dt.date(2014, 10, 10),
        "Ávila",
        "delivered",
        participants=(("ma-dgsn", 12), ("es-pn", 4)),
        evaluations=((MA_SECRETARY, 5, "Practical, well prepared"),),
    ),
    DemoCourse(
        "border-2014",
        STRATEGIC,
        "border_security",
        texts(
            "أمن المنافذ الحدودية",
            "Seguridad de los pasos fronterizos",
            "Sécurité des points de passage",
            "Border-crossing security",
        ),
        "ma-dgsn",
        dt.date(2014, 11, 17),
        dt.date(2014, 11, 21),
        "Tanger Med",
        "delivered",
        participants=(("ma-dgsn", 6), ("es-pn", 10)),
        evaluations=((MA_SECRETARY, 4, ""),),
    ),
    DemoCourse(
        "elite-2023",
        TRAINING,
        "elite_intervention",
        texts(
            "فرق النخبة للتدخل",
            "Unidades de intervención de élite",
            "Unités d'intervention d'élite",
            "Elite intervention units",
        ),
        "ma-dgsn",
        dt.date(2023, 4, 10),
        dt.date(2023, 4, 21),
        "Kénitra",
        "delivered",
        participants=(("ma-dgsn", 20), ("es-pn", 8)),
        evaluations=((MA_SECRETARY, 5, ""),),
    ),
    DemoCourse(
        "forensic-2027",
        TRAINING,
        "forensic",
        texts(
            "الشرطة العلمية: البصمات الرقمية",
            "Policía científica: huellas digitales",
            "Police scientifique : traces numériques",
            "Forensic police: digital traces",
        ),
        "es-pn",
        dt.date(2027, 3, 8),
        dt.date(2027, 3, 12),
        "Madrid",
        "planned",
    ),
)
