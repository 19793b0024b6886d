"""The signing key of checkpoints as a file (PKCS#8 PEM, Ed25519), kept where the database's
owner cannot read it; `yingshang audit keygen` writes one."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from application.signatures import ALGORITHM

RAW = serialization.Encoding.Raw


class FileSigner:
    """Signs with the Ed25519 private key in a PEM file."""

    def __init__(self, path: Path) -> None:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} holds no Ed25519 private key")
        self.key = key
        raw = key.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        self._tag_key = HKDF(hashes.SHA256(), 32, salt=None, info=b"yingshang event tags/1").derive(
            raw
        )

    def public_key(self) -> str:
        raw = self.key.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
        return f"{ALGORITHM}:{base64.b64encode(raw).decode('ascii')}"

    def sign(self, data: bytes) -> str:
        return f"{ALGORITHM}:{base64.b64encode(self.key.sign(data)).decode('ascii')}"

    def tag_key(self) -> bytes:
        return self._tag_key


def write_key(path: Path) -> FileSigner:
    """Write a new private key to `path` (readable by its owner only); refuses to overwrite."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return FileSigner(path)
