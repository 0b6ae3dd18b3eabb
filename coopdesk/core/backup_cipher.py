"""Backups encrypted with a password: AES-256-GCM, its key derived with scrypt.

The file, streamed in chunks of 1 MiB so a large book never has to fit in memory:

    MAGIC (19 bytes) | salt (16) | scrypt log2(n), r, p (1 byte each) | nonce prefix (8)
    | key check: the GCM tag (16) of nothing, under nonce prefix + FFFFFFFF
    | chunk*: length (4, big-endian) | AES-GCM ciphertext and tag

Chunk ``i`` is sealed under the nonce ``prefix + i`` (a fresh random prefix per
file, so a nonce never repeats under one key) with the header, ``i`` and a
«last chunk» flag as associated data: chunks cannot be reordered, dropped or
cut off without the decryption failing. The key check tells a wrong password
apart from a damaged file. A password is never stored anywhere.
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path
from typing import BinaryIO, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"coopdesk-cifrado-1\n"
CHUNK = 1 << 20
SALT_BYTES, PREFIX_BYTES, TAG_BYTES = 16, 8, 16
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # 32 MiB and about a tenth of a second per file
_CHECK_COUNTER = 0xFFFFFFFF
_HEADER = len(MAGIC) + SALT_BYTES + 3 + PREFIX_BYTES


class WrongPassword(Exception):
    """The password does not open this file."""


class DamagedCipher(Exception):
    """The encrypted file is cut short or changed."""


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def _key(password: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=1 << log2_n, r=r, p=p, dklen=32,
                          maxmem=(256 << log2_n) * r + (1 << 20))


def _aad(header: bytes, counter: int, last: bool) -> bytes:
    return header + struct.pack(">IB", counter, 1 if last else 0)


def encrypt_file(source: Path, target: Path, password: str) -> None:
    """Write ``source`` encrypted under ``password`` into the new file ``target`` (flushed to disk)."""
    salt, prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
    header = MAGIC + salt + bytes((SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)) + prefix
    aes = AESGCM(_key(password, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P))
    with source.open("rb") as src, target.open("xb") as out:
        out.write(header)
        out.write(aes.encrypt(prefix + struct.pack(">I", _CHECK_COUNTER), b"", header))
        counter, chunk = 0, src.read(CHUNK)
        while True:
            following = src.read(CHUNK)
            last = not following
            sealed = aes.encrypt(prefix + struct.pack(">I", counter), chunk, _aad(header, counter, last))
            out.write(struct.pack(">I", len(sealed)) + sealed)
            if last:
                break
            counter, chunk = counter + 1, following
        out.flush()
        os.fsync(out.fileno())


def _read_exactly(f: BinaryIO, size: int) -> bytes:
    data = f.read(size)
    if len(data) != size:
        raise DamagedCipher()
    return data


def plaintext(source: Path, password: str) -> Iterator[bytes]:
    """The decrypted chunks of ``source``, each authenticated before it is given."""
    with source.open("rb") as f:
        header = f.read(_HEADER)
        if len(header) != _HEADER or not header.startswith(MAGIC):
            raise DamagedCipher()
        salt = header[len(MAGIC):len(MAGIC) + SALT_BYTES]
        log2_n, r, p = header[len(MAGIC) + SALT_BYTES:len(MAGIC) + SALT_BYTES + 3]
        prefix = header[-PREFIX_BYTES:]
        if not (10 <= log2_n <= 20 and 1 <= r <= 16 and 1 <= p <= 4):
            raise DamagedCipher()
        aes = AESGCM(_key(password, salt, log2_n, r, p))
        try:
            aes.decrypt(prefix + struct.pack(">I", _CHECK_COUNTER), _read_exactly(f, TAG_BYTES), header)
        except InvalidTag:
            raise WrongPassword() from None
        counter = 0
        while True:
            size_bytes = f.read(4)
            if len(size_bytes) != 4:
                raise DamagedCipher()  # cut short before its last chunk
            (size,) = struct.unpack(">I", size_bytes)
            if not TAG_BYTES <= size <= CHUNK + TAG_BYTES:
                raise DamagedCipher()
            sealed = _read_exactly(f, size)
            nonce = prefix + struct.pack(">I", counter)
            last = False
            try:
                data = aes.decrypt(nonce, sealed, _aad(header, counter, last=False))
            except InvalidTag:
                try:
                    data = aes.decrypt(nonce, sealed, _aad(header, counter, last=True))
                except InvalidTag:
                    raise DamagedCipher() from None
                if f.read(1):
                    raise DamagedCipher()  # something after the last chunk
                last = True
            yield data
            if last:
                return
            counter += 1


def decrypt_file(source: Path, target: Path, password: str) -> None:
    """Write ``source`` decrypted into the new file ``target`` (flushed to disk)."""
    with target.open("xb") as out:
        for data in plaintext(source, password):
            out.write(data)
        out.flush()
        os.fsync(out.fileno())


def plaintext_digest(source: Path, password: str) -> str:
    """The SHA-256 of what ``source`` decrypts to (nothing written)."""
    digest = hashlib.sha256()
    for data in plaintext(source, password):
        digest.update(data)
    return digest.hexdigest()
