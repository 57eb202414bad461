"""The review desk: a web page on the user's own machine to check each case against its letter, correct
it, and send it (``packet serve``). See ``packet.desk.app``; security in ``packet.desk.security``."""

from __future__ import annotations

from packet.desk.app import create_app, serve

__all__ = ["create_app", "serve"]
