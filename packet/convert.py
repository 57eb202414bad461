"""DOCX -> PDF: LibreOffice headless, batched, each run with its own profile; a pure-Python fallback.

    docx_to_pdf(Path("letter.docx"), Path("letter.pdf"))            # one file
    docx_to_pdf_many([a, b, c], out_dir)  -> {a: out_dir/a.pdf, ...}  # one soffice start for all

One ``soffice`` start costs about a second; converting many files in one call costs little more than one,
so ``packet build --all`` converts every changed letter in one batch. Each call gets a fresh temporary
LibreOffice profile (``-env:UserInstallation``) so parallel runs never collide, a timeout, and its
process group is killed if it hangs. Failures become ``ConversionFailedError`` naming the file.

Without LibreOffice, ``fallback=True`` (the default) renders the DOCX's paragraphs, tables and basic
formatting with reportlab (``packet.build.docx_render``) and logs a warning that the layout is approximate.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from packet import guard, limits, tools
from packet.docxsafe import sanitize_docx
from packet.exceptions import ConversionFailedError, DamagedDocxError, FileNotFoundInputError, PacketError
from packet.fsutil import atomic_path

log = logging.getLogger("packet.convert")

PER_FILE_SECONDS = 30  # added to the timeout for each further file in a batch
FALLBACK_WARNING = (
    "LibreOffice is not installed: {name} was rendered by Appeal Packet itself and its layout is "
    "approximate; install LibreOffice (apt-get install libreoffice-writer-nogui) or export the letter "
    "to PDF from Word next to it"
)


def check_docx(docx: Path) -> None:
    """``DamagedDocxError`` unless ``docx`` is a Word document (a zip with word/document.xml); then the
    safety checks of ``limits.check_zip`` (zip bombs, XML entity declarations, macros), before any XML
    parser or LibreOffice sees it."""
    if not docx.is_file():
        raise FileNotFoundInputError(docx)
    try:
        with zipfile.ZipFile(docx) as z:
            if "word/document.xml" not in z.namelist():
                raise DamagedDocxError(docx, "not a Word document (no word/document.xml)")
            limits.check_zip(docx, z)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as e:
        raise DamagedDocxError(docx) from e
    except (NotImplementedError, RuntimeError) as e:  # unknown compression, an encrypted part
        raise DamagedDocxError(docx, f"not a readable Word document ({e})") from e


def have_libreoffice() -> bool:
    return tools.find("libreoffice").path is not None


def docx_to_pdf(
    docx: Path, out_pdf: Path, *, timeout: float = limits.CONVERT_SECONDS, fallback: bool = True
) -> Path:
    """Convert one DOCX to ``out_pdf`` (written atomically); returns ``out_pdf``."""
    docx, out_pdf = Path(docx), Path(out_pdf)
    with tempfile.TemporaryDirectory(prefix="packet-convert-") as tmp:
        got = docx_to_pdf_many([docx], Path(tmp), timeout=timeout, fallback=fallback)
        with atomic_path(out_pdf) as part:
            shutil.copyfile(got[docx], part)
    return out_pdf


def docx_to_pdf_many(
    docxs: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float = limits.CONVERT_SECONDS,
    fallback: bool = True,
    failures: dict[Path, PacketError] | None = None,
) -> dict[Path, Path]:
    """Convert many DOCX files with one LibreOffice start; returns {docx: pdf in out_dir}.

    Output names are ``<stem>.pdf``, numbered when two inputs share a stem (``letter.docx`` of two cases).
    A file that fails raises ``ConversionFailedError`` (or ``DamagedDocxError``), unless ``failures`` is
    given: then it is recorded there and left out of the result, and the other files are still converted.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = _output_names(docxs)
    todo: list[Path] = []
    for d in docxs:
        try:
            check_docx(d)
            todo.append(d)
        except PacketError as e:
            if failures is None:
                raise
            failures[d] = e
    if not todo:
        return {}
    exe = tools.find("libreoffice").path
    if exe is None:
        if not fallback:
            tools.require("libreoffice")
        return _fallback_many(todo, out_dir, names, failures)
    return _soffice_many(exe, todo, out_dir, names, timeout, failures)


def _output_names(docxs: Sequence[Path]) -> dict[Path, str]:
    stems = [Path(d).stem for d in docxs]
    dup = {s for s in stems if stems.count(s) > 1}
    return {
        Path(d): (f"{i + 1:03d}-{s}" if s in dup else s)
        for i, (d, s) in enumerate(zip(docxs, stems, strict=True))
    }


def _soffice_many(
    exe: str,
    docxs: list[Path],
    out_dir: Path,
    names: dict[Path, str],
    timeout: float,
    failures: dict[Path, PacketError] | None,
) -> dict[Path, Path]:
    """All files in one LibreOffice start (``timeout`` for the first, ``PER_FILE_SECONDS`` more for each
    further one). When that run fails or times out, the files it did not convert are tried again one at
    a time, each within ``timeout``: one slow or broken letter fails alone and the others are built."""
    with tempfile.TemporaryDirectory(prefix="packet-soffice-") as tmp:
        work = Path(tmp)
        inbox, outbox, profile = work / "in", work / "out", work / "profile"
        for d in (inbox, outbox, profile):
            d.mkdir(mode=0o700)
        staged: dict[Path, Path] = {}
        for d in docxs:  # unique names, and no path of the user's machine reaches LibreOffice's metadata
            staged[d] = inbox / f"{names[d]}.docx"
            sanitize_docx(d, staged[d])  # nothing in the copy can reach the network (packet.docxsafe)
        write_profile(profile)

        def convert(batch: list[Path], seconds: float) -> str | None:
            cmd = [
                exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to", "pdf", "--outdir", str(outbox), *(str(staged[d]) for d in batch),
            ]  # fmt: skip
            return _run(cmd, seconds, work)

        def made(d: Path) -> Path | None:
            pdf = outbox / f"{names[d]}.pdf"
            return pdf if pdf.is_file() and pdf.stat().st_size > 0 else None

        detail = convert(docxs, timeout + PER_FILE_SECONDS * (len(docxs) - 1))
        reasons: dict[Path, str | None] = dict.fromkeys(docxs, detail)
        missing = [d for d in docxs if made(d) is None]
        if detail is not None and len(docxs) > 1 and missing:
            log.warning("LibreOffice failed on a batch (%s); converting its files one at a time", detail)
            for d in missing:
                reasons[d] = convert([d], timeout)
        out: dict[Path, Path] = {}
        for d in docxs:
            pdf = made(d)
            if pdf is not None:
                out[d] = out_dir / pdf.name
                shutil.move(pdf, out[d])
                continue
            err = ConversionFailedError(d, reasons[d] or "LibreOffice could not open it")
            if failures is None:
                raise err
            failures[d] = err
        return out


# LibreOffice's own settings for the fresh profile, as a second wall behind packet.docxsafe: linked images
# are blocked, links are never updated, macros never run, and nothing is looked up online.
PROFILE_SETTINGS = {
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"): ("boolean", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): ("int", "3"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"): ("boolean", "true"),
    ("org.openoffice.Office.Writer/Content/Update", "Link"): ("int", "2"),
    ("org.openoffice.Office.Calc/Content/Update", "Link"): ("int", "2"),
    ("org.openoffice.Office.Common/Misc", "UseLocking"): ("boolean", "false"),
    ("org.openoffice.Office.Common/Save/Document", "CreateBackup"): ("boolean", "false"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType"): ("int", "0"),
}


def write_profile(profile: Path) -> None:
    """The settings above, as ``user/registrymodifications.xcu`` in a new LibreOffice profile."""
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for (path, name), (_type, value) in PROFILE_SETTINGS.items()
    )
    user = profile / "user"
    user.mkdir(mode=0o700, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + items + "</oor:items>\n",
        encoding="utf-8",
    )


def _run(cmd: list[str], timeout: float, home: Path) -> str | None:
    """Run soffice in its own process group; None when it exited cleanly, else a short reason."""
    env = {**os.environ, "HOME": str(home), "SAL_USE_VCLPLUGIN": "svp"}
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, preexec_fn=guard.child_preexec(os.getpid()),  # own session; dies with its caller
        )  # fmt: skip
    except OSError as e:
        raise ConversionFailedError(cmd[0], f"LibreOffice could not start: {e.strerror}") from e
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"LibreOffice did not finish within {timeout:.0f} s"
    if proc.returncode != 0:
        last = (err.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        return f"LibreOffice exited with {proc.returncode}: {last[:200]}"
    return None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _fallback_many(
    docxs: list[Path], out_dir: Path, names: dict[Path, str], failures: dict[Path, PacketError] | None
) -> dict[Path, Path]:
    from packet.build.docx_render import render_docx

    out: dict[Path, Path] = {}
    for d in docxs:
        log.warning(FALLBACK_WARNING.format(name=d.name))
        dest = out_dir / f"{names[d]}.pdf"
        try:
            render_docx(d, dest)
        except PacketError as e:
            if failures is None:
                raise
            failures[d] = e
            continue
        out[d] = dest
    return out
