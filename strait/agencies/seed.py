"""Reference data every node starts with: the partner countries and their agencies (DESIGN §1).

``seed_reference_data()`` is idempotent (update_or_create by code), so ``strait init`` and the
demo can run it on every start; re-running also corrects a name edited here.

The Policía Nacional's Comisarías Generales are child agencies (Agency.parent), not units:
the documents name the Comisaría General de Información as a party of its own to the direct
counter-terrorism channel with the DGST, so each Comisaría must be able to be a channel
participant and to send and receive exchanges under its own code. Units are the teams and
stations inside an agency (a port station, a brigade) that do not exchange on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from strait import timefmt
from strait.agencies.models import Agency, Country, Unit

K = Agency.Kind


@dataclass(frozen=True)
class Names:
    ar: str
    es: str
    fr: str
    en: str

    def fields(self) -> dict[str, str]:
        return {"name_ar": self.ar, "name_es": self.es, "name_fr": self.fr, "name_en": self.en}


@dataclass(frozen=True)
class AgencySeed:
    code: str
    abbreviation: str
    country: str
    kind: str
    node: str
    names: Names
    parent: str | None = None
    units: dict[str, Names] = field(default_factory=dict)


COUNTRIES = {
    "MA": Names("المغرب", "Marruecos", "Maroc", "Morocco"),
    "ES": Names("إسبانيا", "España", "Espagne", "Spain"),
    # Future partners named in the documents: present so their agencies can be added as data.
    "DE": Names("ألمانيا", "Alemania", "Allemagne", "Germany"),
    "PT": Names("البرتغال", "Portugal", "Portugal", "Portugal"),
}

# Parents come before their children.
AGENCIES = [
    AgencySeed(
        code="ma-dgsn",
        abbreviation="DGSN",
        country="MA",
        kind=K.POLICE,
        node="ma",
        names=Names(
            "المديرية العامة للأمن الوطني",
            "Dirección General de la Seguridad Nacional",
            "Direction générale de la sûreté nationale",
            "General Directorate for National Security",
        ),
        units={
            "tanger-med-port": Names(
                "شرطة ميناء طنجة المتوسط",
                "Policía del puerto de Tánger Med",
                "Police du port de Tanger Med",
                "Tanger Med Port Police",
            ),
            "tangier-judicial": Names(
                "الشرطة القضائية بطنجة",
                "Policía Judicial de Tánger",
                "Police judiciaire de Tanger",
                "Tangier Judicial Police",
            ),
            "bnpj": Names(
                "الفرقة الوطنية للشرطة القضائية",
                "Brigada Nacional de Policía Judicial",
                "Brigade nationale de la police judiciaire",
                "National Judicial Police Brigade",
            ),
        },
    ),
    AgencySeed(
        code="ma-dgst",
        abbreviation="DGST",
        country="MA",
        kind=K.INTELLIGENCE,
        node="ma",
        names=Names(
            "المديرية العامة لمراقبة التراب الوطني",
            "Dirección General de Vigilancia del Territorio Nacional",
            "Direction générale de la surveillance du territoire national",
            "General Directorate for Territorial Surveillance",
        ),
        units={
            "bcij": Names(
                "المكتب المركزي للأبحاث القضائية",
                "Oficina Central de Investigaciones Judiciales",
                "Bureau central d'investigations judiciaires",
                "Central Bureau of Judicial Investigations",
            ),
            "counter-terrorism": Names(
                "قسم مكافحة الإرهاب",
                "Departamento de Lucha Antiterrorista",
                "Département de la lutte antiterroriste",
                "Counter-Terrorism Department",
            ),
        },
    ),
    AgencySeed(
        code="ma-interior",
        abbreviation="MI",
        country="MA",
        kind=K.MINISTRY,
        node="ma",
        names=Names(
            "وزارة الداخلية",
            "Ministerio del Interior de Marruecos",
            "Ministère de l'Intérieur",
            "Ministry of the Interior of Morocco",
        ),
        units={
            "migration-borders": Names(
                "مديرية الهجرة ومراقبة الحدود",
                "Dirección de Migración y Vigilancia de Fronteras",
                "Direction de la migration et de la surveillance des frontières",
                "Directorate of Migration and Border Surveillance",
            ),
        },
    ),
    AgencySeed(
        code="ma-ncb-rabat",
        abbreviation="NCB Rabat",
        country="MA",
        kind=K.INTERPOL_NCB,
        node="ma",
        names=Names(
            "المكتب المركزي الوطني للأنتربول بالرباط",
            "Oficina Central Nacional de INTERPOL en Rabat",
            "Bureau central national d'INTERPOL à Rabat",
            "INTERPOL National Central Bureau Rabat",
        ),
    ),
    AgencySeed(
        code="es-pn",
        abbreviation="PN",
        country="ES",
        kind=K.POLICE,
        node="es",
        names=Names(
            "الشرطة الوطنية الإسبانية",
            "Policía Nacional",
            "Police nationale espagnole",
            "Spanish National Police",
        ),
        units={
            "algeciras-port": Names(
                "مفوضية الشرطة بميناء الجزيرة الخضراء",
                "Comisaría del Puerto de Algeciras",
                "Commissariat du port d'Algésiras",
                "Algeciras Port Police Station",
            ),
        },
    ),
    AgencySeed(
        code="es-pn-cgi",
        abbreviation="CGI",
        country="ES",
        kind=K.INTELLIGENCE,
        node="es",
        names=Names(
            "المفوضية العامة للاستعلامات",
            "Comisaría General de Información",
            "Commissariat général à l'information",
            "General Commissariat of Information",
        ),
        parent="es-pn",
        units={
            "counter-terrorism": Names(
                "الوحدة المركزية للاستعلامات الخارجية (مكافحة الإرهاب)",
                "Unidad Central de Información Exterior (antiterrorismo)",
                "Unité centrale d'information extérieure (antiterrorisme)",
                "Central Foreign Intelligence Unit (counter-terrorism)",
            ),
        },
    ),
    AgencySeed(
        code="es-pn-cgpj",
        abbreviation="CGPJ",
        country="ES",
        kind=K.POLICE,
        node="es",
        names=Names(
            "المفوضية العامة للشرطة القضائية",
            "Comisaría General de Policía Judicial",
            "Commissariat général de police judiciaire",
            "General Commissariat of Judicial Police",
        ),
        parent="es-pn",
        units={
            "udyco": Names(
                "وحدة المخدرات والجريمة المنظمة",
                "Unidad de Drogas y Crimen Organizado",
                "Unité des drogues et du crime organisé",
                "Drugs and Organised Crime Unit",
            ),
        },
    ),
    AgencySeed(
        code="es-pn-cgef",
        abbreviation="CGEF",
        country="ES",
        kind=K.POLICE,
        node="es",
        names=Names(
            "المفوضية العامة للأجانب والحدود",
            "Comisaría General de Extranjería y Fronteras",
            "Commissariat général des étrangers et des frontières",
            "General Commissariat for Aliens and Borders",
        ),
        parent="es-pn",
        units={
            "ucrif": Names(
                "الوحدة المركزية لمكافحة شبكات الهجرة غير النظامية وتزوير الوثائق",
                "Unidad Central de Redes de Inmigración Ilegal y Falsedades Documentales",
                "Unité centrale des réseaux d'immigration illégale et des faux documents",
                "Central Unit against Illegal Immigration Networks and Document Fraud",
            ),
        },
    ),
    AgencySeed(
        code="es-gc",
        abbreviation="GC",
        country="ES",
        kind=K.GENDARMERIE,
        node="es",
        names=Names("الحرس المدني", "Guardia Civil", "Garde civile", "Civil Guard"),
        units={
            "algeciras-port": Names(
                "مركز الحرس المدني بميناء الجزيرة الخضراء",
                "Puesto de la Guardia Civil del Puerto de Algeciras",
                "Poste de la Garde civile du port d'Algésiras",
                "Civil Guard Station, Port of Algeciras",
            ),
            "uco": Names(
                "الوحدة المركزية العملياتية",
                "Unidad Central Operativa",
                "Unité centrale opérationnelle",
                "Central Operational Unit",
            ),
        },
    ),
    AgencySeed(
        code="es-interior",
        abbreviation="MIR",
        country="ES",
        kind=K.MINISTRY,
        node="es",
        names=Names(
            "وزارة الداخلية الإسبانية",
            "Ministerio del Interior",
            "Ministère de l'Intérieur espagnol",
            "Ministry of the Interior of Spain",
        ),
        units={
            # The interior-ministry office at the embassy in Rabat: exchange mechanism (2).
            "rabat-embassy": Names(
                "مكتب مستشار الداخلية بسفارة إسبانيا في الرباط",
                "Consejería de Interior de la Embajada de España en Rabat",
                "Bureau du conseiller de l'Intérieur, ambassade d'Espagne à Rabat",
                "Interior Counsellor's Office, Embassy of Spain in Rabat",
            ),
            "citco": Names(
                "مركز الاستخبارات لمكافحة الإرهاب والجريمة المنظمة",
                "Centro de Inteligencia contra el Terrorismo y el Crimen Organizado",
                "Centre de renseignement contre le terrorisme et le crime organisé",
                "Intelligence Centre for Counter-Terrorism and Organised Crime",
            ),
        },
    ),
    AgencySeed(
        code="es-ncb-madrid",
        abbreviation="NCB Madrid",
        country="ES",
        kind=K.INTERPOL_NCB,
        node="es",
        names=Names(
            "المكتب المركزي الوطني للأنتربول بمدريد",
            "Oficina Central Nacional de INTERPOL en Madrid",
            "Bureau central national d'INTERPOL à Madrid",
            "INTERPOL National Central Bureau Madrid",
        ),
    ),
    # Portugal: the third node, as in the 2030 World Cup security committee.
    AgencySeed(
        code="pt-psp",
        abbreviation="PSP",
        country="PT",
        kind=K.POLICE,
        node="pt",
        names=Names(
            "شرطة الأمن العمومي",
            "Policía de Seguridad Pública",
            "Police de sécurité publique",
            "Public Security Police",
        ),
        units={
            "intelligence": Names(
                "قسم الاستعلامات الشرطية",
                "Departamento de Información Policial",
                "Département du renseignement policier",
                "Police Intelligence Department",
            ),
            "lisbon-command": Names(
                "قيادة شرطة لشبونة الكبرى",
                "Comando Metropolitano de Lisboa",
                "Commandement métropolitain de Lisbonne",
                "Lisbon Metropolitan Command",
            ),
        },
    ),
    AgencySeed(
        code="pt-pj",
        abbreviation="PJ",
        country="PT",
        kind=K.POLICE,
        node="pt",
        names=Names(
            "الشرطة القضائية البرتغالية",
            "Policía Judicial de Portugal",
            "Police judiciaire portugaise",
            "Portuguese Judicial Police",
        ),
        units={
            "unct": Names(
                "الوحدة الوطنية لمكافحة الإرهاب",
                "Unidad Nacional contra el Terrorismo",
                "Unité nationale de lutte contre le terrorisme",
                "National Counter-Terrorism Unit",
            ),
            "uncte": Names(
                "الوحدة الوطنية لمكافحة الاتجار بالمخدرات",
                "Unidad Nacional de Lucha contra el Tráfico de Estupefacientes",
                "Unité nationale de lutte contre le trafic de stupéfiants",
                "National Drug Trafficking Unit",
            ),
        },
    ),
]


@dataclass(frozen=True)
class SeedResult:
    countries: int
    agencies: int
    units: int


@transaction.atomic
def seed_reference_data() -> SeedResult:
    """Create or update the reference countries, agencies and units; safe to run repeatedly."""
    countries = {
        code: Country.objects.update_or_create(code=code, defaults=names.fields())[0]
        for code, names in COUNTRIES.items()
    }
    agencies: dict[str, Agency] = {}
    units = 0
    for seed in AGENCIES:
        fields = {
            "abbreviation": seed.abbreviation,
            "country": countries[seed.country],
            "kind": seed.kind,
            "node_code": seed.node,
            "parent": agencies[seed.parent] if seed.parent else None,
            **seed.names.fields(),
        }
        # The zone is set once, at creation: an operator may have changed it since.
        agency, _ = Agency.objects.update_or_create(
            code=seed.code,
            defaults=fields,
            create_defaults={**fields, "time_zone": timefmt.zone_for_country(seed.country)},
        )
        agencies[seed.code] = agency
        for unit_code, names in seed.units.items():
            Unit.objects.update_or_create(agency=agency, code=unit_code, defaults=names.fields())
            units += 1
    return SeedResult(countries=len(countries), agencies=len(agencies), units=units)
