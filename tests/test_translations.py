"""The translation catalogs: complete, faithful to their placeholders, and compiled.

The catalogs are read with a small parser below (the standard library has none, and polib is not
a dependency). Nothing here lists the msgids: new strings from `make messages` are checked as they
come.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# Every language the site offers, except the one the msgids are written in.
LANGUAGES = sorted(code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
NPLURALS = {"ar": 6, "es": 2, "fr": 2}

PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"\{[A-Za-z0-9_]*\}")
MARKUP = re.compile(r"<[^>]*>|&#?\w+;")
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # form index -> text; 0 if no plural
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted string: {text}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header included; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry.msgstr:  # a comment after a msgstr starts the next entry
                finish()
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith('"'):
            assert target is not None, f"{path}:{number}: string with no keyword"
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and entry.msgstr:
            finish()
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            assert keyword in ("msgctxt", "msgid", "msgid_plural"), f"{path}:{number}: {raw}"
            if keyword == "msgid":
                entry.line = number
            setattr(entry, keyword, _unquote(rest))
            target = (keyword, 0)
    finish()
    return entries


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def catalog(language: str) -> tuple[dict[str, str], list[Entry]]:
    """The header fields and the messages of a language's catalog."""
    entries = parse_po(po_path(language))
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1, "the catalog needs exactly one header entry"
    fields = {}
    for line in header[0].msgstr[0].splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    fields["#fuzzy"] = "yes" if "fuzzy" in header[0].flags else ""
    return fields, [e for e in entries if e is not header[0]]


def where(language: str, entry: Entry) -> str:
    return f"{language}/django.po:{entry.line}: {entry.msgid!r}"


def placeholders(text: str, entry: Entry) -> list[str]:
    found = BRACE.findall(text)
    if "python-format" in entry.flags:
        found += [p for p in PERCENT.findall(text) if p != "%%"]
    return sorted(found)


def edges(text: str) -> tuple[str, str]:
    """The whitespace a string starts and ends with (newlines matter to msgfmt and to layout)."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def test_every_offered_language_has_a_catalog() -> None:
    assert set(LANGUAGES) == set(NPLURALS)
    for language in LANGUAGES:
        assert po_path(language).is_file(), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_names_the_language_charset_and_plural_forms(language: str) -> None:
    fields, _ = catalog(language)
    assert fields["#fuzzy"] == "", "the header is still marked fuzzy"
    assert fields["Language"] == language
    assert fields["Content-Type"].lower().replace(" ", "") == "text/plain;charset=utf-8"
    plural_forms = fields["Plural-Forms"]
    assert re.match(rf"nplurals={NPLURALS[language]}; plural=", plural_forms), plural_forms
    plural = gettext.c2py(plural_forms.split("plural=", 1)[1].rstrip(";"))
    # Every form is reachable, and only those.
    assert {plural(n) for n in range(1000)} == set(range(NPLURALS[language]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    _, entries = catalog(language)
    assert entries
    problems = []
    for entry in entries:
        forms = NPLURALS[language] if entry.msgid_plural is not None else 1
        if "fuzzy" in entry.flags:
            problems.append(f"{where(language, entry)} is fuzzy")
        if sorted(entry.msgstr) != list(range(forms)):
            problems.append(f"{where(language, entry)} has forms {sorted(entry.msgstr)}")
        if not all(text.strip() for text in entry.msgstr.values()):
            problems.append(f"{where(language, entry)} is untranslated")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_markup_and_edge_whitespace(language: str) -> None:
    _, entries = catalog(language)
    problems = []
    for entry in entries:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        for index, text in entry.msgstr.items():
            # A plural form may stand for the singular or the plural msgid, whose placeholders
            # normally agree; when they differ, either set is acceptable.
            if placeholders(text, entry) not in [placeholders(s, entry) for s in sources]:
                problems.append(f"{where(language, entry)}[{index}] placeholders: {text!r}")
            if sorted(MARKUP.findall(text)) != sorted(MARKUP.findall(entry.msgid)):
                problems.append(f"{where(language, entry)}[{index}] markup: {text!r}")
            if edges(text) != edges(entry.msgid):
                problems.append(f"{where(language, entry)}[{index}] leading/trailing whitespace")
    assert not problems, "\n".join(problems)


def test_arabic_translations_are_in_arabic_script() -> None:
    _, entries = catalog("ar")
    problems = []
    for entry in entries:
        # Only text with words needs Arabic letters, not a msgid made of placeholders and codes.
        words = MARKUP.sub("", PERCENT.sub("", BRACE.sub("", entry.msgid)))
        if not re.search(r"[A-Za-z]{2,}", words):
            continue
        for index, text in entry.msgstr.items():
            if not ARABIC.search(text):
                problems.append(f"{where('ar', entry)}[{index}]: {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_po_file(language: str) -> None:
    """The committed .mo holds exactly the .po's translations: run `make messages` if not."""
    fields, entries = catalog(language)
    expected: dict[str | tuple[str, int], str] = {}
    for entry in entries:
        if "fuzzy" in entry.flags or not any(entry.msgstr.values()):
            continue  # msgfmt leaves these out
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            expected.update({(entry.key, i): text for i, text in entry.msgstr.items()})
    mo = po_path(language).with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: run `make messages`"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    # _catalog is the parsed .mo (Django reads it the same way); the header is checked above.
    actual = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert actual == expected, f"{mo} is out of date with its .po: run `make messages`"
    assert compiled.info().get("language") == fields["Language"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_check_passes(language: str, tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po_path(language))],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
