"""Attachments: checked by content, stored encrypted at rest, sent in parts (IO-03).

A file is accepted only if its bytes are one of the allowed types and its name's extension agrees
with them ("report.pdf" that is really a PNG is refused). It is stored in parts of ``PART_BYTES``
under ``ATTACHMENTS_DIR``, each part sealed with ChaCha20-Poly1305 under a key derived from the
node secret, bound to the attachment and part number, so parts cannot be swapped or moved.
The same parts travel to the partner, one envelope each, after the message they belong to.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import filetype
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

from strait.refusals import Refused

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_MESSAGE = 5
# Small enough that a part, in base64 inside an envelope body, stays under its 192 KiB limit.
PART_BYTES = 96 * 1024

# Content type → the extensions a file of that type may carry.
ALLOWED = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/tiff": {".tif", ".tiff"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "text/plain": {".txt", ".csv"},
}


class InvalidAttachment(Refused, ValueError):
    """A file refused: its name, size or content is not acceptable."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def sniff(upload: Upload) -> str:
    """The content type of an upload, judged by its bytes; raises InvalidAttachment."""
    name = os.path.basename(upload.filename.replace("\\", "/")).strip()
    if not name or len(name) > 200:
        raise InvalidAttachment(_("The file needs a name of at most 200 characters."))
    if not upload.data:
        raise InvalidAttachment(_("The file %(name)s is empty.") % {"name": name})
    if len(upload.data) > MAX_BYTES:
        raise InvalidAttachment(
            _("The file %(name)s is larger than %(limit)s MiB.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)}
        )
    guessed = filetype.guess(upload.data)
    if guessed is not None:
        content_type = str(guessed.mime)
    elif _is_text(upload.data):
        content_type = "text/plain"
    else:
        content_type = "application/octet-stream"
    extension = Path(name).suffix.lower()
    if content_type not in ALLOWED:
        raise InvalidAttachment(
            _("The file %(name)s is not of an allowed type (PDF, image, office document, text).")
            % {"name": name}
        )
    if extension not in ALLOWED[content_type]:
        raise InvalidAttachment(
            _("The file %(name)s does not contain what its name says.") % {"name": name}
        )
    return content_type


def allowed_name(filename: str, content_type: str) -> bool:
    """Whether a declared type is allowed and the file name's extension agrees with it."""
    return Path(clean_name(filename)).suffix.lower() in ALLOWED.get(content_type, set())


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def clean_name(filename: str) -> str:
    return os.path.basename(filename.replace("\\", "/")).strip()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def split(data: bytes) -> list[bytes]:
    return [data[i : i + PART_BYTES] for i in range(0, len(data), PART_BYTES)] or [b""]


def _root() -> Path:
    return Path(getattr(settings, "ATTACHMENTS_DIR", settings.NODE.home / "attachments"))


def _key() -> bytes:
    secret = settings.NODE.secret_key.encode()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"strait attachments v1")
    return hkdf.derive(secret)


def _path(uid: str, part: int) -> Path:
    return _root() / uid[:2] / f"{uid}.{part}"


def store_part(uid: str, part: int, data: bytes) -> None:
    """Seal and write one part; rewriting the same part (a retried arrival) is harmless."""
    nonce = os.urandom(12)
    sealed = nonce + ChaCha20Poly1305(_key()).encrypt(nonce, data, f"{uid}:{part}".encode())
    path = _path(uid, part)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(f".{part}.tmp")
    temporary.write_bytes(sealed)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def read_part(uid: str, part: int) -> bytes:
    sealed = _path(uid, part).read_bytes()
    return ChaCha20Poly1305(_key()).decrypt(sealed[:12], sealed[12:], f"{uid}:{part}".encode())


def read(uid: str, parts: int, expected_sha256: str) -> bytes:
    try:
        data = b"".join(read_part(uid, n) for n in range(parts))
    except FileNotFoundError as exc:
        raise InvalidAttachment("stored attachment is missing a part") from exc
    if sha256(data) != expected_sha256:
        raise InvalidAttachment("stored attachment does not match its digest")
    return data


def erase(uid: str, parts: int) -> None:
    for n in range(parts):
        _path(uid, n).unlink(missing_ok=True)
