"""packet serve: the review desk."""

from __future__ import annotations

from pathlib import Path

import click

from packet.cli import main


@main.command()
@click.argument("workspace", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="The port on 127.0.0.1 (0: a free one).")  # fmt: skip
@click.option("--no-browser", is_flag=True, help="Print the address only; do not open a browser.")
def serve(workspace: Path | None, port: int, no_browser: bool) -> None:
    """The review desk: a web page on this machine to check each case against its letter (the value
    highlighted where it was read), correct it, upload the edited letter and records, build the packet
    and mark it sent. Listens on 127.0.0.1 only; prints its address with a secret token on stdout (every
    request needs the token) and opens it in the browser. Ctrl-C stops it.

    \b
    Examples:
      packet serve                          # the workspace in the current folder
      packet serve ~/appeals --port 8765
      packet serve ~/appeals --no-browser   # then open the printed address yourself
    """
    from packet.desk import serve as run_desk

    run_desk(workspace, port=port, open_browser=not no_browser)
