"""Active content removed from what a record's page brings into the packet.

``place.py`` copies a page's resources and its annotations' appearance streams into the packet; those can
carry active content of their own wherever a dictionary may hold one: a JavaScript action inside an
ExtGState or a font, ``/AA`` (additional actions) or ``/A`` on a form XObject, an ``/AF`` associated
file (an embedded file riding on a form), a file specification with its ``/EF`` embedded stream.
``strip_active(obj)`` walks the copied objects (each once) and removes every such entry, so that what a
reviewer's viewer can run or open from the packet is nothing.
"""

from __future__ import annotations

from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# Keys whose value is an action, a script, or a file riding along (never drawing instructions).
ACTIVE_KEYS = frozenset(
    {"/A", "/AA", "/JS", "/JavaScript", "/OpenAction", "/AF", "/EF", "/EmbeddedFile", "/EmbeddedFiles",
     "/RichMedia", "/URI", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Next"}
)  # fmt: skip
# Dictionaries that are themselves active: an action (/S ...), a file specification, an embedded file.
ACTIVE_TYPES = frozenset({"/Action", "/Filespec", "/EmbeddedFile", "/RichMediaExecute"})
MAX_OBJECTS = 200_000  # a hostile file cannot make the walk endless


def is_active(obj: Any) -> bool:
    """An action, script, file specification or embedded file (by its /Type, or an action's /S)."""
    if not isinstance(obj, DictionaryObject):
        return False
    return (
        obj.get("/Type") in ACTIVE_TYPES
        or ("/S" in obj and ("/JS" in obj or "/Next" in obj))
        or (
            obj.get("/S")
            in ("/JavaScript", "/Launch", "/URI", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE")
        )
    )


def strip_active(root: Any) -> int:
    """Remove active entries from ``root`` and everything it refers to; returns how many were removed."""
    removed = 0
    seen: set[int] = set()
    stack = [root]
    while stack and len(seen) < MAX_OBJECTS:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum << 16) | obj.generation
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # a stream's dictionary too
            for k in list(obj.keys()):
                value = obj[k]
                target = value.get_object() if isinstance(value, IndirectObject) else value
                if k in ACTIVE_KEYS or is_active(target):
                    del obj[k]
                    removed += 1
                else:
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            keep = []
            for value in obj:
                target = value.get_object() if isinstance(value, IndirectObject) else value
                if is_active(target):
                    removed += 1
                    continue
                keep.append(value)
                stack.append(value)
            if len(keep) != len(obj):
                obj[:] = keep
    return removed
