"""The good-practice library's reads: the documents of the bodies the reader sees, filtered by
area, language and body; a document's translations (the documents that translate it, the one it
translates, and that one's other translations)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from strait.governance import queries
from strait.governance.models import Document

if TYPE_CHECKING:
    from strait.accounts.models import User


def documents_visible_to(
    user: User, *, area: str = "", language: str = "", body_uid: str = ""
) -> QuerySet[Document]:
    rows = Document.objects.filter(body__in=queries.bodies(user)).select_related("body")
    if area:
        rows = rows.filter(area=area)
    if language:
        rows = rows.filter(language=language)
    if body_uid:
        rows = rows.filter(body__obj__uid=body_uid)
    return rows


def document(user: User, uid: uuid.UUID | str) -> Document:
    found = documents_visible_to(user).select_related("body__obj").filter(uid=uid).first()
    if found is None:
        raise Http404
    return found


def translations(user: User, found: Document) -> list[Document]:
    """The other language versions of ``found`` the reader sees, by language."""
    original = found.translation_of or found.uid
    rows = documents_visible_to(user).filter(Q(uid=original) | Q(translation_of=original))
    return sorted((d for d in rows if d.pk != found.pk), key=lambda d: (d.language, d.added_at))


def complete(found: Document) -> bool:
    """Every part of the file arrived (a document is read only then)."""
    return found.parts_received >= found.parts
