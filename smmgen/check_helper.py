"""A helper process that gets the checking pipeline ready while `check` scans.

On a warm run, re-checking one edited post is mostly loading the pipeline
(Jinja2, markdown-it, the network rules), which takes longer than comparing
ten thousand files with the cache. With a second core the two overlap: the
helper is forked before the scan and loads the pipeline; if the scan finds
files to check they are handed over, otherwise the helper is stopped. Anything
that goes wrong in the helper only means the parent checks the files itself.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import select
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .check_cache import CACHE_DIR, CACHE_FILE

# A helper that has not answered by then is stuck; the parent checks on its own.
TIMEOUT = 120.0
# A cache this big (about a thousand posts) means a scan long enough to hide
# the helper's start; below it, checking in-process is as quick.
MIN_CACHE_BYTES = 48 * 1024


def available() -> bool:
    """Whether a helper can run beside this process: fork, and a second core for it."""
    if sys.platform != "linux":  # fork is only safe to rely on here
        return False
    return len(os.sched_getaffinity(0)) >= 2


_early: tuple[Path, Helper] | None = None


def start_early(args: Sequence[str]) -> None:
    """Start the helper for ``smmgen check ARGS`` before the command line is parsed.

    Loading click and the command is a good part of a warm run, so the helper
    starts before it. Only for the plain whole-repository form (``--format`` at
    most: no paths, ``--root`` or ``--no-cache``); any other form waits for the
    parsed command. The command takes the helper with :func:`claim`.
    """
    global _early
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--format" and rest:
            rest.pop(0)
        elif not arg.startswith("--format="):
            return
    from .repo import locate_root

    root = locate_root()
    if root is None:
        return  # the command reports it
    helper = start_for_check(root)
    if helper is not None:
        _early = (root, helper)
        atexit.register(helper.stop)  # in case the command never claims it


def claim(root: Path) -> Helper | None:
    """The helper for `check` in ``root``: the one started early, else a new one."""
    global _early
    early, _early = _early, None
    if early is not None:
        if early[0] == root:
            return early[1]
        early[1].stop()
    return start_for_check(root)


def start_for_check(root: Path) -> Helper | None:
    """A helper preparing `check` in ``root``, if this looks like a warm run of many posts."""
    if not available():
        return None
    try:
        size = os.stat(root / CACHE_DIR / CACHE_FILE).st_size
    except OSError:
        return None
    if size < MIN_CACHE_BYTES:
        return None

    def prepare() -> Callable[[Any], Any]:
        from . import i18n
        from .check import prepare_check

        # Forked before the command line chose the language: the same choice here.
        i18n.use(i18n.for_root(root))
        return prepare_check(root, warm=True)

    return Helper.start(prepare)


class Helper:
    """A forked process that prepares, then runs one job handed to it."""

    def __init__(self, pid: int, to_helper: int, from_helper: int) -> None:
        self._pid: int | None = pid
        self._to = to_helper
        self._from = from_helper

    @classmethod
    def start(cls, prepare: Callable[[], Callable[[Any], Any]]) -> Helper | None:
        """Fork a helper that calls ``prepare()`` now and its result on the job later."""
        fds: list[int] = []
        try:
            fds += os.pipe()
            fds += os.pipe()
            # Frozen objects are left alone by the garbage collector, so neither
            # process writes to (and copies) memory the two still share.
            gc.freeze()
            pid = os.fork()
        except OSError:  # out of file descriptors or processes: the caller works alone
            gc.unfreeze()
            for fd in fds:
                os.close(fd)
            return None
        job_r, job_w, out_r, out_w = fds
        if pid == 0:  # the helper: never returns into the caller's code
            code = 1
            try:
                import pickle

                os.close(job_w)
                os.close(out_r)
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):  # keep the parent's terminal and pipes to itself
                    os.dup2(quiet, fd)
                sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
                work = prepare()
                with os.fdopen(job_r, "rb") as inp:
                    job = pickle.load(inp)
                result = work(job)
                with os.fdopen(out_w, "wb") as out:
                    pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        gc.unfreeze()
        os.close(job_r)
        os.close(out_w)
        return cls(pid, job_w, out_r)

    def run(self, job: Any) -> Any | None:
        """Hand ``job`` over and wait for the result; None if the helper failed."""
        import pickle

        try:
            data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
            while data:
                data = data[os.write(self._to, data) :]
            self._close("_to")  # the helper's end-of-job
            answer = self._read_all()
            return pickle.loads(answer) if answer else None
        except (OSError, EOFError, pickle.PickleError, TimeoutError):
            return None
        finally:
            self.stop()

    def _read_all(self) -> bytes:
        chunks: list[bytes] = []
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(self._from, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def _close(self, which: str) -> None:
        fd = getattr(self, which)
        if fd >= 0:
            setattr(self, which, -1)  # never close a number the system has handed out again
            os.close(fd)

    def stop(self) -> None:
        """End the helper (if still running), reap it and close the pipes."""
        self._close("_to")
        self._close("_from")
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
