"""Small file-system helpers shared by every stage: atomic writes, owner-only modes, hashes.

Everything the tool creates is owner-only (0600 files, 0700 folders) unless packet.toml says otherwise.
Outputs are written to a temporary name in the destination's folder and renamed into place last, so a
failed run never leaves half a file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from packet.exceptions import OutputError

FILE_MODE = 0o600
DIR_MODE = 0o700


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_private_dir(path: str | Path, mode: int = DIR_MODE) -> Path:
    """Create ``path`` (and parents) owner-only; an existing folder is left as it is."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True, mode=mode)
    except OSError as e:
        raise OutputError(p, e.strerror or str(e)) from e
    return p


def _explain(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "the disk is full"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    return e.strerror or str(e)


@contextlib.contextmanager
def atomic_path(dest: str | Path, mode: int = FILE_MODE) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it is renamed onto ``dest``.

    On any error the temporary file is removed and ``dest`` is untouched.
    """
    dest = Path(dest)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    except OSError as e:
        raise OutputError(dest, _explain(e)) from e
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, dest)
    except OSError as e:
        tmp_path.unlink(missing_ok=True)
        raise OutputError(dest, _explain(e)) from e
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes_atomic(dest: str | Path, data: bytes, mode: int = FILE_MODE) -> Path:
    with atomic_path(dest, mode) as tmp:
        tmp.write_bytes(data)
    return Path(dest)


def write_text_atomic(dest: str | Path, text: str, mode: int = FILE_MODE) -> Path:
    return write_bytes_atomic(dest, text.encode("utf-8"), mode)


@contextlib.contextmanager
def atomic_dir(dest: str | Path, mode: int = DIR_MODE) -> Iterator[Path]:
    """Yield a temporary folder beside ``dest``; on success it is renamed to ``dest`` (which must not
    exist)."""
    dest = Path(dest)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent))
    except OSError as e:
        raise OutputError(dest, _explain(e)) from e
    try:
        os.chmod(tmp, mode)
        yield tmp
        os.rename(tmp, dest)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(dest, _explain(e)) from e
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# Files nobody means as input: dotfiles (.DS_Store), Thumbs.db, Office lock files (~$...), editor
# backups (name~) and partial downloads or copies. The inbox and records/ use this one filter.
JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db"})
JUNK_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", "~")


def is_junk_name(name: str) -> bool:
    """A file name the inbox and a records folder ignore."""
    low = name.lower()
    return name.startswith((".", "~")) or low in JUNK_NAMES or low.endswith(JUNK_SUFFIXES)
