"""The content hash of a file's bytes: what the result cache keys a file by, and what a
cached result records of each module it read."""
from __future__ import annotations

try:  # blake2b without importing hashlib (and OpenSSL) on the hot path
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b as _blake2b


def content_hash(data: bytes) -> str:
    return _blake2b(data, digest_size=16).hexdigest()
