"""The command line: a thin layer over the library.

Each command is a few lines that call one library function. Library errors (``PacketError``) become one
line on stderr (``Error: <file>: <problem>; <fix>``) and their own exit code, in one handler below.
Imports of the library happen inside the commands so that ``packet --help`` and ``packet extract`` start fast.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from packet import __version__
from packet.exceptions import PacketError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

log = logging.getLogger("packet")


class PacketGroup(click.Group):
    """Turns library errors into one line and an exit code; a traceback only with -v."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PacketError as e:
            verbose = bool(ctx.obj and ctx.obj.get("verbose"))
            if verbose:
                import traceback

                traceback.print_exc(file=sys.stderr)
            click.echo(f"Error: {e}", err=True)
            ctx.exit(int(e.exit_code))
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=PacketGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="packet")
@click.option("-v", "--verbose", is_flag=True, help="More detail in logs, and a traceback on errors.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Appeal Packet: turn a prior-authorization denial letter into a submission-ready appeal.

    \b
    Examples:
      packet extract denial.pdf            # the fields, deadline and warnings
      packet extract denial.pdf --json     # the extraction contract, for scripts
      packet draft denial.pdf              # an editable appeal letter (DOCX)
      packet init ~/appeals                # a workspace: packet.toml, inbox/, cases/, templates/
      packet run ~/appeals                 # each PDF in inbox/ becomes cases/<case-id>/
      packet build ~/appeals/cases/ID      # the submission-ready PDF packet
      packet status ~/appeals              # every case, the next deadline first
      packet doctor                        # which external programs are installed
    """
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )


# Each module adds its commands to ``main`` (click lists them by name).

from packet.cli import build as _build  # noqa: E402, F401
from packet.cli import check as _check  # noqa: E402, F401
from packet.cli import doctor as _doctor  # noqa: E402, F401
from packet.cli import draft as _draft  # noqa: E402, F401
from packet.cli import extract as _extract  # noqa: E402, F401
from packet.cli import history as _history  # noqa: E402, F401
from packet.cli import purge as _purge  # noqa: E402, F401
from packet.cli import serve as _serve  # noqa: E402, F401
from packet.cli import templates as _templates  # noqa: E402, F401
from packet.cli import track as _track  # noqa: E402, F401
from packet.cli import workspace as _workspace  # noqa: E402, F401
