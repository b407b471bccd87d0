"""The people, things and relations of the demo's joint operations (strait/operations/demo.py).
Every name is invented: none stands for a real person, boat or aircraft."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPerson:
    key: str
    names: tuple[str, ...]  # the first one is the label, in its own script
    born: str
    nationality: str
    phone: str = ""  # as written; read in the nationality's numbering plan


# Synthetic names, in Arabic and in Latin script; the keys name them in the relations below.
DGST_PERSONS = (
    DemoPerson(
        "leader",
        ("عبد الكريم الزياني", "Abdelkrim Ezzayani"),
        "1979-02-14",
        "MA",
        "+212 661 402318",
    ),
    DemoPerson("recruiter_1", ("Mehdi Boukhari",), "1988-07-03", "MA", "+212 670 915264"),
    DemoPerson("recruiter_2", ("سفيان التمسماني",), "1991-11-21", "MA"),
    DemoPerson("recruit_1", ("Anas Lahlali",), "1999-05-30", "MA"),
    DemoPerson("recruit_2", ("إلياس بنعمر", "Ilyas Benamar"), "2001-01-09", "MA"),
    DemoPerson("financier", ("Zakaria Ouahbi",), "1984-09-17", "MA"),
    DemoPerson("facilitator", ("نبيل الحسناوي",), "1986-04-02", "MA"),
)
DGSN_PERSONS = (
    DemoPerson("skipper", ("Rachid Amzil", "رشيد أمزيل"), "1983-12-11", "MA"),
    DemoPerson("recruit_3", ("ياسين الكتاني",), "2000-08-25", "MA"),
)
CGI_PERSONS = (
    DemoPerson("recruiter_es", ("Karim Benali Ruiz",), "1987-03-08", "ES", "+34 612 448903"),
    DemoPerson("recruit_es_1", ("سعيد المرابط", "Said El Mrabet"), "1998-10-19", "MA"),
    DemoPerson("recruit_es_2", ("Adrián Soler Vidal",), "2002-06-12", "ES"),
)
NOCTUA_PERSONS = (
    DemoPerson("organiser", ("مصطفى الريسوني",), "1975-05-05", "MA"),
    DemoPerson("pilot", ("Luis Carmona Ortiz",), "1981-02-27", "ES"),
    DemoPerson("ground", ("Bilal Aqrouch",), "1993-09-13", "MA"),
)

AZAHAR_RELATIONS = (  # (source, kind, target, where it comes from, evaluation)
    ("leader", "leads", "cell", "Surveillance reports, DGST", "B2"),
    ("recruiter_1", "member_of", "cell", "Surveillance reports, DGST", "B2"),
    ("recruiter_2", "member_of", "cell", "Informant, DGST", "C3"),
    ("recruiter_1", "recruits", "recruit_1", "Messages seized on a phone", "B1"),
    ("recruiter_2", "recruits", "recruit_2", "Informant, DGST", "C3"),
    ("financier", "finances", "cell", "Bank transfers, financial intelligence", "A2"),
    ("leader", "owns", "phone:leader", "Subscriber records", "A1"),
    ("recruiter_1", "owns", "phone:recruiter_1", "Subscriber records", "A1"),
    ("leader", "calls", "recruiter_1", "Authorised interception", "A2"),
    ("facilitator", "travels_with", "recruit_2", "Border crossing records", "B2"),
    ("skipper", "uses_vehicle", "boat", "Port surveillance, Tanger Med", "B2"),
    ("recruit_3", "travels_with", "skipper", "Arrest report, DGSN", "A1"),
    ("facilitator", "calls", "skipper", "Authorised interception", "B2"),
)
CGI_RELATIONS = (
    ("recruiter_es", "member_of", "cell", "Authorised interception, CGI", "B2"),
    ("recruiter_es", "recruits", "recruit_es_1", "Open sources and surveillance, CGI", "B2"),
    ("recruiter_es", "recruits", "recruit_es_2", "Surveillance, CGI", "B3"),
    ("recruiter_es", "calls", "recruiter_1", "Authorised interception, CGI", "A2"),
    ("recruiter_es", "owns", "phone:recruiter_es", "Subscriber records", "A1"),
)
