"""The workspace's ``packet.toml``: who sends the appeal, and defaults.

A missing setting is None (the letter shows a visible placeholder); a malformed file is an error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from packet.exceptions import BadSettingsError
from packet.model import PLAN_TYPES

SETTINGS_FILE = "packet.toml"


@dataclass
class Sender:
    name: str | None = None
    organization: str | None = None
    npi: str | None = None
    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    signature: str | None = None


@dataclass
class Defaults:
    plan_type: str | None = None  # assumed when a letter does not say
    voice: str = "provider"  # "provider" or "patient"


@dataclass
class Privacy:
    file_mode: int = 0o600
    dir_mode: int = 0o700


@dataclass
class Settings:
    sender: Sender = field(default_factory=Sender)
    defaults: Defaults = field(default_factory=Defaults)
    privacy: Privacy = field(default_factory=Privacy)
    path: Path | None = None


def _section(cls: type, data: object, path: Path, name: str) -> object:
    if data is None:
        return cls()
    if not isinstance(data, dict):
        raise BadSettingsError(path, f"[{name}] must be a table")
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise BadSettingsError(path, f"unknown setting {name}.{sorted(unknown)[0]}")
    for k, v in data.items():
        if isinstance(v, str):
            data[k] = v.strip() or None
    return cls(**data)


def load_settings(workspace: str | Path | None) -> Settings:
    """Settings from ``WORKSPACE/packet.toml``; defaults when there is no workspace or file."""
    if workspace is None:
        return Settings()
    path = Path(workspace) / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BadSettingsError(path, f"not valid TOML ({e})") from e
    s = Settings(
        sender=_section(Sender, raw.get("sender"), path, "sender"),  # type: ignore[arg-type]
        defaults=_section(Defaults, raw.get("defaults"), path, "defaults"),  # type: ignore[arg-type]
        privacy=_section(Privacy, raw.get("privacy"), path, "privacy"),  # type: ignore[arg-type]
        path=path,
    )
    if s.defaults.plan_type is not None and s.defaults.plan_type not in PLAN_TYPES:
        raise BadSettingsError(path, f"defaults.plan_type must be one of {', '.join(PLAN_TYPES)}")
    if s.defaults.voice not in ("provider", "patient"):
        raise BadSettingsError(path, "defaults.voice must be 'provider' or 'patient'")
    return s
