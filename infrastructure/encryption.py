"""At-rest encryption of the stored events' state (`YINGSHANG_CIPHER_KEY`), with the library's
AES-GCM cipher over `cryptography` (`eventsourcing.cryptography.AESCipher`).

Only each event's state (its payload) is encrypted: its case id, version and topic stay
readable, and so do the views and idempotency replies derived from it. The seals hash the
stored, encrypted bytes.
"""

from __future__ import annotations

import base64
import binascii
import json

from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import Cipher
from eventsourcing.utils import Environment, get_topic
from pydantic import SecretStr

from application.case_store import CaseStore

KEY_VARIABLE = "YINGSHANG_CIPHER_KEY"
KEY_BYTES = 32  # AES-256
MAKE_ONE = "make one with `yingshang cipher-key`"


class UnreadableLog(Exception):
    """The stored events cannot be read with the configured key, or without one."""


def new_key() -> str:
    """A fresh random AES-256 key, in the form `YINGSHANG_CIPHER_KEY` takes (base64)."""
    return AESCipher.create_key(KEY_BYTES)


def require_key(key: str) -> str:
    """`key` if it is the base64 of 16, 24 or 32 bytes; else a ValueError saying why (without
    repeating the key)."""
    try:
        size = len(base64.b64decode(key, validate=True))
    except (binascii.Error, ValueError):
        raise ValueError(f"{KEY_VARIABLE} is not base64; {MAKE_ONE}") from None
    if size not in AESCipher.KEY_SIZES:
        sizes = ", ".join(map(str, AESCipher.KEY_SIZES))
        raise ValueError(f"{KEY_VARIABLE} holds {size} bytes, AES takes {sizes}; {MAKE_ONE}")
    return key


def cipher_env(key: SecretStr | None) -> dict[str, str]:
    """The library's cipher variables for the case store: AES-GCM with `key`, or no cipher.

    They carry the store's name as prefix (`YINGSHANG_CIPHER_KEY`), which the library reads
    before the bare `CIPHER_KEY`: so the settings decide, and a variable of that name in the
    process environment cannot switch on the library's default cipher behind their back.
    """
    prefix = f"{CaseStore.name.upper()}_"
    return {
        f"{prefix}CIPHER_TOPIC": get_topic(AESCipher) if key else "",
        f"{prefix}CIPHER_KEY": key.get_secret_value() if key else "",
    }


def package_cipher(key: SecretStr | None) -> Cipher | None:
    """The cipher that reads the stored bytes of a package exported under `key` (None: none)."""
    if key is None:
        return None
    return AESCipher(Environment(env={AESCipher.CIPHER_KEY: key.get_secret_value()}))


def require_readable(store: CaseStore, encrypted: bool) -> None:
    """Refuse a store whose first or last stored event the configured key (or its absence)
    cannot read, saying why."""
    head = store.recorder.max_notification_id()
    if head is None:
        return
    for start in dict.fromkeys((1, head)):
        for notification in store.recorder.select_notifications(start, 1):
            try:
                store.mapper.to_domain_event(notification)
            except ValueError as error:
                plain = _is_json(notification.state)
                if plain and not encrypted:
                    raise  # not a matter of encryption
                raise UnreadableLog(_why_unreadable(encrypted, plain)) from error


def _why_unreadable(encrypted: bool, plain: bool) -> str:
    if not encrypted:
        return f"the stored events are encrypted: set {KEY_VARIABLE} to the key they were written with"
    if plain:
        return (
            f"the stored events are not encrypted, but {KEY_VARIABLE} is set: encryption can be "
            "switched on for a new, empty store only; unset it to open this one"
        )
    return f"{KEY_VARIABLE} does not decrypt the stored events: they were written with another key"


def _is_json(state: bytes) -> bool:
    try:
        json.loads(state)
    except ValueError:
        return False
    return True
