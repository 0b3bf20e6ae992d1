"""Figures drawn in a second process, beside the caller's other work.

A report spends most of its time drawing figures with matplotlib. With a spare
core, a :class:`Drawer` starts a helper process at once, which imports matplotlib
and loads its fonts while the caller reads the input and computes the metrics;
the caller then hands it the figures to draw (:meth:`Drawer.draw`) and writes its
tables and pages while they are drawn (:meth:`Drawer.results`). The figures are
the very bytes the caller would draw itself: the same functions of
:mod:`netmap.render.figures` run on the same partnership and metrics.

Wherever the helper cannot help, the caller draws in its own process, with the
same result: when the helper cannot be started (one core, no Python executable to
start, not the main thread), when it died, or when a drawing failed there (drawn
again here, so that a failure raises its real error in the caller). The helper is
a fresh interpreter on the caller's import path (so it imports the same netmap,
and never runs the caller's script again), in a session of its own (Ctrl-C reaches
the caller alone, which stops it); it never prints, and it ends when the caller
closes the drawer or exits.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

__all__ = ["Drawer", "FUNCTIONS", "spare_core", "WORTH_IT"]

#: Organisations above which one partnership's figures are worth a second process: below,
#: drawing them takes less than the helper's start (its imports: about 0.8 s of CPU) saves.
#: Measured on the project's 2-core VM (BENCHMARKS.md): 36 organisations, 2.6 s in one
#: process against 2.8 s with the helper; 500 organisations, 7.0 s against 4.4 s.
WORTH_IT = 100

# what a helper may be asked to draw: a name and the function of netmap.render it runs
FUNCTIONS = {
    "figures": ("netmap.render.figures", "figures"),
    "network_picture": ("netmap.render.figures", "network_picture"),
}


def spare_core() -> bool:
    """True when this process may use a second core (and so a helper process)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores >= 2


def _function(name: str):
    import importlib

    module, attribute = FUNCTIONS[name]
    return getattr(importlib.import_module(module), attribute)


def _read(stream):
    """One pickled message from ``stream`` (a length, then the bytes); None at its end."""
    import pickle
    import struct

    head = stream.read(8)
    if len(head) < 8:
        return None
    size = struct.unpack(">Q", head)[0]
    data = stream.read(size)
    return pickle.loads(data) if len(data) == size else None


def _write(stream, message) -> None:
    import pickle
    import struct

    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def serve() -> None:  # pragma: no cover - runs in the helper process
    """The helper: warm matplotlib up, then draw what is read on stdin until it ends.

    Answers go to the stdout it was started with; anything else printed is dropped."""
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # stray output (a library's warning) never mixes with the answers
        os.dup2(quiet, fd)
    try:
        for name in FUNCTIONS:
            _function(name)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        warm = Figure(figsize=(1, 1))
        FigureCanvasAgg(warm)
        warm.text(0.5, 0.5, "netmap")
        warm.canvas.draw()  # loads the fonts
    except Exception:
        pass  # each job below fails too, and the caller draws it
    while True:
        try:
            jobs = _read(requests)
        except Exception:
            jobs = None
        if jobs is None:
            return
        out = {}
        for key, (name, args) in jobs.items():
            try:
                out[key] = (True, _function(name)(*args))
            except Exception:
                out[key] = (False, None)
        try:
            _write(answers, out)
        except (OSError, ValueError):
            return


# the helper's command: this interpreter, the caller's import path (so that the same netmap
# is imported, never one from the working folder), then serve()
_COMMAND = ("import sys; sys.path[:] = sys.argv[1:]; "
            "from netmap.render.drawing import serve; serve()")


class Drawer:
    """A helper process that draws figures while the caller works (see the module).

    Use it as a context manager, started as early as possible::

        with Drawer() as drawer:
            ...  # read, compute
            drawer.draw({"report": ("figures", (p, m))})
            ...  # write the tables and pages
            pictures = drawer.results()["report"]

    ``Drawer(enabled=False)`` draws everything in the caller's process.
    """

    def __init__(self, enabled: bool = True) -> None:
        self._process: Any = None
        self._sender: threading.Thread | None = None
        self._sent = False  # the jobs reached the helper's pipe whole
        self._jobs: dict = {}
        self.drawn_aside: set = set()  # the keys the helper drew (the rest: drawn here)
        if enabled and spare_core() and sys.executable \
                and threading.current_thread() is threading.main_thread():
            try:
                self._start()
            except (OSError, ValueError):
                self._process = None

    @property
    def aside(self) -> bool:
        """True while a helper process draws (False: the caller draws)."""
        return self._process is not None

    def _start(self) -> None:
        import subprocess

        flags: dict = {"start_new_session": True} if os.name == "posix" else {
            "creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
        # a session of its own: Ctrl-C at the terminal reaches the caller alone, which
        # stops the helper (no traceback of the helper's can show)
        self._process = subprocess.Popen([sys.executable, "-c", _COMMAND, *map(str, sys.path)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, **flags)

    def draw(self, jobs: dict) -> None:
        """Start drawing ``{key: (function name, args)}`` (names of :data:`FUNCTIONS`)."""
        self._jobs = dict(jobs)
        self._sent = False
        if self._process is None:
            return
        # sent from a thread: a large partnership fills the pipe before the helper, still
        # importing, reads it, and the caller has its own work to do meanwhile
        self._sender = threading.Thread(target=self._send, args=(self._jobs,), daemon=True)
        self._sender.start()

    def _send(self, jobs: dict) -> None:
        try:
            _write(self._process.stdin, jobs)
            self._sent = True
        except Exception:  # noqa: BLE001 - the helper is gone, or the jobs do not pickle:
            pass  # results() draws here (and never waits for an answer to nothing)

    def results(self) -> dict:
        """``{key: result}`` of the jobs given to :meth:`draw`, drawn aside or here."""
        received: dict = {}
        if self._process is not None:
            if self._sender is not None:
                self._sender.join()
            try:
                received = (_read(self._process.stdout) or {}) if self._sent else {}
            except Exception:  # noqa: BLE001 - the helper died mid-answer: drawn here
                received = {}
        out = {}
        for key, (name, args) in self._jobs.items():
            ok, value = received.get(key, (False, None))
            out[key] = value if ok else _function(name)(*args)
            if ok:
                self.drawn_aside.add(key)
        self._jobs = {}
        return out

    def close(self) -> None:
        """Stop the helper (at once, whatever it is doing)."""
        process, self._process = self._process, None
        if process is None:
            return
        if self._sender is not None:
            self._sender.join(0)
        process.kill()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        process.wait()

    def __enter__(self) -> Drawer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
