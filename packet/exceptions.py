"""Every error the library raises, with its exit code and a message that names the fix.

The library raises these; only ``packet.cli`` turns them into exit codes (one handler).
Exit codes 1 and 2 stay click's (generic error, usage error); the project's own start at 3.
Third-party errors are translated where they enter the library::

    except pypdf.errors.PdfReadError as e:
        raise DamagedPdfError(path) from e

Messages name files, case ids and references: never member names, dates of birth or diagnoses.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    ok = 0
    # 1 and 2 are click's: generic failure, usage error.
    file_not_found = 3
    not_a_pdf = 4
    empty_file = 5
    damaged_pdf = 6
    encrypted_pdf = 7
    no_text_layer = 8
    input_too_large = 9
    missing_tool = 10
    bad_rules = 11
    bad_template = 12
    not_a_workspace = 13
    case_not_found = 14
    bad_settings = 15
    conversion_failed = 16
    bad_record = 17
    output_error = 18
    workspace_locked = 19
    some_inputs_failed = 20
    bad_corrections = 21
    ocr_failed = 22
    unsafe_input = 23
    invalid_value = 24
    damaged_docx = 25
    not_ready = 26
    damaged_case = 27


class PacketError(Exception):
    """Base class. ``str(err)`` is one line: the file, what is wrong, what to do."""

    exit_code: ExitCode = ExitCode.output_error

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def escape_controls(text: str) -> str:
    """``text`` with control characters (a newline in a fax server's file name) written as escapes, so that
    a message stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _name(path: str | Path) -> str:
    """The file's name as messages print it (see ``escape_controls``)."""
    return escape_controls(Path(path).name or str(path))


class InputFileError(PacketError):
    """A problem with a file the user gave us."""

    exit_code = ExitCode.not_a_pdf

    def __init__(self, path: str | Path, problem: str, fix: str) -> None:
        self.path = Path(path)
        super().__init__(f"{_name(path)}: {problem}; {fix}")


class FileNotFoundInputError(InputFileError):
    exit_code = ExitCode.file_not_found

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "no such file", "check the path and try again")


class NotAPdfError(InputFileError):
    exit_code = ExitCode.not_a_pdf

    def __init__(self, path: str | Path, what: str = "not a PDF file") -> None:
        super().__init__(path, what, "save or export the denial letter as PDF and try again")


class EmptyFileError(InputFileError):
    exit_code = ExitCode.empty_file

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            path, "the file is empty (0 bytes)", "the download or scan did not finish; save it again"
        )


class DamagedPdfError(InputFileError):
    exit_code = ExitCode.damaged_pdf

    def __init__(self, path: str | Path, detail: str = "the PDF is damaged or truncated") -> None:
        super().__init__(path, detail, "download or scan the letter again, or print it to a new PDF")


class EncryptedPdfError(InputFileError):
    exit_code = ExitCode.encrypted_pdf

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            path,
            "the PDF is password-protected",
            "save an unlocked copy (open it, print to PDF) and try again",
        )


class NoTextLayerError(InputFileError):
    exit_code = ExitCode.no_text_layer

    def __init__(self, path: str | Path, fix: str | None = None) -> None:
        super().__init__(
            path,
            "no readable text: the letter looks scanned",
            fix or "install tesseract (apt-get install tesseract-ocr) so it can be read with OCR",
        )


class InputTooLargeError(InputFileError):
    exit_code = ExitCode.input_too_large

    def __init__(
        self, path: str | Path, problem: str, fix: str = "split the file or remove what is not needed"
    ) -> None:
        super().__init__(path, problem, fix)


class UnsafeInputError(InputFileError):
    exit_code = ExitCode.unsafe_input


class BadRecordError(InputFileError):
    exit_code = ExitCode.bad_record


class DamagedDocxError(InputFileError):
    exit_code = ExitCode.damaged_docx

    def __init__(self, path: str | Path, detail: str = "not a readable Word document") -> None:
        super().__init__(path, detail, "open it in Word or LibreOffice and save it again as .docx")


class MissingToolError(PacketError):
    exit_code = ExitCode.missing_tool

    def __init__(self, tool: str, install: str, needed_for: str) -> None:
        self.tool = tool
        super().__init__(f"{tool} is not installed; it is needed {needed_for}. Install it with: {install}")


class BadRulesError(PacketError):
    exit_code = ExitCode.bad_rules

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(
            f"{_name(path)}: invalid rule file: {problem}; fix the file or reinstall appeal-packet"
        )


class BadTemplateError(PacketError):
    exit_code = ExitCode.bad_template

    def __init__(
        self, path: str | Path, problem: str, fix: str = "fix the template in Word and try again"
    ) -> None:
        self.path = Path(path)
        super().__init__(f"{_name(path)}: {problem}; {fix}")


class NotAWorkspaceError(PacketError):
    exit_code = ExitCode.not_a_workspace

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            f"{path}: not an Appeal Packet workspace (no packet.toml); run 'packet init {path}' first"
        )


class CaseNotFoundError(PacketError):
    exit_code = ExitCode.case_not_found

    def __init__(self, case: str) -> None:
        super().__init__(f"{case}: no such case (no case.json); run 'packet status' to list the cases")


class BadSettingsError(PacketError):
    exit_code = ExitCode.bad_settings

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{_name(path)}: {problem}; fix packet.toml (see the comments in it)")


class BadCorrectionsError(PacketError):
    exit_code = ExitCode.bad_corrections

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{_name(path)}: {problem}; fix corrections.toml or set values with 'packet set'")


class ConversionFailedError(PacketError):
    exit_code = ExitCode.conversion_failed

    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(
            f"{_name(path)}: conversion to PDF failed ({detail}); open it in Word or LibreOffice, "
            "save it again, or export it to PDF yourself next to it"
        )


class OcrFailedError(PacketError):
    exit_code = ExitCode.ocr_failed

    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(f"{_name(path)}: OCR failed ({detail}); scan the letter again at 300 dpi")


class OutputError(PacketError):
    exit_code = ExitCode.output_error

    def __init__(
        self, path: str | Path, detail: str, fix: str = "check free disk space and permissions"
    ) -> None:
        super().__init__(f"{path}: cannot write ({detail}); {fix}")


class WorkspaceLockedError(PacketError):
    exit_code = ExitCode.workspace_locked

    def __init__(self, path: str | Path) -> None:
        super().__init__(
            f"{path}: another 'packet run' or 'packet watch' is working on this workspace; wait for it to "
            "finish"
        )


class SomeInputsFailedError(PacketError):
    exit_code = ExitCode.some_inputs_failed

    def __init__(self, failed: int, total: int, where: str | Path) -> None:
        super().__init__(f"{failed} of {total} files failed; see the .error.txt files in {where}")


class InvalidValueError(PacketError):
    exit_code = ExitCode.invalid_value


class MissingInputError(InputFileError):
    """A file a stage needs is not there yet (e.g. no letter before 'packet build')."""

    exit_code = ExitCode.file_not_found


class DamagedCaseError(InputFileError):
    """A case's case.json that cannot be read (cut short, not JSON, wrong types)."""

    exit_code = ExitCode.damaged_case


class NotReadyError(PacketError):
    """A case that is not ready to send (``packet check``), where readiness is required."""

    exit_code = ExitCode.not_ready

    def __init__(self, case_id: str, reasons: list[str], fix: str) -> None:
        self.reasons = reasons
        first = reasons[0] if reasons else "it is not ready"
        more = f" (and {len(reasons) - 1} more: see 'packet check {case_id}')" if len(reasons) > 1 else ""
        super().__init__(f"{case_id}: not ready to send: {first}{more}; {fix}")
