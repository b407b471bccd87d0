"""Synthetic Moroccan and Spanish persons in both scripts, for demos and benchmarks.

Every person is invented: a random combination of common given and family names, each known
in Arabic script and in one or more Latin spellings. Never use real people as test subjects.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

# "Arabic|Latin spelling|other Latin spelling ..."
_MA_MALE = """محمد|Mohamed|Mohammed|Mohammad
أحمد|Ahmed|Ahmad
يوسف|Youssef|Yousef|Yusuf
عبد الله|Abdellah|Abdallah|Abdullah
عبد الرحيم|Abderrahim|Abdel Rahim
عبد اللطيف|Abdelatif|Abdellatif|Abd al-Latif
عبد القادر|Abdelkader|Abdelkader|Abd al-Qadir
عبد العزيز|Abdelaziz|Abdul Aziz
حسن|Hassan|Hasan
حسين|Houssine|Hussein|Hocine
رشيد|Rachid|Rashid
سعيد|Said|Saïd|Saeed
كريم|Karim|Kareem
خالد|Khalid|Khaled|Jalid
هشام|Hicham|Hisham
نور الدين|Noureddine|Nour Eddine|Nur al-Din
صلاح الدين|Salaheddine|Salah Eddine
إدريس|Driss|Idriss|Idris
إبراهيم|Brahim|Ibrahim
إسماعيل|Ismail|Smail
مصطفى|Mustapha|Mostafa|Mustafa
عمر|Omar|Umar
علي|Ali
عثمان|Othmane|Otman|Uthman
يونس|Younes|Younès|Yunus
أيوب|Ayoub|Ayub
حمزة|Hamza|Hamzah
بلال|Bilal
مهدي|Mehdi|Mahdi
أنس|Anas
زكرياء|Zakaria|Zakariya
طارق|Tarik|Tariq
نبيل|Nabil
جمال|Jamal|Djamal
عادل|Adil|Adel
مراد|Mourad|Murad
فؤاد|Fouad|Fuad
سفيان|Soufiane|Sofiane|Sufyan
ياسين|Yassine|Yacine|Yasin
رضوان|Redouane|Ridouane|Ridwan
المهدي|El Mehdi|Al-Mahdi
عبد الرحمان|Abderrahmane|Abdel Rahman|Abd al-Rahman
سليمان|Slimane|Soulaimane|Sulayman
العربي|Larbi|El Arbi
الحسين|El Houssine|Al-Husayn"""

_MA_FEMALE = """فاطمة|Fatima|Fatma|Fatimah
خديجة|Khadija|Khadidja|Jadiya
عائشة|Aicha|Aïcha|Aisha
مريم|Meryem|Mariam|Maryam
زينب|Zineb|Zainab|Zaynab
نادية|Nadia|Nadiya
سعاد|Souad|Suad
ليلى|Leila|Laila|Layla
سناء|Sanaa|Sana
هند|Hind
أمينة|Amina|Aminah
نزهة|Nezha|Nuzha
سميرة|Samira|Sameera
حنان|Hanane|Hanan
كريمة|Karima|Karimah
إيمان|Imane|Iman
سلمى|Salma
هاجر|Hajar|Hadjar
ياسمين|Yasmine|Yasmin
وفاء|Wafae|Wafa
لطيفة|Latifa|Latifah
رشيدة|Rachida|Rashida
مليكة|Malika|Malikah
نعيمة|Naima|Naïma
حياة|Hayat
بشرى|Bouchra|Bushra
غزلان|Ghizlane|Rhizlane
أسماء|Asmae|Asma"""

_MA_FAMILY = """العلمي|El Alami|Alami|Al-Alami
الإدريسي|El Idrissi|Idrissi|Al-Idrisi
بنعلي|Benali|Ben Ali
بنجلون|Benjelloun|Ben Jelloun
التازي|Tazi|Ettazi
الفاسي|El Fassi|Fassi|Al-Fasi
الخطابي|El Khattabi|Khattabi|Al-Khattabi
العمراني|El Amrani|Amrani
الحسني|El Hassani|Hassani
الوزاني|Ouazzani|El Ouazzani|Wazzani
بناني|Bennani|Banani
برادة|Berrada|Barrada
الشرقاوي|Cherkaoui|Charkaoui|Al-Sharqawi
الزياني|Ziani|Zayani
المنصوري|El Mansouri|Mansouri
الكتاني|Kettani|El Kettani|Al-Kattani
السلاوي|Slaoui|Salaoui
الناصري|Naciri|Ennaciri|Al-Nasiri
القادري|Kadiri|El Kadiri|Al-Qadiri
الحداوي|Haddaoui|El Haddaoui
الشاوي|Chaoui|Shawi
البقالي|Bakkali|El Bakkali|Al-Baqqali
العثماني|El Othmani|Othmani|Al-Uthmani
الغزواني|Ghazouani|Rhazouani
اليوسفي|Youssoufi|El Youssoufi|Al-Yusufi
الرحماني|Rahmani|Errahmani
الطاهري|Tahiri|Ettahiri|Al-Tahiri
الزهراوي|Zahraoui|Ezzahraoui
الحمداوي|Hamdaoui|El Hamdaoui
المرابط|Mrabet|El Mrabet|Al-Murabit
أيت أحمد|Ait Ahmed|Aït Ahmed
أيت الحاج|Ait El Haj|Ait Lhaj
أوحمو|Ouhammou|Ouhamou
أمزيان|Amziane|Amezian|Amzian
أزروال|Azeroual|Azerwal
بوطالب|Boutaleb|Bou Taleb|Abu Talib
بلحاج|Belhaj|Belhadj|Ben El Haj
الصقلي|Sekkali|Seqqali|Al-Siqilli
بنكيران|Benkirane|Ben Kiran
الطالبي|Talbi|Ettalbi|Al-Talibi
الرامي|Rami|Errami
بوعزة|Bouazza|Bou Azza
العلوي|Alaoui|El Alaoui|Al-Alawi
الساهلي|Sahli|Essahli
المريني|Merini|El Merini|Al-Marini
الوردي|Ouardi|El Ouardi|Wardi
الجبلي|Jebli|El Jebli|Al-Jabali
الريفي|Rifi|Errifi
السوسي|Soussi|Essoussi|Al-Susi
المكناسي|Meknassi|El Meknassi
الدكالي|Doukkali|Dukali
الحريزي|Harizi|El Harizi"""

_ES_MALE = """خوسيه|José|Jose
أنطونيو|Antonio
مانويل|Manuel
فرانسيسكو|Francisco
خوان|Juan
دافيد|David
خافيير|Javier|Xavier
كارلوس|Carlos
ميغيل|Miguel
بيدرو|Pedro
ألبرتو|Alberto
فرناندو|Fernando
لويس|Luis
سيرخيو|Sergio
بابلو|Pablo
خورخي|Jorge
رافائيل|Rafael
أندريس|Andrés|Andres
راؤول|Raúl|Raul
إنريكي|Enrique"""

_ES_FEMALE = """ماريا|María|Maria
كارمن|Carmen
آنا|Ana
إيزابيل|Isabel
لورا|Laura
لوسيا|Lucía|Lucia
كريستينا|Cristina
مارتا|Marta
إيلينا|Elena
باولا|Paula
راكيل|Raquel
سارة|Sara
باتريسيا|Patricia
أندريا|Andrea
روسا|Rosa"""

_ES_FAMILY = """غارسيا|García|Garcia
رودريغيز|Rodríguez|Rodriguez
غونزاليس|González|Gonzalez
فرنانديز|Fernández|Fernandez
لوبيز|López|Lopez
مارتينيز|Martínez|Martinez
سانشيز|Sánchez|Sanchez
بيريز|Pérez|Perez
غوميز|Gómez|Gomez
مارتين|Martín|Martin
خيمينيز|Jiménez|Jimenez
رويز|Ruiz
هيرنانديز|Hernández|Hernandez
دياز|Díaz|Diaz
مورينو|Moreno
مونيوز|Muñoz|Munoz
ألفاريز|Álvarez|Alvarez
روميرو|Romero
ألونسو|Alonso
غوتيريز|Gutiérrez|Gutierrez
نافارو|Navarro
توريس|Torres
دومينغيز|Domínguez|Dominguez
فازكيز|Vázquez|Vazquez
راموس|Ramos
خيل|Gil
راميريز|Ramírez|Ramirez
سيرانو|Serrano
بلانكو|Blanco
مولينا|Molina
موراليس|Morales
سواريز|Suárez|Suarez
أورتيغا|Ortega
ديلغادو|Delgado
كاسترو|Castro
أورتيز|Ortiz
روبيو|Rubio
مارين|Marín|Marin
سانز|Sanz
نونييز|Núñez|Nunez
إغليسياس|Iglesias
ميدينا|Medina
غاريدو|Garrido
كورتيس|Cortés|Cortes
كاستيو|Castillo
سانتوس|Santos
لوزانو|Lozano
غيريرو|Guerrero
كانو|Cano
برييتو|Prieto"""


def _pool(text: str) -> list[tuple[str, ...]]:
    return [tuple(line.split("|")) for line in text.strip().splitlines()]


_POOLS = {
    "MA": (_pool(_MA_MALE), _pool(_MA_FEMALE), _pool(_MA_FAMILY)),
    "ES": (_pool(_ES_MALE), _pool(_ES_FEMALE), _pool(_ES_FAMILY)),
}


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    """An invented person: names as held (Latin and Arabic script), date of birth, and the
    other spellings under which a partner might ask for them."""

    id: str
    nationality: str
    names: tuple[str, ...]
    birth_dates: tuple[str, ...]
    other_spellings: tuple[str, ...]


# random.Random with a seed is the point here: reproducible invented data, not secrets.
def _person(number: int, rng: random.Random) -> SyntheticPerson:
    country = "MA" if rng.random() < 0.6 else "ES"
    male, female, family = _POOLS[country]
    given_pool = male if rng.random() < 0.55 else female
    if country == "MA":
        parts = [rng.choice(given_pool)]
        if rng.random() < 0.3:
            parts.append(rng.choice(male))  # a second given name or the father's name
        parts.append(rng.choice(family))
    else:
        parts = [rng.choice(given_pool), rng.choice(family), rng.choice(family)]
    arabic = " ".join(p[0] for p in parts)
    latin = " ".join(p[1] for p in parts)
    others = tuple(
        dict.fromkeys(" ".join(rng.choice(p[1:]) for p in parts) for _ in range(3)).keys()
    )
    born = f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    # Each node holds a person in its own script mostly, sometimes in both.
    held = rng.random()
    if held < 0.4:
        names: tuple[str, ...] = (arabic,)
    elif held < 0.8:
        names = (latin,)
    else:
        names = (latin, arabic)
    return SyntheticPerson(
        id=f"syn-{country.lower()}-{number:07d}",
        nationality=country,
        names=names,
        birth_dates=(born,),
        other_spellings=tuple(n for n in (arabic, *others) if n not in names) or (arabic,),
    )


def generate_persons(count: int, seed: int = 0) -> Iterator[SyntheticPerson]:
    """``count`` invented persons, the same ones for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible invented data
    for number in range(count):
        yield _person(number, rng)


def query_variant(person: SyntheticPerson, rng: random.Random) -> tuple[str, tuple[str, ...]]:
    """How a partner might ask for this person: another spelling or script, and the date of
    birth as they hold it (exact, day and month swapped, or the year only)."""
    name = rng.choice(person.other_spellings)
    born = person.birth_dates[0]
    year, month, day = born.split("-")
    roll = rng.random()
    if roll < 0.6:
        dates: tuple[str, ...] = (born,)
    elif roll < 0.75:
        dates = (f"{year}-{day}-{month}",) if int(day) <= 12 else (born,)
    elif roll < 0.9:
        dates = (year,)
    else:
        dates = ()
    return name, dates
