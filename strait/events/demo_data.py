"""The demo's major events as data: venues with their public coordinates (rounded), matches
with a risk level and its reason, the knowledge base's lessons. Teams and match-ups are
illustrative (the 2030 draw has not been made); every figure and every log entry is synthetic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoVenue:
    code: str
    names: dict[str, str]
    kind: str
    city: str
    country: str
    lat: str
    lon: str
    capacity: int | None = None


@dataclass(frozen=True)
class DemoMatch:
    home: str
    away: str
    venue: str
    kick_off: dt.datetime
    risk: str
    reason: str


def n(ar: str, es: str, fr: str, en: str) -> dict[str, str]:
    return {"ar": ar, "es": es, "fr": fr, "en": en}


def at(year: int, month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=dt.UTC)


WORLD_CUP: dict[str, Any] = {
    "code": "fifa-wc-2030",
    "names": n(
        "كأس العالم 2030",
        "Copa Mundial de la FIFA 2030",
        "Coupe du monde de la FIFA 2030",
        "2030 FIFA World Cup",
    ),
    "hosts": ["MA", "ES", "PT"],
    "starts": dt.date(2030, 6, 13),
    "ends": dt.date(2030, 7, 21),
}

AFCON: dict[str, Any] = {
    "code": "afcon-2025",
    "names": n(
        "كأس أمم إفريقيا 2025",
        "Copa Africana de Naciones 2025",
        "Coupe d'Afrique des nations 2025",
        "Africa Cup of Nations 2025",
    ),
    "hosts": ["MA"],
    "starts": dt.date(2025, 12, 21),
    "ends": dt.date(2026, 1, 18),
}

# The Moroccan venues of the World Cup (added by the DGSN on ma).
MA_VENUES = (
    DemoVenue(
        "grand-stade-hassan-ii",
        n(
            "الملعب الكبير الحسن الثاني",
            "Gran Estadio Hassan II",
            "Grand Stade Hassan II",
            "Grand Stade Hassan II",
        ),
        "stadium",
        "Benslimane",
        "MA",
        "33.6400",
        "-7.2300",
        115000,
    ),
    DemoVenue(
        "prince-moulay-abdellah",
        n(
            "ملعب الأمير مولاي عبد الله",
            "Estadio Príncipe Moulay Abdellah",
            "Stade Prince Moulay Abdellah",
            "Prince Moulay Abdellah Stadium",
        ),
        "stadium",
        "Rabat",
        "MA",
        "33.9594",
        "-6.8886",
        69500,
    ),
    DemoVenue(
        "grand-stade-tanger",
        n(
            "ملعب طنجة الكبير",
            "Gran Estadio de Tánger",
            "Grand Stade de Tanger",
            "Tangier Grand Stadium",
        ),
        "stadium",
        "Tanger",
        "MA",
        "35.7420",
        "-5.8589",
        75600,
    ),
    DemoVenue(
        "grand-stade-marrakech",
        n(
            "الملعب الكبير لمراكش",
            "Gran Estadio de Marrakech",
            "Grand Stade de Marrakech",
            "Marrakesh Grand Stadium",
        ),
        "stadium",
        "Marrakech",
        "MA",
        "31.7064",
        "-7.9811",
        45240,
    ),
    DemoVenue(
        "fan-zone-jemaa-el-fna",
        n(
            "منطقة المشجعين جامع الفنا",
            "Zona de aficionados Yamaa el Fna",
            "Fan zone Jemaa el-Fna",
            "Jemaa el-Fna fan zone",
        ),
        "fan_zone",
        "Marrakech",
        "MA",
        "31.6258",
        "-7.9891",
        20000,
    ),
)

ES_VENUES = (
    DemoVenue(
        "santiago-bernabeu",
        n(
            "ملعب سانتياغو برنابيو",
            "Estadio Santiago Bernabéu",
            "Stade Santiago-Bernabéu",
            "Santiago Bernabéu Stadium",
        ),
        "stadium",
        "Madrid",
        "ES",
        "40.4531",
        "-3.6883",
        78297,
    ),
    DemoVenue(
        "camp-nou",
        n("ملعب كامب نو", "Spotify Camp Nou", "Spotify Camp Nou", "Spotify Camp Nou"),
        "stadium",
        "Barcelona",
        "ES",
        "41.3809",
        "2.1228",
        104600,
    ),
    DemoVenue(
        "la-cartuja",
        n("ملعب لا كارتوخا", "Estadio de La Cartuja", "Stade de La Cartuja", "La Cartuja Stadium"),
        "stadium",
        "Sevilla",
        "ES",
        "37.4163",
        "-6.0044",
        70000,
    ),
    DemoVenue(
        "gran-canaria",
        n(
            "ملعب غران كناريا",
            "Estadio de Gran Canaria",
            "Stade de Grande Canarie",
            "Gran Canaria Stadium",
        ),
        "stadium",
        "Las Palmas de Gran Canaria",
        "ES",
        "28.1000",
        "-15.4566",
        44480,
    ),
    DemoVenue(
        "fan-zone-colon",
        n(
            "منطقة المشجعين ساحة كولون",
            "Fan zone Plaza de Colón",
            "Fan zone place de Colomb",
            "Plaza de Colón fan zone",
        ),
        "fan_zone",
        "Madrid",
        "ES",
        "40.4252",
        "-3.6903",
        30000,
    ),
)

PT_VENUES = (
    DemoVenue(
        "estadio-da-luz",
        n("ملعب النور", "Estadio da Luz", "Stade de la Luz", "Estádio da Luz"),
        "stadium",
        "Lisboa",
        "PT",
        "38.7527",
        "-9.1847",
        64642,
    ),
    DemoVenue(
        "jose-alvalade",
        n(
            "ملعب جوزيه ألفالادي",
            "Estadio José Alvalade",
            "Stade José-Alvalade",
            "Estádio José Alvalade",
        ),
        "stadium",
        "Lisboa",
        "PT",
        "38.7612",
        "-9.1609",
        50095,
    ),
    DemoVenue(
        "estadio-do-dragao",
        n("ملعب التنين", "Estadio do Dragão", "Stade du Dragon", "Estádio do Dragão"),
        "stadium",
        "Porto",
        "PT",
        "41.1618",
        "-8.5836",
        50033,
    ),
    DemoVenue(
        "fan-zone-terreiro-do-paco",
        n(
            "منطقة المشجعين تيريرو دو باسو",
            "Fan zone Terreiro do Paço",
            "Fan zone Terreiro do Paço",
            "Terreiro do Paço fan zone",
        ),
        "fan_zone",
        "Lisboa",
        "PT",
        "38.7076",
        "-9.1365",
        25000,
    ),
)

MA_MATCHES = (
    DemoMatch(
        "Morocco",
        "Portugal",
        "grand-stade-hassan-ii",
        at(2030, 6, 13, 20),
        "high",
        "Opening match in Morocco; 20,000 travelling supporters expected.",
    ),
    DemoMatch(
        "Algeria",
        "Tunisia",
        "prince-moulay-abdellah",
        at(2030, 6, 16, 18),
        "very_high",
        "Regional rivalry; incidents between supporters at earlier meetings.",
    ),
    DemoMatch(
        "Senegal",
        "Japan",
        "grand-stade-tanger",
        at(2030, 6, 18, 16),
        "low",
        "No known risk groups; port arrivals through Tanger Med.",
    ),
    DemoMatch(
        "England",
        "Croatia",
        "grand-stade-marrakech",
        at(2030, 6, 21, 20),
        "high",
        "Risk supporters on the national football information points' lists.",
    ),
)
ES_MATCHES = (
    DemoMatch(
        "Spain",
        "Netherlands",
        "santiago-bernabeu",
        at(2030, 6, 14, 19),
        "medium",
        "Large crowds in the fan zone; no known risk groups.",
    ),
    DemoMatch(
        "Argentina",
        "Germany",
        "camp-nou",
        at(2030, 6, 17, 19),
        "high",
        "Very large travelling support; ticketless supporters expected.",
    ),
    DemoMatch(
        "Morocco",
        "Spain",
        "la-cartuja",
        at(2030, 6, 24, 20),
        "very_high",
        "Sold out; supporters of both sides crossing the Strait the same day.",
    ),
)
PT_MATCHES = (
    DemoMatch(
        "Portugal",
        "Brazil",
        "estadio-da-luz",
        at(2030, 6, 15, 19),
        "high",
        "Very large diaspora crowds in Lisboa; fan zone at capacity.",
    ),
    DemoMatch(
        "France",
        "Uruguay",
        "estadio-do-dragao",
        at(2030, 6, 19, 19),
        "medium",
        "Risk supporters reported by the French information point.",
    ),
)

AFCON_VENUES = (
    DemoVenue(
        "prince-moulay-abdellah",
        MA_VENUES[1].names,
        "stadium",
        "Rabat",
        "MA",
        "33.9594",
        "-6.8886",
        69500,
    ),
    DemoVenue(
        "mohammed-v",
        n("مركب محمد الخامس", "Estadio Mohammed V", "Complexe Mohammed-V", "Mohammed V Stadium"),
        "stadium",
        "Casablanca",
        "MA",
        "33.5828",
        "-7.6470",
        45000,
    ),
    DemoVenue(
        "grand-stade-agadir",
        n("ملعب أدرار", "Estadio Adrar", "Stade Adrar", "Adrar Stadium"),
        "stadium",
        "Agadir",
        "MA",
        "30.4275",
        "-9.5322",
        45480,
    ),
)
AFCON_MATCHES = (
    DemoMatch(
        "Morocco",
        "Comoros",
        "prince-moulay-abdellah",
        at(2025, 12, 21, 19),
        "high",
        "Opening match; sold out.",
    ),
    DemoMatch(
        "Group match",
        "Group match",
        "mohammed-v",
        at(2025, 12, 27, 17),
        "medium",
        "Large local crowd.",
    ),
    DemoMatch(
        "Group match",
        "Group match",
        "grand-stade-agadir",
        at(2025, 12, 29, 20),
        "low",
        "Small travelling support.",
    ),
)

AFCON_REPORT: dict[str, Any] = {
    "summary": n(
        "مرت البطولة دون حادث خطير. (أرقام تجريبية للعرض)",
        "El torneo transcurrió sin incidentes graves. (Cifras sintéticas de demostración)",
        "Le tournoi s'est déroulé sans incident grave. (Chiffres synthétiques de démonstration)",
        "The tournament passed without a serious incident. (Synthetic demo figures)",
    ),
    "went_well": n(
        "التنسيق بين مراكز القيادة في الملاعب والمركز الوطني.",
        "La coordinación entre los puestos de mando de los estadios y el centro nacional.",
        "La coordination entre les postes de commandement des stades et le centre national.",
        "Coordination between the stadium command posts and the national centre.",
    ),
    "to_improve": n(
        "الكشف عن الطائرات المسيّرة حول مناطق المشجعين.",
        "La detección de drones alrededor de las zonas de aficionados.",
        "La détection des drones autour des fan zones.",
        "Drone detection around the fan zones.",
    ),
    "spectators": 1200000,
    "arrests": 140,
    "incidents": 65,
}

LESSONS = (
    (
        "lesson",
        ["drones", "crowd_safety"],
        n(
            "كشف الطائرات المسيّرة في مناطق المشجعين",
            "Detección de drones en las zonas de aficionados",
            "Détection des drones dans les fan zones",
            "Drone detection at fan zones",
        ),
        n(
            "نشر معدات الكشف قبل أسبوع من المباراة الأولى، وتحديد سلطة التشويش مسبقاً.",
            "Desplegar los equipos de detección una semana antes del primer partido y fijar de "
            "antemano quién autoriza la neutralización.",
            "Déployer la détection une semaine avant le premier match et fixer d'avance qui "
            "autorise la neutralisation.",
            "Deploy detection kits a week before the first match and settle in advance who "
            "authorises jamming.",
        ),
    ),
    (
        "checklist",
        ["hooligan_travel", "information_exchange"],
        n(
            "قائمة مراجعة تنقل المشجعين الخطرين",
            "Lista de control: viajes de aficionados de riesgo",
            "Liste de contrôle : déplacements de supporters à risque",
            "Checklist: travel of risk supporters",
        ),
        n(
            "1. قوائم نقاط المعلومات الوطنية. 2. الرحلات والعبّارات. 3. ضباط الاتصال في الموانئ.",
            "1. Listas de los puntos nacionales de información futbolística. 2. Vuelos y "
            "ferris. 3. Enlaces en los puertos.",
            "1. Listes des points nationaux d'information football. 2. Vols et ferries. "
            "3. Officiers de liaison aux ports.",
            "1. Lists of the national football information points. 2. Flights and ferries. "
            "3. Liaison officers at the ports.",
        ),
    ),
    (
        "plan",
        ["counter_terrorism", "crowd_safety"],
        n(
            "خطة الطوارئ لمناطق المشجعين",
            "Plan de emergencia de las zonas de aficionados",
            "Plan d'urgence des fan zones",
            "Fan-zone emergency plan",
        ),
        n(
            "مسارات الإخلاء، نقاط التجمع، والتواصل مع المنظمين.",
            "Rutas de evacuación, puntos de reunión y enlace con los organizadores.",
            "Itinéraires d'évacuation, points de rassemblement, liaison avec les organisateurs.",
            "Evacuation routes, assembly points and liaison with the organisers.",
        ),
    ),
)

# Synthetic log entries of the cooperation centre: (agency's user, hours ago, source, text,
# assessment, passed to).
MA_LOG = (
    (
        "dgsn.liaison",
        30,
        "national",
        "Ticketing: 1,200 tickets for the opening match resold on unofficial sites.",
        "Counterfeit tickets likely; checks at the gates reinforced.",
        ["es-pn", "pt-psp"],
    ),
    (
        "dgsn.liaison",
        6,
        "spotters",
        "Group of about 40 risk supporters arrived at Tanger Med on the morning ferry.",
        "Heading for Rabat by train; escort requested.",
        ["es-gc"],
    ),
)
ES_LOG = (
    (
        "pn.liaison",
        12,
        "liaison",
        "Two coaches of supporters left Madrid for Algeciras for the Morocco-Spain match.",
        "Arrival at the port around 14:00; ferry reservations confirmed.",
        ["ma-dgsn"],
    ),
)
PT_LOG = (
    (
        "psp.liaison",
        20,
        "liaison",
        "Portuguese information point: 15 risk supporters booked flights to Casablanca.",
        "Names passed through the liaison channel; travel bans checked.",
        ["ma-dgsn"],
    ),
)
