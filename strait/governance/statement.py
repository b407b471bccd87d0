"""The joint statement: the approved minutes as a document anyone can check.

``build`` gathers the body, the meeting, the minutes' version and canonical text, its digest and
each side's signature with its node's public key; ``to_json`` writes it (canonical JSON);
``to_pdf`` lays it out (``pdf.py``) with the JSON embedded as a PDF attachment, so the PDF carries
its own proof. ``verify`` recomputes the digest from the canonical text in the file and checks
each signature with the public key in the file, and says whether that key is one this node knows
(its own, or a peer's from the keyring): a file whose keys nobody knows proves nothing.
``strait governance verify FILE`` prints the result.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from strait.federation import canonical as canonical_json
from strait.federation import crypto
from strait.federation.models import KeyKind, NodeKey, PeerKey
from strait.governance import minutes

if TYPE_CHECKING:
    from strait.governance.models import Meeting

FORMAT = "strait.governance.statement/1"
ATTACHMENT = "statement.json"


def _public_key(node: str, key_id: str) -> str:
    found = minutes.public_key(node, key_id)
    return crypto.b64e(found) if found is not None else ""


def build(meeting: Meeting) -> dict[str, Any]:
    """The statement of the meeting's minutes as they are now, with the signatures that are
    valid for this version (a void or invalid one is left out)."""
    body = meeting.body
    text = minutes.canonical(meeting)
    signed = [s.signature for s in minutes.signatures(meeting) if s.valid]
    return {
        "format": FORMAT,
        "body": {
            "uid": str(body.obj.uid),
            "code": body.code,
            "names": {
                "ar": body.name_ar,
                "es": body.name_es,
                "fr": body.name_fr,
                "en": body.name_en,
            },
        },
        "meeting": {
            "uid": str(meeting.uid),
            "title": dict(meeting.title or {}),
            "starts_on": meeting.starts_on.isoformat(),
            "ends_on": meeting.ends_on.isoformat() if meeting.ends_on else None,
            "place": meeting.place,
        },
        "version": meeting.minutes_version,
        "canonical": text,
        "digest": minutes.digest_of(text),
        "signatures": [
            {
                "agency": s.agency,
                "node": s.node,
                "chair": s.chair,
                "key_id": s.key_id,
                "public_key": _public_key(s.node, s.key_id),
                "signature": s.signature,
                "signed_at": s.signed_at.isoformat(),
            }
            for s in signed
        ],
        "published_by": settings.NODE.code,
    }


def to_json(data: dict[str, Any]) -> bytes:
    return canonical_json.dumps(data)


def to_pdf(data: dict[str, Any], language: str = "es") -> bytes:
    """The statement laid out for reading, the JSON inside as an attachment."""
    from strait.governance import pdf

    languages = [
        lang for lang in ("ar", "es", "fr", "en") if data["canonical"]["minutes"].get(lang)
    ]
    context = {
        "statement": data,
        "texts": [(lang, data["canonical"]["minutes"][lang]) for lang in languages],
    }
    return pdf.render(
        "governance/statement_pdf.html",
        context,
        language=language,
        attachments=[
            pdf.Attachment(ATTACHMENT, to_json(data), "Joint statement (strait governance verify)")
        ],
    )


# Verification.


@dataclass(frozen=True)
class SignatureCheck:
    agency: str
    node: str
    chair: str
    key_id: str
    valid: bool  # verifies with the key in the file
    known: bool  # that key is one this node holds for that node (its own or the peer's)
    reason: str = ""


@dataclass
class VerifyResult:
    digest_ok: bool = False
    signatures: list[SignatureCheck] = field(default_factory=list)
    problem: str = ""
    data: dict[str, Any] | None = None

    @property
    def valid(self) -> bool:
        """The text is the one signed, at least one signature, and every one verifies with a
        key this node knows."""
        return (
            not self.problem
            and self.digest_ok
            and bool(self.signatures)
            and all(s.valid and s.known for s in self.signatures)
        )


_STREAM = re.compile(rb"/EmbeddedFile\b(?P<dict>.*?)>>\s*stream\r?\n", re.S)


def _from_pdf(data: bytes) -> bytes | None:
    """The statement JSON embedded in one of our PDFs (an EmbeddedFile stream, compressed or
    not)."""
    for found in _STREAM.finditer(data):
        start = found.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        raw = data[start:end].rstrip(b"\r\n")
        candidates = [raw]
        if b"FlateDecode" in found.group("dict"):
            try:
                candidates.insert(0, zlib.decompress(raw))
            except zlib.error:
                continue
        for candidate in candidates:
            if FORMAT.encode() in candidate:
                return candidate
    return None


def _known_key(node: str, key_id: str, public: bytes) -> bool:
    if node == settings.NODE.code:
        rows = NodeKey.objects.filter(kind=KeyKind.SIGNING, key_id=key_id, revoked_at=None)
        return any(bytes(key) == public for key in rows.values_list("public", flat=True))
    peers = PeerKey.objects.filter(
        peer__code=node, kind=KeyKind.SIGNING, key_id=key_id, revoked_at=None
    )
    return any(bytes(key) == public for key in peers.values_list("public", flat=True))


def verify(data: bytes) -> VerifyResult:
    """Check a statement file (its JSON, or a PDF carrying it)."""
    if data.lstrip().startswith(b"%PDF"):
        embedded = _from_pdf(data)
        if embedded is None:
            return VerifyResult(problem="the PDF carries no statement")
        data = embedded
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return VerifyResult(problem="not a statement (JSON expected)")
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        return VerifyResult(problem="not a statement of this format")
    result = VerifyResult(data=parsed)
    try:
        text = parsed["canonical"]
        digest = minutes.digest_of(text)
        meeting, version = str(text["meeting"]), int(parsed["version"])
        signatures = list(parsed["signatures"])
    except (KeyError, TypeError, ValueError, canonical_json.NotCanonical):
        result.problem = "the statement is incomplete"
        return result
    result.digest_ok = digest == parsed.get("digest") and meeting == parsed["meeting"]["uid"]
    message = minutes.signed_bytes(meeting, version, digest)
    for entry in signatures:
        node, key_id = str(entry.get("node", "")), str(entry.get("key_id", ""))
        try:
            public = crypto.b64d(str(entry.get("public_key", "")))
        except crypto.CryptoError:
            public = b""
        valid = (
            len(public) == 32
            and crypto.key_id(public) == key_id
            and minutes.verify_with(public, str(entry.get("signature", "")), message)
        )
        known = valid and _known_key(node, key_id, public)
        reason = "" if known else ("unknown key" if valid else "does not verify")
        result.signatures.append(
            SignatureCheck(
                agency=str(entry.get("agency", "")),
                node=node,
                chair=str(entry.get("chair", "")),
                key_id=key_id,
                valid=valid,
                known=known,
                reason=reason,
            )
        )
    return result
