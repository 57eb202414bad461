"""packet templates list | check."""

from __future__ import annotations

from pathlib import Path

import click

from packet.cli import CONTEXT_SETTINGS, main
from packet.cli.options import workspace_option


@main.group(context_settings=CONTEXT_SETTINGS)
def templates() -> None:
    """The letter templates: which are available, and whether your own is sound.

    A .docx file in the workspace's templates/ folder overrides the built-in template of the same name
    (appeal-provider.docx, appeal-patient.docx, ...); 'packet draft --template FILE.docx' uses any file.

    \b
    Examples:
      packet templates list
      packet templates check templates/appeal-provider.docx
    """


@templates.command("list")
@workspace_option(
    "The workspace whose templates/ folder to include (default: the current folder or the "
    "nearest parent with packet.toml)."
)
def list_cmd(workspace: Path | None) -> None:
    """List the templates, where each comes from, and its voice.

    One line each: NAME (what --template takes), the voice it is written in, where it comes from
    (workspace or built-in) and its file.

    \b
    Examples:
      packet templates list
      packet templates list -w ~/appeals
    """
    from packet.draft.finder import base_name, builtin_dir, list_templates
    from packet.workspace import Workspace

    found = Workspace.find_or_none() if workspace is None else None  # the one rule, as 'packet status'
    ws = workspace or (found.root if found else None)
    builtins = {p.stem for p in builtin_dir().glob("*.docx")}
    rows = []
    for t in list_templates(ws):
        source = t.source
        if t.source == "workspace" and t.name in builtins:
            source = "workspace (overrides built-in)"
        rows.append((base_name(t.name), t.voice or "any", source, str(t.path), t.title))
    widths = [max(len(r[i]) for r in rows) for i in range(3)] if rows else [0, 0, 0]
    for name, voice, source, path, title in rows:
        line = f"{name:<{widths[0]}}  {voice:<{widths[1]}}  {source:<{widths[2]}}  {path}"
        click.echo(line + (f"  ({title})" if title else ""))


@templates.command("check")
@click.argument("template", metavar="FILE.docx", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def check_cmd(ctx: click.Context, template: Path) -> None:
    """Check a template: syntax, unknown names, a trial render.

    Reports Jinja syntax errors with the paragraph they are in, the names the template prints that the
    case record does not provide (they would print as highlighted blanks), and anything that fails when
    it is rendered with a complete sample record, in both voices.

    Prints "FILE: ok" (and the blanks the template leaves for the user) or one line per problem; exits
    with 12 when the template cannot be used.

    \b
    Examples:
      packet templates check templates/appeal-provider.docx
    """
    from packet.draft.check import check_template
    from packet.exceptions import ExitCode

    report = check_template(template)
    for err in report.errors:
        click.echo(f"{template}: {err}")
    for name in report.unknown:
        click.echo(f"{template}: '{name}' is not a value Appeal Packet provides; it prints as a highlighted "
                   "blank (see 'packet draft -h' and templates/README.md for the names)")  # fmt: skip
    if report.errors:
        click.echo(
            f"Error: {template.name}: the template cannot be used; fix it in Word and check again", err=True
        )
        ctx.exit(int(ExitCode.bad_template))
    click.echo(f"{template}: ok ({len(report.blanks)} blank{'s' if len(report.blanks) != 1 else ''} "
               "left for the user to fill in)")  # fmt: skip
