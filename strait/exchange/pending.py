"""Files a user attached to a message the page sent back with errors (issue 12): kept, sealed,
until the user sends the message, so they need not pick them again.

Each file is one sealed blob under ``ATTACHMENTS_DIR/pending/`` named by a random token; the
seal (ChaCha20-Poly1305, key derived from the node secret) binds it to the token and to the
user, so a token is worth nothing to anyone else: opening it as another user fails and answers
"no such file". Blobs older than ``KEPT_HOURS`` are removed whenever a file is held. Storage
only: the actions decide when to hold, take and drop.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from strait.exchange import attachments

KEPT_HOURS = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class Held:
    token: str
    upload: attachments.Upload

    @property
    def filename(self) -> str:
        return self.upload.filename


def _root() -> Path:
    base = Path(getattr(settings, "ATTACHMENTS_DIR", settings.NODE.home / "attachments"))
    return base / "pending"


def _key() -> bytes:
    secret = settings.NODE.secret_key.encode()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"strait pending uploads v1")
    return hkdf.derive(secret)


def _bound(user_id: int, token: str) -> bytes:
    return f"pending:{user_id}:{token}".encode()


def _sweep() -> None:
    cutoff = time.time() - KEPT_HOURS * 3600
    for path in _root().glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def hold(user_id: int, upload: attachments.Upload) -> Held:
    """Seal and keep one file for ``user_id``; returns its token."""
    root = _root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    _sweep()
    token = secrets.token_urlsafe(24)
    name = upload.filename.encode()
    plain = len(name).to_bytes(2, "big") + name + upload.data
    nonce = os.urandom(12)
    sealed = nonce + ChaCha20Poly1305(_key()).encrypt(nonce, plain, _bound(user_id, token))
    temporary = root / f"{token}.tmp"
    temporary.write_bytes(sealed)
    os.chmod(temporary, 0o600)
    os.replace(temporary, root / token)
    return Held(token, upload)


def take(user_id: int, tokens: list[str]) -> list[Held]:
    """The files ``user_id`` holds under ``tokens``, in order; unknown, expired or another
    user's tokens are left out."""
    found: list[Held] = []
    for token in dict.fromkeys(tokens):
        if not _TOKEN.match(token):
            continue
        try:
            sealed = (_root() / token).read_bytes()
            plain = ChaCha20Poly1305(_key()).decrypt(
                sealed[:12], sealed[12:], _bound(user_id, token)
            )
        except (FileNotFoundError, InvalidTag, ValueError):
            continue
        size = int.from_bytes(plain[:2], "big")
        name = plain[2 : 2 + size].decode("utf-8", errors="replace")
        found.append(Held(token, attachments.Upload(name, plain[2 + size :])))
    return found


def drop(tokens: list[str]) -> None:
    for token in tokens:
        if _TOKEN.match(token):
            (_root() / token).unlink(missing_ok=True)
