"""The options several commands share, defined once: ``--today``, ``--workspace``, ``--plan-type``,
``--outcome`` and ``--via``. The closed sets come from the data model, so a new plan type or outcome needs
no change here.

    @main.command()
    @workspace_option()
    @today_option
    def status(workspace: Path | None, today: date | None) -> None: ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from packet.model import CHANNELS, OUTCOMES, PLAN_TYPES

WORKSPACE_DEFAULT = "the case's own workspace, else the current folder or the nearest parent with packet.toml"


def _as_day(ctx: click.Context, param: click.Parameter, value: dt.datetime | None) -> dt.date | None:
    """click.DateTime gives a datetime; commands take the day."""
    return value.date() if value is not None else None


F = TypeVar("F", bound=Callable[..., Any])

DAY = click.DateTime(formats=["%Y-%m-%d"])

today_option = click.option(
    "--today",
    type=DAY,
    default=None,
    callback=_as_day,
    metavar="YYYY-MM-DD",
    hidden=True,
    help="Pretend today is this date (for tests and reruns).",
)


def workspace_option(help: str = f"The workspace to use (default: {WORKSPACE_DEFAULT}).") -> Callable[[F], F]:
    """``-w/--workspace FOLDER``; the library applies the one default rule (``Workspace.find``)."""
    return click.option(
        "-w",
        "--workspace",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=help,
    )


def on_option(help: str, required: bool = False) -> Callable[[F], F]:
    """``--on YYYY-MM-DD``: the day something happened."""
    return click.option(
        "--on", "on", type=DAY, callback=_as_day, required=required, default=None, metavar="YYYY-MM-DD",
        help=help,
    )  # fmt: skip


workspace_argument = click.argument(
    "workspace", required=False, type=click.Path(file_okay=False, path_type=Path)
)

plan_type_option = click.option(
    "--plan-type",
    type=click.Choice(PLAN_TYPES),
    default=None,
    help="The plan type to assume when the letter does not show it.",
)

outcome_option = click.option(
    "--outcome", type=click.Choice(OUTCOMES), required=True, help="What the plan decided."
)

via_option = click.option("--via", type=click.Choice(CHANNELS), required=True, help="How it was sent.")
