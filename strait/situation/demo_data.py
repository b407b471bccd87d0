"""The demo's coast segments: approximate public geography of both shores of the Strait (the
coastlines and the two land perimeters), each watched by one demo agency."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSegment:
    code: str
    owner: str  # agency code
    shape: str  # "line" or "polygon"
    names: dict[str, str]
    points: tuple[tuple[str, str], ...]  # (lat, lon) in degrees
    level: str = ""
    measures: str = ""


def _names(ar: str, es: str, fr: str, en: str) -> dict[str, str]:
    return {"ar": ar, "es": es, "fr": fr, "en": en}


MA_SEGMENTS = (
    DemoSegment(
        "tanger-fnideq",
        "ma-dgsn",
        "line",
        _names("طنجة - الفنيدق", "Tánger - Fnideq", "Tanger - Fnideq", "Tangier - Fnideq"),
        (
            ("35.7880", "-5.8120"),
            ("35.8400", "-5.6900"),
            ("35.8450", "-5.5580"),
            ("35.9110", "-5.4790"),
            ("35.9050", "-5.3950"),
            ("35.8650", "-5.3550"),
        ),
        level="medium",
        measures="Two extra patrols between Ksar es-Seghir and Belyounech",
    ),
    DemoSegment(
        "fnideq-martil",
        "ma-dgsn",
        "line",
        _names("الفنيدق - مرتيل", "Fnideq - Martil", "Fnideq - Martil", "Fnideq - Martil"),
        (
            ("35.8450", "-5.3500"),
            ("35.7600", "-5.3350"),
            ("35.6850", "-5.3200"),
            ("35.6200", "-5.2700"),
        ),
        level="low",
    ),
    DemoSegment(
        "larache-asilah",
        "ma-dgsn",
        "line",
        _names("العرائش - أصيلة", "Larache - Arcila", "Larache - Asilah", "Larache - Asilah"),
        (
            ("35.2000", "-6.1500"),
            ("35.4700", "-6.0400"),
            ("35.6500", "-5.9700"),
            ("35.7800", "-5.9300"),
        ),
        level="low",
    ),
    DemoSegment(
        "nador-beni-ensar",
        "ma-dgsn",
        "line",
        _names(
            "الناظور - بني أنصار", "Nador - Beni Enzar", "Nador - Beni Ensar", "Nador - Beni Ensar"
        ),
        (
            ("35.3300", "-3.0200"),
            ("35.2700", "-2.9700"),
            ("35.2300", "-2.9300"),
            ("35.1700", "-2.8700"),
        ),
    ),
)

ES_SEGMENTS = (
    DemoSegment(
        "ceuta-perimeter",
        "es-gc",
        "polygon",
        _names("محيط سبتة", "Perímetro de Ceuta", "Périmètre de Ceuta", "Ceuta perimeter"),
        (
            ("35.9180", "-5.3830"),
            ("35.9050", "-5.3720"),
            ("35.8890", "-5.3600"),
            ("35.8720", "-5.3430"),
            ("35.8850", "-5.3000"),
            ("35.9000", "-5.2800"),
            ("35.9150", "-5.3100"),
            ("35.9200", "-5.3500"),
        ),
        level="high",
        measures="Fence and beach reinforced; maritime service on the Tarajal breakwater",
    ),
    DemoSegment(
        "cadiz-coast",
        "es-gc",
        "line",
        _names("ساحل قادس", "Costa de Cádiz", "Côte de Cadix", "Cádiz coast"),
        (
            ("36.5300", "-6.3000"),
            ("36.2800", "-6.0900"),
            ("36.1900", "-5.9200"),
            ("36.1300", "-5.8500"),
            ("36.0100", "-5.6100"),
        ),
        level="low",
    ),
    DemoSegment(
        "algeciras",
        "es-gc",
        "line",
        _names(
            "خليج الجزيرة الخضراء", "Bahía de Algeciras", "Baie d'Algésiras", "Bay of Algeciras"
        ),
        (
            ("36.0100", "-5.6050"),
            ("36.0600", "-5.4400"),
            ("36.1300", "-5.4400"),
            ("36.1600", "-5.3500"),
        ),
        level="medium",
    ),
    DemoSegment(
        "almeria-coast",
        "es-gc",
        "line",
        _names("ساحل ألمرية", "Costa de Almería", "Côte d'Almería", "Almería coast"),
        (
            ("36.7400", "-3.0200"),
            ("36.8300", "-2.4600"),
            ("36.7200", "-2.1900"),
            ("36.9900", "-1.9000"),
        ),
        level="low",
    ),
    DemoSegment(
        "melilla-perimeter",
        "es-gc",
        "polygon",
        _names("محيط مليلية", "Perímetro de Melilla", "Périmètre de Melilla", "Melilla perimeter"),
        (
            ("35.3200", "-2.9650"),
            ("35.3050", "-2.9750"),
            ("35.2880", "-2.9650"),
            ("35.2680", "-2.9450"),
            ("35.2850", "-2.9250"),
            ("35.3000", "-2.9250"),
            ("35.3150", "-2.9400"),
        ),
    ),
)

# Where crossings are reported from, per segment: a point offshore or on the perimeter.
CROSSING_SPOTS: dict[str, tuple[tuple[float, float], ...]] = {
    "tanger-fnideq": ((35.87, -5.55), (35.92, -5.45), (35.89, -5.38)),
    "fnideq-martil": ((35.78, -5.32), (35.70, -5.30)),
    "larache-asilah": ((35.45, -6.08), (35.62, -6.00)),
    "nador-beni-ensar": ((35.26, -2.95), (35.22, -2.90)),
    "ceuta-perimeter": ((35.874, -5.345), (35.917, -5.382), (35.89, -5.31)),
    "cadiz-coast": ((36.17, -5.95), (36.05, -5.70)),
    "algeciras": ((36.07, -5.42), (36.02, -5.55)),
    "almeria-coast": ((36.70, -2.40), (36.68, -2.25)),
    "melilla-perimeter": ((35.275, -2.952), (35.31, -2.97)),
}
