"""``build_packet``: a case folder in, the submission-ready PDF (or its parts) out.

choose_letter -> list_exhibits -> docx_to_pdf_many -> count_pages -> plan_volumes -> number_pages
-> render_index -> write_volume (each part, in a private folder beside the output) -> move all into
place -> record the build in case.json and history.jsonl
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from packet import __version__
from packet.build.assemble import Labels, count_pages, write_volume
from packet.build.citations import pdf_text, unmentioned_exhibits
from packet.build.cover import CoverInfo, IndexRow, render_index
from packet.build.plan import MB, Section, Volume, exhibit_ranges, number_pages, plan_volumes
from packet.case import Case, history_entry, load_case, update_case
from packet.check import DRAFT_MARK, check_inputs
from packet.draft.appeal import choose_appeal
from packet.exceptions import (
    DamagedPdfError,
    InvalidValueError,
    MissingInputError,
    OutputError,
    UnsafeInputError,
)
from packet.exhibits import Exhibit, list_exhibits
from packet.fsutil import pid_tag, private_temp, sha256_file, sweep_parts
from packet.read import RECORD_XREF_FIX, structure_warnings
from packet.settings import Settings, load_settings
from packet.workspace import Workspace

log = logging.getLogger("packet.build")

PORTAL_LIMIT_MB = 25
MAX_ATTEMPTS = 3
LETTER_PDF = "letter.pdf"


@dataclass
class BuildOptions:
    output: Path | None = None  # default: CASE/packet.pdf
    expedited: bool = False
    bates: str | None = None  # prefix: "SMITH" -> SMITH000001
    max_mb: float | None = None
    separators: bool = False  # a separator sheet ("EXHIBIT B") before each exhibit
    ocr_records: bool = False  # give scanned records a text layer (tesseract), so the packet is searchable

    def key(self) -> dict[str, object]:
        key: dict[str, object] = {
            "expedited": self.expedited,
            "bates": self.bates,
            "max_mb": self.max_mb,
            "separators": self.separators,
        }
        if self.ocr_records:  # only when set: earlier builds keep their fingerprints
            key["ocr_records"] = True
        return key

    def check(self) -> None:
        if self.max_mb is not None and self.max_mb <= 0:
            raise InvalidValueError(f"--max-mb {self.max_mb:g}: give a size in megabytes above 0, such as 25")
        if self.bates is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", self.bates):
            raise InvalidValueError(
                f"--bates {self.bates!r}: use up to 20 letters, digits, '-' or '_', such as DOE"
            )


@dataclass
class BuildResult:
    case_id: str
    outputs: list[Path]
    sizes: list[int]
    pages: int
    fingerprint: str
    warnings: list[str] = field(default_factory=list)
    not_ready: list[str] = field(default_factory=list)  # why the packet carries the DRAFT mark (packet.check)


def find_workspace(case_dir: Path) -> Path | None:
    """The workspace a case folder belongs to (``WORKSPACE/cases/<id>``), if it has a packet.toml."""
    ws = Workspace.of_case(case_dir)
    return ws.root if ws is not None else None


def check_denial(case: Case) -> None:
    """A case made from the inbox recorded its denial's SHA-256: a different file copied in as denial.pdf
    would become Exhibit A under this patient's stamps, so it is refused (``UnsafeInputError``)."""
    recorded = case.extracted.source.sha256
    if "inbox" not in case.extra or not recorded or sha256_file(case.denial_pdf) == recorded:
        return
    raise UnsafeInputError(
        case.denial_pdf,
        f"it is not the letter case {case.id} was made from (its SHA-256 differs from case.json's)",
        "put the plan's original letter back as denial.pdf, or drop this one in the inbox as a new case",
    )


def choose_letter(case: Case) -> Path:
    """letter.pdf when the user exported one after last editing letter.docx; else letter.docx."""
    pdf, docx = case.folder / LETTER_PDF, case.letter_docx
    if pdf.is_file() and (not docx.is_file() or pdf.stat().st_mtime >= docx.stat().st_mtime):
        return pdf
    if docx.is_file():
        return docx
    raise MissingInputError(
        docx,
        "the case has no letter yet",
        f"run 'packet draft {case.folder}' first (or put letter.pdf there)",
    )


def fingerprint(
    case: Case, letter: Path, exhibits: list[Exhibit], settings: Settings, opts: BuildOptions
) -> str:
    """One hash of everything the packet is made from: same inputs, same packet, byte for byte."""
    files: dict[str, str] = {"letter": sha256_file(letter)}
    for ex in exhibits:
        files[f"exhibit {ex.label} {ex.path.name}"] = sha256_file(ex.path)
    toml = case.records_dir / "exhibits.toml"
    if toml.is_file():
        files["exhibits.toml"] = sha256_file(toml)
    doc = {
        "files": files,
        "titles": [ex.title for ex in exhibits],
        "denial": case.denial.to_dict(),
        "sender": asdict(settings.sender),
        "options": opts.key(),
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()


def _sections(
    letter_pdf: Path, exhibits: list[Exhibit], converted: dict[Path, Path]
) -> tuple[Section, list[Section]]:
    letter = Section(
        "letter",
        "Appeal letter",
        "Appeal letter",
        letter_pdf,
        "pdf",
        count_pages(letter_pdf, "pdf"),
        letter_pdf.stat().st_size,
    )
    out = []
    for ex in exhibits:
        path = converted.get(ex.path, ex.path)
        kind = "pdf" if ex.kind in ("pdf", "docx") or path.suffix.lower() == ".pdf" else "image"
        pages = count_pages(path, kind)
        if pages == 0:
            raise DamagedPdfError(ex.path, "the file has no pages")
        out.append(Section("exhibit", ex.name, ex.title, path, kind, pages, path.stat().st_size, ex))
    return letter, out


def _cover(
    case: Case, settings: Settings, v: Volume, volumes: list[Volume], total: int, opts: BuildOptions
) -> CoverInfo:
    """What the cover sheet of volume ``v`` says."""
    d, s = case.denial, settings.sender
    to = [
        x
        for x in [
            d.appeal_to.name or (f"{d.payer.name} appeals" if d.payer.name else None),
            *(d.appeal_to.address or "").splitlines(),
        ]
        if x
    ]
    sender = [
        x
        for x in [
            s.name,
            s.organization,
            *(s.address or "").splitlines(),
            " \u00b7 ".join(f"{k} {val}" for k, val in (("Phone", s.phone), ("Fax", s.fax)) if val),
            s.email,
        ]
        if x
    ]
    contents: list[tuple[str, str]] = []
    for i, sl in enumerate(v.slices):
        last = sl.first + sl.stop - sl.start - 1
        where = f"page {sl.first}" if last == sl.first else f"pages {sl.first}\u2013{last}"
        sec = sl.section
        name = sec.title if sec.exhibit is None else f"{sec.name}: {sec.title}"
        contents.append((name + (" (continued)" if sl.continued else ""), where))
        if i == 0 and v.number == 1:
            n = v.index_pages
            contents.append(
                (
                    "Attachment index",
                    f"page {v.index_first}"
                    if n == 1
                    else f"pages {v.index_first}\u2013{v.index_first + n - 1}",
                )
            )
    if len(contents) > 18:  # keep the cover to one page: the index lists every exhibit
        exhibits = [c for c in contents if c[0].startswith("Exhibit")]
        contents = [c for c in contents if not c[0].startswith("Exhibit")]
        lo = exhibits[0][1].split()[-1].split("\u2013")[0]
        hi = exhibits[-1][1].split()[-1].split("\u2013")[-1]
        contents.append((f"{len(exhibits)} exhibits (see the attachment index)", f"pages {lo}\u2013{hi}"))
    parts = len(volumes)
    step = choose_appeal(d, date.today(), opened=case.extra.get("level"))
    return CoverInfo(
        to=to, to_fax=d.appeal_to.fax, sender=sender, sender_phone=s.phone, member=d.member.name,
        member_id=d.member.id, reference=d.reference, payer=d.payer.name, denial_date=d.notice_date,
        deadline=step.due, total_pages=total, title=step.title,
        part_pages=(v.first, v.last) if parts > 1 else None, part=(v.number, parts) if parts > 1 else None,
        expedited=opts.expedited, contents=contents,
    )  # fmt: skip


def _index_rows(sections: list[Section], volumes: list[Volume]) -> list[IndexRow]:
    ranges = exhibit_ranges(volumes)
    rows = []
    for s in sections:
        assert s.exhibit is not None
        runs = ranges[s.exhibit.label]
        parts = sorted({v for _, _, v in runs}) if len(volumes) > 1 else None
        rows.append(IndexRow(s.exhibit.label, s.title, [(a, b) for a, b, _ in runs], s.pages, parts))
    return rows


def _number_with_index(volumes: list[Volume], exhibits: list[Section], separators: bool) -> tuple[int, bytes]:
    """Number the pages and draw the index, until the index has the pages the numbering assumed
    (its page ranges are only known once it is numbered; almost always the first try)."""
    index_pages = 1
    for _ in range(5):
        total = number_pages(volumes, index_pages, separators)
        index = render_index(_index_rows(exhibits, volumes), parts=len(volumes) > 1)
        pages = len(PdfReader(io.BytesIO(index)).pages)
        if pages == index_pages:
            return total, index
        index_pages = pages
    raise AssertionError("the attachment index's page count does not settle")


def output_paths(out: Path, parts: int) -> list[Path]:
    if parts == 1:
        return [out]
    return [out.with_name(f"{out.stem}-part{k}{out.suffix}") for k in range(1, parts + 1)]


def _left_label(case: Case) -> str:
    d = case.denial
    bits = [
        d.member.name or "Member",
        f"ID {d.member.id}" if d.member.id else None,
        f"Ref. {d.reference}" if d.reference else None,
    ]
    return " \u00b7 ".join(b for b in bits if b)


def build_packet(
    case_dir: Path,
    opts: BuildOptions | None = None,
    *,
    workspace: Path | None = None,
    converted: dict[Path, Path] | None = None,
) -> BuildResult:
    """Build the case's packet; ``converted`` holds DOCX files already converted (``build_all`` batches).
    Temporary files stay inside the workspace (``fsutil.private_temp``)."""
    opts = opts or BuildOptions()
    opts.check()
    with private_temp(workspace or find_workspace(Path(case_dir))):
        return _build(case_dir, opts, workspace, converted)


def _build(
    case_dir: Path, opts: BuildOptions, workspace: Path | None, converted: dict[Path, Path] | None
) -> BuildResult:
    from packet.convert import docx_to_pdf_many

    case = load_case(case_dir)
    sweep_parts(case.folder)  # what a killed build left in the case folder
    out = Path(opts.output) if opts.output else case.packet_pdf
    refuse_sent(case, out)
    settings = load_settings(workspace or find_workspace(case.folder))
    letter = choose_letter(case)
    if not case.denial_pdf.is_file():
        raise MissingInputError(
            case.denial_pdf,
            "the case has lost its denial letter",
            "put the plan's letter back in the case folder as denial.pdf",
        )
    check_denial(case)
    exhibits = list_exhibits(case.records_dir, case.denial_pdf)
    fp = fingerprint(case, letter, exhibits, settings, opts)
    readiness = check_inputs(case, letter, exhibits, opts.expedited, None)
    with tempfile.TemporaryDirectory(prefix="packet-build-") as tmp, _staging(out) as stage:
        done = dict(converted or {})
        todo = [
            p for p in [letter, *(e.path for e in exhibits)] if p.suffix.lower() == ".docx" and p not in done
        ]
        if todo:
            done.update(docx_to_pdf_many(todo, Path(tmp)))
        ocr_warnings = _ocr_records(exhibits, done, Path(tmp)) if opts.ocr_records else []
        letter_text = pdf_text(done.get(letter, letter))
        letter_sec, sections = _sections(done.get(letter, letter), exhibits, done)
        mark = "" if readiness.ready else DRAFT_MARK
        packet = Packet(case, settings, opts, fp, letter_sec, sections, mark)
        try:
            staged, sizes, total = _write_parts(packet, stage)
        except OSError as e:
            raise OutputError(out, e.strerror or str(e)) from e
        paths = output_paths(out, len(staged))
        _move_into_place(staged, paths, settings.privacy.file_mode)
    result = BuildResult(case.id, paths, sizes, total, fp, ocr_warnings)
    result.not_ready = [p.message for p in readiness.blocking]
    result.warnings += [p.message for p in readiness.problems if not p.blocking]
    result.warnings += unmentioned_exhibits(letter_text, letter.name, exhibits, case.id)
    result.warnings += [
        w for e in exhibits if e.kind == "pdf" for w in structure_warnings(e.path, RECORD_XREF_FIX)
    ]
    _warn_sizes(result, opts)
    _record(case, result, letter, opts, settings.privacy.file_mode)
    return result


def refuse_sent(case: Case, out: Path) -> None:
    """A case already submitted or decided keeps the packet it sent: building it again into the case
    folder is refused (``-o`` elsewhere still makes a copy)."""
    if case.state in ("submitted", "decided") and out.resolve().parent == case.folder.resolve():
        raise InvalidValueError(
            f"{case.id}: already {case.state}; its packet is kept as sent (see sent/). Build a copy "
            "elsewhere with -o, or open the next level with 'packet decided --outcome upheld'"
        )


def _ocr_records(exhibits: list[Exhibit], done: dict[Path, Path], tmp: Path) -> list[str]:
    """``--ocr-records``: each scanned record (image, or PDF pages without text) replaced in ``done`` by a
    copy with a text layer (``packet.ocr``); records that have text are left alone."""
    from packet import ocr
    from packet.build.images import count_frames

    warnings: list[str] = []
    for n, ex in enumerate(exhibits):
        src = done.get(ex.path, ex.path)
        dst = tmp / f"ocr-{n:03d}.pdf"
        if src.suffix.lower() == ".pdf":
            warnings += ocr.searchable_pdf(src, dst)
        else:
            count_frames(src)  # the size limits, before tesseract opens it
            warnings += ocr.searchable_image(src, dst)
        if dst.is_file():
            done[ex.path] = dst
    return warnings


@dataclass
class Packet:
    """Everything a packet is drawn from, once the inputs are read and converted."""

    case: Case
    settings: Settings
    opts: BuildOptions
    fingerprint: str
    letter: Section
    exhibits: list[Section]
    mark: str = ""  # the not-ready mark on every page ("" when ready)


def _write_parts(p: Packet, stage: Path) -> tuple[list[Path], list[int], int]:
    """Plan, number and write every part into ``stage``; returns (files, sizes, pages in all).

    Part sizes are planned from the inputs' sizes; if one comes out over --max-mb, plan tighter and again.
    """
    max_bytes = int(p.opts.max_mb * MB) if p.opts.max_mb else None
    title = f"Appeal - {p.case.denial.reference or p.case.id}"
    for attempt in range(MAX_ATTEMPTS):
        budget = int(max_bytes * 0.8**attempt) if max_bytes else None
        volumes = plan_volumes(p.letter, p.exhibits, budget)
        parts = len(volumes)
        total, index = _number_with_index(volumes, p.exhibits, p.opts.separators)
        labels = Labels(_left_label(p.case), total, p.opts.bates, title, p.fingerprint, p.mark)
        staged = [stage / f"part{v.number}.pdf" for v in volumes]
        sizes = [
            write_volume(path, v, _cover(p.case, p.settings, v, volumes, total, p.opts),
                         index if v.number == 1 else None, labels, parts)
            for path, v in zip(staged, volumes, strict=True)
        ]  # fmt: skip
        if not max_bytes or max(sizes) <= max_bytes:
            break
    return staged, sizes, total


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A private folder beside the output (same file system: moving into place is a rename); removed after."""
    if not out.parent.is_dir():
        raise OutputError(out, "its folder does not exist", f"create {out.parent} first or choose another -o")
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{out.stem}.{pid_tag()}", suffix=".part", dir=out.parent))
    except OSError as e:
        raise OutputError(out, e.strerror or str(e)) from e
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _move_into_place(staged: list[Path], paths: list[Path], mode: int) -> None:
    """Every part is complete before the first is renamed: a failure leaves the old packet as it was."""
    try:
        for src, dest in zip(staged, paths, strict=True):
            os.chmod(src, mode)
            os.replace(src, dest)
    except OSError as e:
        raise OutputError(paths[0], e.strerror or str(e)) from e


def _warn_sizes(result: BuildResult, opts: BuildOptions) -> None:
    limit = opts.max_mb or PORTAL_LIMIT_MB
    for path, size in zip(result.outputs, result.sizes, strict=True):
        if size > limit * MB:
            hint = (
                "many portals refuse files over 25 MB; split it with --max-mb 25"
                if not opts.max_mb
                else ("one exhibit is too large to fit; compress or split that record")
            )
            result.warnings.append(f"{path.name} is {size / MB:.1f} MB, over {limit:g} MB: {hint}")


def _record(case: Case, result: BuildResult, letter: Path, opts: BuildOptions, mode: int) -> None:
    """Note the build in case.json and history.jsonl, in one locked read-modify-write of case.json (a
    'packet submitted' or 'packet set' made during the build is kept); remove the last build's outputs
    this one replaced (packet.pdf after a split into parts, or the parts after a build in one file)."""
    base = (
        result.outputs[0]
        if len(result.outputs) == 1
        else result.outputs[0].with_name(result.outputs[0].name.replace("-part1.pdf", ".pdf"))
    )
    family = re.compile(re.escape(base.stem) + r"(-part\d+)?\.pdf")

    def change(fresh: Case) -> None:
        previous = (fresh.extra.get("build") or {}).get("outputs") or []
        for old in (fresh.folder / p for p in previous):
            same = old.parent == base.parent and family.fullmatch(old.name)
            if same and old not in result.outputs and old.is_file():
                log.info("removing %s, replaced by this build", old.name)
                old.unlink()
        fresh.extra["build"] = {
            "fingerprint": result.fingerprint,
            "outputs": [str(p) if p.parent != fresh.folder else p.name for p in result.outputs],
            "pages": result.pages,
            "options": opts.key(),
            "ready": not result.not_ready,
        }
        if fresh.state in ("new", "drafted"):
            fresh.state = "built"

    def history(fresh: Case) -> dict[str, object]:
        return history_entry(
            "build", inputs={"letter": letter, "denial": fresh.denial_pdf},
            outputs={f"packet{'' if i == 0 else i + 1}": p for i, p in enumerate(result.outputs)},
            pages=result.pages, parts=len(result.outputs),
        )  # fmt: skip

    fresh = update_case(case.folder, change, history=history, mode=mode)
    case.extra, case.state = fresh.extra, fresh.state
