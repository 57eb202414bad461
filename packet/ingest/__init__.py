"""``packet run``: one pass over a workspace's inbox; each denial PDF becomes a case folder.

    summary = run_inbox(workspace, jobs=2)     # holds the workspace lock for the pass
    summary.counts()                           # {"created": 28, "duplicate": 1, "failed": 1, ...}

Built from small parts (the paperless-ngx consumer model): ``scan_inbox`` lists what is there and skips
junk; ``Ingest.triage`` hashes each file and sets aside duplicates and unsafe entries; ``process_one``
turns one file into a case completely (in a worker process with ``--jobs``), and a failure moves only
that file to ``inbox/failed/`` with ``<name>.error.txt``.

Nothing is lost, whatever happens: a case is written in a temporary folder in ``.incoming/`` (next to
``cases/``, so nothing that lists cases ever sees half a case) and renamed into ``cases/`` complete; only
then is the inbox copy removed. A run killed at any moment leaves each input either in the inbox or in a
complete case. The one state in between, a case renamed into place whose inbox copy was not yet removed,
is recognised by the next run (the case records the inbox file's identity) and finished there, not taken
for a duplicate.

The modules: ``results`` (the typed records), ``inbox`` (scan, file identity, known cases, set aside),
``make`` (one file -> one case) and ``run`` (``Ingest`` and ``run_inbox``). Import from here.
"""

from __future__ import annotations

from packet.ingest.inbox import inbox_dir, known_cases, move_aside, scan_inbox
from packet.ingest.make import INCOMING_DIR, TEMP_SUFFIX, process_one
from packet.ingest.make import _remove_input as _remove_input  # replaced by a test to simulate a kill
from packet.ingest.results import Context, FileResult, Job, Known, RunSummary, StopFlag
from packet.ingest.run import Ingest, run_inbox

__all__ = [
    "INCOMING_DIR",
    "TEMP_SUFFIX",
    "Context",
    "FileResult",
    "Ingest",
    "Job",
    "Known",
    "RunSummary",
    "StopFlag",
    "inbox_dir",
    "known_cases",
    "move_aside",
    "process_one",
    "run_inbox",
    "scan_inbox",
]
