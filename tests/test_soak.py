"""Issue 16: killed at random moments, again and again, the workspace stays whole.

'packet run --jobs 2', 'packet build --all --force' and 'packet watch --build --jobs 2' are started as real
processes and killed with SIGKILL at a random moment: the parent alone, or its whole process group. After
every kill: no process of it is left (workers, LibreOffice), the workspace lock is free, and every letter
dropped is in the inbox or in exactly one case. At the end, after one run and one build that are not
killed: nothing temporary is left (the workspace's .tmp/ and .incoming/, .part files in cases, the system
temporary folder the processes were given), every packet passes 'qpdf --check' and every line of every
history.jsonl parses.

The default (16 kills, under a minute or two) suits CI; PACKET_SOAK_KILLS=100 runs the long soak.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from packet.fsutil import sha256_file
from packet.workspace import LOCK_FILE, init_workspace
from samples.cases import text_pdf
from tests.helpers.workspace import TODAY, denial

ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("PACKET_SOAK_KILLS", "16"))
SEED = int(os.environ.get("PACKET_SOAK_SEED", "20261201"))


def processes_mentioning(text: str) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes()
                env = Path(f"/proc/{entry}/environ").read_bytes()
                state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if (text.encode() in cmd or text.encode() in env) and state != "Z":
                out.append(int(entry))
    return out


def wait_until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


class Soak:
    def __init__(self, tmp_path: Path, rng: random.Random) -> None:
        self.rng = rng
        self.ws = init_workspace(tmp_path / "ws")
        self.systmp = tmp_path / "systmp"
        self.systmp.mkdir()
        self.env = {**os.environ, "TMPDIR": str(self.systmp)}
        self.dropped: dict[str, str] = {}  # sha256 -> name
        self.made = 0

    def drop(self, n: int) -> None:
        for _ in range(n):
            i = self.made
            self.made += 1
            p = denial(self.ws / "inbox" / f"s{i:03d}.pdf", f"SOAK-{i:04d}", member_id=f"S{i:06d}")
            self.dropped[sha256_file(p)] = p.name

    def start(self, kind: str) -> subprocess.Popen[bytes]:
        args = {
            "run": ["run", str(self.ws), "--jobs", "2", "--today", TODAY.isoformat()],
            "build": ["build", "--all", str(self.ws), "--force"],
            "watch": ["watch", str(self.ws), "--interval", "0.1", "--jobs", "2", "--build"],
        }[kind]
        return subprocess.Popen(
            [sys.executable, "-m", "packet", *args], cwd=ROOT, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def inbox_count(self) -> int:
        return sum(1 for p in (self.ws / "inbox").iterdir() if p.is_file())

    def touch_a_record(self) -> None:
        cases = sorted((self.ws / "cases").iterdir())
        if cases:
            folder = self.rng.choice(cases)
            text_pdf(folder / "records" / f"note-{self.rng.randrange(10**6)}.pdf", 2, "Soak note")

    def lock_is_free(self) -> bool:
        fd = os.open(self.ws / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        finally:
            os.close(fd)

    def check_inputs(self) -> None:
        """Every letter dropped is in the inbox or in exactly one case (never both, never neither)."""
        seen: dict[str, list[str]] = {}
        for p in (self.ws / "inbox").iterdir():
            if p.is_file():
                seen.setdefault(sha256_file(p), []).append(f"inbox/{p.name}")
        for folder in (self.ws / "cases").iterdir():
            assert not folder.name.startswith("."), folder.name
            seen.setdefault(sha256_file(folder / "denial.pdf"), []).append(folder.name)
        assert set(seen) == set(self.dropped), "a letter is lost, or a file appeared from nowhere"
        twice = {self.dropped[s]: where for s, where in seen.items() if len(where) != 1}
        assert not twice, f"letters in more than one place: {twice}"

    def check_end(self) -> None:
        tmp = self.ws / ".tmp"
        assert not tmp.exists() or list(tmp.iterdir()) == []
        incoming = self.ws / ".incoming"
        assert not incoming.exists() or list(incoming.iterdir()) == []
        parts = [p for p in (self.ws / "cases").rglob("*") if p.name.endswith(".part")]
        assert parts == []
        # multiprocessing's own folder for its fork server's socket (in the system temporary folder,
        # whose path is short enough for a socket) holds no file: it is the only thing allowed there
        left = [
            p for p in self.systmp.rglob("*")
            if not (p.name.startswith("pymp-") and p.is_dir()) and not stat.S_ISSOCK(p.lstat().st_mode)
        ]  # fmt: skip
        assert left == []
        packets = sorted((self.ws / "cases").glob("*/packet*.pdf"))
        assert packets
        for pdf in packets:
            check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
            assert check.returncode == 0, (pdf.name, check.stdout[-300:])
        for history in (self.ws / "cases").glob("*/history.jsonl"):
            for line in history.read_text().splitlines():
                json.loads(line)


def test_random_kills_leave_the_workspace_whole(tmp_path: Path, need_tool: Callable[[str], str]) -> None:
    need_tool("libreoffice")
    need_tool("qpdf")
    rng = random.Random(SEED)
    soak = Soak(tmp_path, rng)
    soak.drop(6)
    first = soak.start("run")
    assert first.wait(timeout=300) == 0
    kills: dict[tuple[str, str], int] = {}
    started = 0
    while sum(kills.values()) < KILLS and started < KILLS * 3:
        kind = rng.choice(["run", "build", "watch"])
        if kind != "build" and soak.inbox_count() < 3:
            soak.drop(rng.randrange(4, 9))
        if kind != "run":
            soak.touch_a_record()
        how = rng.choice(["parent", "group"])
        proc = soak.start(kind)
        started += 1
        try:
            proc.wait(timeout=rng.uniform(0.3, 4.0))
        except subprocess.TimeoutExpired:
            if how == "group":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills[(kind, how)] = kills.get((kind, how), 0) + 1
        gone = wait_until(lambda: not processes_mentioning(str(tmp_path)), 20)
        left = processes_mentioning(str(tmp_path))
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert gone, f"after {kind} ({how}): processes {left} outlived it"
        assert soak.lock_is_free(), f"after {kind} ({how}): the workspace lock is still held"
        soak.check_inputs()
    final = soak.start("run")
    assert final.wait(timeout=300) == 0
    build = soak.start("build")
    assert build.wait(timeout=600) == 0
    soak.check_inputs()
    assert soak.inbox_count() == 0
    soak.check_end()
    print(f"soak: {sum(kills.values())} kills of {started} starts: {sorted(kills.items())}")
    assert sum(kills.values()) >= KILLS
    assert {kind for kind, _ in kills} == {"run", "build", "watch"}
