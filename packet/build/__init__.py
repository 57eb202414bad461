"""Build the submission-ready PDF packet (issue 5): ``build_packet(case_dir, BuildOptions(...))``.

Modules: ``pipeline`` (the stages, in order), ``plan`` (parts and page numbers), ``assemble`` (writing a
volume), ``place`` (cleaning, fitting and stamping pages), ``images`` (image records), ``cover`` (cover sheet
and attachment index), ``batch`` (``build --all``), ``docx_render`` (DOCX without LibreOffice).
"""

from __future__ import annotations

from packet.build.pipeline import BuildOptions, BuildResult, build_packet

__all__ = ["BuildOptions", "BuildResult", "build_packet"]
