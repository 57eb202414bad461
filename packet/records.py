"""Deprecated import path: the data model lives in ``packet.model`` ("records" means medical records in
the rest of the product). Kept only until every importer has moved; import from ``packet.model``."""

from packet.model import *  # noqa: F403
from packet.model import __all__ as __all__
from packet.model import _date as _date
