"""The node's key pairs and the primitives that use them. pyca/cryptography only.

- Signing: Ed25519 (FED-02); signatures are made with pyca/cryptography and checked with PyNaCl
  (libsodium), which is faster at verification. Both implement RFC 8032.
- Encryption: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
  ChaCha20-Poly1305, with the canonical header as HPKE ``info`` so a body cannot be moved under
  another header (FED-03).
- Private keys at rest: PKCS#8, encrypted with the node secret (BestAvailableEncryption).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
SUITE_NAME = "HPKE-X25519-SHA256-ChaCha20Poly1305"

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw


class CryptoError(ValueError):
    """A signature did not verify or a ciphertext did not decrypt."""


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    if not isinstance(text, str):
        raise CryptoError("expected base64url text")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise CryptoError("malformed base64url") from exc


def key_id(public_raw: bytes) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def new_encryption_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def public_raw(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(_RAW, _RAW_PUB)


def seal_private(key: Ed25519PrivateKey | X25519PrivateKey, secret: str) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret.encode("utf-8")),
    )


def open_private(pem: bytes, secret: str) -> Ed25519PrivateKey | X25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=secret.encode("utf-8"))
    if not isinstance(key, Ed25519PrivateKey | X25519PrivateKey):
        raise CryptoError("unexpected private key type")
    return key


def sign(key: Ed25519PrivateKey, message: bytes) -> bytes:
    return key.sign(message)


def verify(public: bytes, signature: bytes, message: bytes) -> None:
    # libsodium (PyNaCl) verifies Ed25519 about twice as fast as OpenSSL here, and every
    # envelope and receipt is verified: it is the largest single cost of the inbox.
    try:
        nacl.signing.VerifyKey(public).verify(message, signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, TypeError) as exc:
        raise CryptoError("bad signature") from exc


def encrypt(recipient_public: bytes, plaintext: bytes, info: bytes) -> bytes:
    return SUITE.encrypt(plaintext, X25519PublicKey.from_public_bytes(recipient_public), info=info)


def decrypt(private: X25519PrivateKey, ciphertext: bytes, info: bytes) -> bytes:
    try:
        return SUITE.decrypt(ciphertext, private, info=info)
    except (InvalidTag, ValueError) as exc:
        raise CryptoError("ciphertext does not decrypt (tampered or wrong key)") from exc


@dataclass(frozen=True)
class PublicIdentity:
    """What a peer needs of us: our code and public keys. Its fingerprint is read by phone."""

    node: str
    signing_key: bytes
    encryption_key: bytes

    def fingerprint(self) -> str:
        digest = hashlib.sha256(
            b"strait-node-v1\n"
            + self.node.encode()
            + b"\n"
            + self.signing_key
            + self.encryption_key
        ).digest()
        text = base64.b32encode(digest).decode("ascii")[:20]
        return "-".join(text[i : i + 4] for i in range(0, 20, 4))
