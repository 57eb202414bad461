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
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from packet.exceptions import BadRulesError, OutputError

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
        missing = [d for d in [p, *p.parents] if not d.exists()]
        for d in reversed(missing):  # parents too get ``mode`` (mkdir's parents=True gives them 0777-umask)
            d.mkdir(mode=mode, exist_ok=True)
        p.mkdir(exist_ok=True, mode=mode)
    except OSError as e:
        raise OutputError(p, e.strerror or str(e)) from e
    return p


def _explain(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "the disk is full"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    return e.strerror or str(e)


def make_own_dir(root: str | Path, path: str | Path, mode: int = DIR_MODE) -> Path:
    """``make_private_dir``, for one of the workspace's own folders (inbox/failed/, .incoming/, .tmp/):
    it must be a real folder inside ``root``, never a link that would send patients' files elsewhere (a
    world-writable folder). ``UnsafeInputError`` otherwise, naming it and the fix."""
    from packet.exceptions import UnsafeInputError

    p = make_private_dir(path, mode)
    try:
        st = os.lstat(p)
        inside = p.resolve().is_relative_to(Path(root).resolve())
    except OSError as e:
        raise OutputError(p, _explain(e)) from e
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode) or not inside:
        what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a folder inside the workspace"
        raise UnsafeInputError(
            p, f"the workspace's own folder is {what}", "replace it with a real folder (remove the link)"
        )
    return p


@contextlib.contextmanager
def atomic_path(dest: str | Path, mode: int = FILE_MODE) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it is renamed onto ``dest``.

    On any error the temporary file is removed and ``dest`` is untouched.
    """
    dest = Path(dest)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.{pid_tag()}", suffix=".part", dir=dest.parent)
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
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.{pid_tag()}", suffix=".part", dir=dest.parent))
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


# ------------------------------------------------------------------------------------------------------
# Temporary work inside the workspace

WORK_DIR = ".tmp"  # WORKSPACE/.tmp/p<pid>/: one process's temporary files, owner-only
_PID_TAG = re.compile(r"(?:^|\.)p(\d+)-")


def pid_tag() -> str:
    """Part of a temporary name that says which process made it (``p1234-``), so a later start can tell
    what a killed process left behind from what a running one is using."""
    return f"p{os.getpid()}-"


def left_by_dead_process(name: str) -> bool:
    """The temporary ``name`` (with a ``pid_tag``) belongs to a process that no longer runs."""
    from packet.guard import pid_alive

    m = _PID_TAG.search(name)
    return m is not None and int(m.group(1)) != os.getpid() and not pid_alive(int(m.group(1)))


def sweep_parts(folder: Path) -> None:
    """Remove the ``.*.part`` files and folders a killed process left in ``folder`` (atomic writes)."""
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            if p.name.startswith(".") and p.name.endswith(".part") and left_by_dead_process(p.name):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)


def sweep_work(workspace: Path) -> None:
    """Remove the temporary folders of processes that were killed (WORKSPACE/.tmp/p<pid>)."""
    root = workspace / WORK_DIR
    with contextlib.suppress(OSError):
        for p in root.iterdir():
            if left_by_dead_process(p.name + "-" if p.name.startswith("p") else p.name):
                shutil.rmtree(p, ignore_errors=True)


_outside: list[str | None] = []  # tempfile.tempdir and TMPDIR as they were before private_temp


def fork_server_dir() -> None:
    """Before a fork server starts inside ``private_temp``: multiprocessing's folder for its socket goes to
    the system's temporary folder (a socket's path must be short; it holds no patient data, and it must
    outlive the workspace's folder, since the server is reused by later runs in the same process)."""
    import multiprocessing.util

    if not _outside:
        multiprocessing.util.get_temp_dir()
        return
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = _outside[0]
    if _outside[1] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = _outside[1]
    try:
        multiprocessing.util.get_temp_dir()
    finally:
        tempfile.tempdir = saved[0]
        if saved[1] is not None:
            os.environ["TMPDIR"] = saved[1]


@contextlib.contextmanager
def private_temp(workspace: Path | None, mode: int = DIR_MODE) -> Iterator[Path | None]:
    """While inside, this process's temporary files (Python's ``tempfile`` and, through TMPDIR, its helper
    programs: LibreOffice, tesseract) go to WORKSPACE/.tmp/p<pid>/ instead of the system's temporary
    folder, where a killed run would leave patients' files behind; what killed processes left there is
    removed first. Without a workspace, nothing changes. Nested uses share the outermost folder."""
    if workspace is None:
        yield None
        return
    mine = workspace / WORK_DIR / f"p{os.getpid()}"
    if tempfile.tempdir == str(mine):
        yield mine
        return
    make_own_dir(workspace, workspace / WORK_DIR, mode)
    sweep_work(workspace)
    make_own_dir(workspace, mine, mode)
    old, old_env = tempfile.tempdir, os.environ.get("TMPDIR")
    _outside[:] = [old, old_env]
    tempfile.tempdir, os.environ["TMPDIR"] = str(mine), str(mine)
    try:
        yield mine
    finally:
        tempfile.tempdir = old
        if old_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old_env
        shutil.rmtree(mine, ignore_errors=True)


def read_rules_toml(path: str | Path) -> dict[str, Any]:
    """A rule file's TOML as a dict; ``BadRulesError`` naming the file when it is missing or not TOML (every
    rule file the package ships is read through here)."""
    import tomllib

    where = Path(path)
    try:
        return tomllib.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise BadRulesError(where, "the file is missing") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BadRulesError(where, f"not valid TOML ({e})") from e
