"""A folder of outputs written as one run: all at once or not at all.

A folder of outputs (:class:`StagedOutputs`) is built complete in a hidden
staging folder *beside* it, then swapped in with one rename, under a lock:

- a reader of the folder sees the earlier run or the new one, never a mix
  and never a half-written run, whatever happens (a full disk, an error, a
  ``kill -9``); two runs into one folder serialise at the swap;
- a run that fails leaves the folder exactly as it was (a folder that did
  not exist is not created) and leaves no staging folder behind, including
  on SIGTERM, SIGINT and SIGHUP; what a ``kill -9`` leaves beside the folder
  is removed by the next run;
- the folder holds one run: netmap's own outputs of an earlier run that this
  run does not write are removed (netmap lists what it wrote in
  :data:`MANIFEST`); anything else in the folder (a ``.gitkeep``, the user's
  notes) is carried over untouched (hard-linked, so nothing is copied); a folder
  netmap never wrote (no manifest) that holds a file of an output's name is
  refused: that file is someone's;
- a folder of forms (``netmap form``: they go out to partners, whose returns may be
  saved there) is never replaced by another command's run: refused, naming the command;
- a file netmap wrote and someone changed since (the manifest records each file's
  sha256) is never replaced or removed: the run is refused, naming the file;
- no output replaces an input: a run whose folder would replace or remove
  one of its ``inputs`` (by path, by symlink or by hard link) is refused
  before anything is written.

The swap uses Linux's ``renameat2(RENAME_EXCHANGE)``, which exchanges the two
folders atomically; elsewhere two renames with signals blocked between them,
and the next run puts the earlier folder back if a crash fell between the two.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fnmatch
import functools
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from netmap.errors import OutputError
from netmap.io.outputs import existing_inputs, identity, write_bytes, write_text

__all__ = ["StagedOutputs", "Terminated", "stop_on_signals", "earlier_outputs", "MANIFEST",
           "OUTPUTS"]

MANIFEST = ".netmap-run.json"  # in an output folder: the files netmap wrote there
_STAGE = "netmap-stage"
_OLD = "netmap-old"
_SIGNALS = tuple(getattr(signal, s) for s in ("SIGTERM", "SIGHUP", "SIGINT")
                 if hasattr(signal, s))


def _token() -> str:
    import secrets

    return secrets.token_hex(4)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _pid_of(name: str) -> int | None:
    """The process id in a staging or old folder's name (``.out.netmap-stage-PID-xxxx``)."""
    parts = name.rsplit("-", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


@functools.lru_cache(maxsize=1)
def _renameat2():
    """glibc's renameat2 (Linux 3.15+), or None where there is none."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange folders ``a`` and ``b``; False when this system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # e.g. a file system without RENAME_EXCHANGE
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (POSIX flock); runs into one parent serialise here."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the swap is still atomic
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGTERM, SIGHUP and SIGINT while the folder is swapped and the old one removed."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP: unwind (the exit code is 128 + the signal), so staging folders go.

    ``outputs_written`` is True when the signal was held while a folder was swapped in
    and delivered after: that run landed.
    """

    outputs_written = False


def _terminate(signum, frame):
    raise Terminated(128 + signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` while the block runs.

    Only where nobody else handles them (the default handler is in place) and
    only in the main thread; the handlers are restored afterwards.
    """
    saved = {}
    if threading.current_thread() is threading.main_thread():
        for sig in _SIGNALS:
            if sig == getattr(signal, "SIGINT", None):
                continue  # Python raises KeyboardInterrupt already
            with contextlib.suppress(ValueError, OSError, TypeError):
                if signal.getsignal(sig) == signal.SIG_DFL:
                    saved[sig] = signal.signal(sig, _terminate)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, handler)


# every file a run into a folder may write, by command: the names netmap may later remove
OUTPUTS = {
    "report": ("organisations.csv", "functions.csv", "network.json", "gaps.csv",
               "findings.csv", "overlap.csv", "robustness.csv", "report.md", "report.html",
               "report.xlsx", "map.html", "figures/*.png", "figures/*.svg"),
    "compare": (*(f"{t}.{ext}" for t in ("network", "providers", "gaps", "shared_organisations",
                                          "similarity") for ext in ("csv", "json")),
                "compare.html", "null_draws.csv", "figures/*.png", "figures/*.svg"),
    "diff": ("diff.json", "diff.html"),
    "trend": (*(f"{t}.{ext}" for t in ("trend", "providers", "membership", "steps")
                for ext in ("csv", "json")), "trend.html", "figures/trend.png",
              "figures/trend.svg"),
    "form": ("form-*.xlsx", "forms.csv"),
    "collect": ("partners.csv", "provenance.csv", "collection.md", "collection.html"),
}


def _netmap_name(rel: str, extra: tuple = ()) -> bool:
    """True for a name netmap gives one of its outputs (any command), or one of ``extra``."""
    patterns = (*(p for names in OUTPUTS.values() for p in names), *extra)
    return any(fnmatch.fnmatchcase(rel, p) for p in patterns)


# commands whose folders no other command replaces (forms go out; returns come back there)
_KEPT_APART = ("form",)


def _manifest(folder: Path) -> dict:
    """The manifest of ``folder`` as written ({} when there is none or it is unreadable)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_manifest(folder: Path) -> list | None:
    try:
        files = _manifest(folder)["files"]
    except (KeyError, TypeError):
        return None
    if not isinstance(files, list):
        return None
    return [f for f in files if isinstance(f, str) and f and not f.startswith(("/", ".."))
            and ".." not in Path(f).parts]


def earlier_outputs(outdir) -> set:
    """The files of an earlier netmap run in ``outdir``: a new run removes those it does not
    write again (relative names; empty for a folder without netmap's manifest)."""
    return StagedOutputs(outdir)._previous()


def _walk(folder: Path) -> list:
    """Every file or symlink under ``folder``, as relative POSIX paths (folders not listed)."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for d in list(dirs):
            if (base / d).is_symlink():
                found.append((base / d).relative_to(folder).as_posix())
                dirs.remove(d)
        found += [(base / f).relative_to(folder).as_posix() for f in files]
    return found


class StagedOutputs:
    """Build a run's outputs beside ``outdir``, then swap them in as one complete folder.

    ``owned`` are the names (glob patterns, e.g. ``figures/*.png``) this kind
    of run may write: they say which files of a folder written before netmap
    kept a manifest are netmap's, and which entries must not be in the way.
    ``inputs`` are the files the command reads: a run whose folder would
    replace or remove one is refused before anything is written.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "outputs"
    >>> with StagedOutputs(out) as stage:
    ...     _ = stage.write_text("a.txt", "hello")
    >>> (out / "a.txt").read_text(), sorted(p.name for p in out.iterdir())
    ('hello', ['.netmap-run.json', 'a.txt'])
    """

    def __init__(self, outdir, owned: Iterable[str] = (), inputs: Iterable = (),
                 command: str = "netmap"):
        self.outdir = Path(outdir).resolve()
        self.owned = tuple(owned)
        self.inputs = tuple(i for i in inputs if i is not None)
        self.command = command
        self.names: list = []
        self.removed: list = []  # earlier outputs the swap removed (not written again)
        self.swapped = False  # the new run is in place
        self._tmp: Path | None = None
        self._created: list = []  # parent folders this run made (removed if it fails)
        self._signals: contextlib.AbstractContextManager | None = None

    # -- before anything is written ------------------------------------------------------

    def _check_target(self) -> None:
        out = self.outdir
        if out.is_symlink() or out.exists():
            out = out.resolve()
            if not out.is_dir():
                raise OutputError(f"{self.outdir}: is a file, not a folder; choose a folder "
                                  "for the outputs")
        self.outdir = out
        cwd = Path.cwd().resolve()
        home = Path.home().resolve() if "HOME" in os.environ else None
        if out == out.parent or out in (cwd, home) or out in cwd.parents:
            raise OutputError(f"{self.outdir}: netmap replaces its output folder as a whole, so "
                              "it needs a folder of its own; choose one such as -o outputs")
        if out.is_dir() and os.path.ismount(out):
            raise OutputError(f"{self.outdir}: is a mount point (a disk's or a volume's root), "
                              "which cannot be replaced as a whole as netmap replaces its "
                              "output folder; write to a folder inside it, such as -o "
                              f"{self.outdir / 'outputs'}. Nothing was changed")
        for above in out.parents:  # a file where a folder of the path should be
            if above.exists() and not above.is_dir():
                raise OutputError(f"{above}: is a file, not a folder, so the outputs cannot go "
                                  f"in {self.outdir}; choose another output folder (-o). "
                                  "Nothing was changed")

    def _previous(self) -> set:
        """The files of ``outdir`` that an earlier netmap run wrote (this run removes them).

        Those its manifest lists that are named as netmap names its outputs
        (:data:`OUTPUTS`): a manifest edited by hand never makes netmap remove
        a file of yours. A folder without a manifest loses nothing but the
        files this run writes again.
        """
        if not self.outdir.is_dir():
            return set()
        manifest = _read_manifest(self.outdir) or []
        return {f for f in manifest if _netmap_name(f, self.owned)
                and (self.outdir / f).is_file() and not (self.outdir / f).is_symlink()}

    def _is_owned(self, rel: str) -> bool:
        return any(fnmatch.fnmatchcase(rel, pattern) for pattern in self.owned)

    def _check_inputs(self, replaced: set) -> None:
        """Refuse an output folder that holds an input, or whose swap would replace one.

        The whole folder is replaced by the new run, so an input inside it (a
        partnership file, a side file) is refused outright, as is a file the
        run would replace or remove that is a hard link to an input.
        """
        if not self.outdir.is_dir():
            return
        for given, path, ident in existing_inputs(self.inputs):
            inside = self.outdir in path.parents
            if inside or (ident is not None
                          and any(identity(self.outdir / f) == ident for f in replaced)):
                raise OutputError(
                    f"{self.outdir}: holds {given}, an input of this command; netmap replaces "
                    "its output folder as a whole and never writes over its inputs. Give the "
                    "outputs a folder of their own (-o), or move the input out of it")

    def _check_obstacles(self, names: Iterable[str]) -> None:
        """Refuse when something that is not netmap's output stands where one goes."""
        for name in names:
            rel = Path(name)
            for depth in range(1, len(rel.parts) + 1):
                part = self.outdir.joinpath(*rel.parts[:depth])
                last = depth == len(rel.parts)
                if part.is_symlink() or (part.exists() and part.is_dir() == last):
                    what = "a symlink" if part.is_symlink() else (
                        "a folder" if part.is_dir() else "a file")
                    raise OutputError(
                        f"{part}: is {what} where netmap writes {name}; move it away or choose "
                        "another output folder (-o). Nothing was changed")

    def _check_strangers(self) -> None:
        """Refuse a folder netmap never wrote (no manifest) that holds a file of the name of
        one of this run's outputs: it is someone's (their own organisations.csv, say), and
        the run would replace it."""
        if not self.outdir.is_dir() or (self.outdir / MANIFEST).exists():
            return
        for path in sorted(self.outdir.rglob("*")):
            rel = path.relative_to(self.outdir).as_posix()
            if (path.is_file() or path.is_symlink()) and self._is_owned(rel):
                raise OutputError(
                    f"{self.outdir}: holds {rel}, which netmap did not write (the folder has no "
                    f"{MANIFEST}), and this run would replace it; move it away or choose "
                    "another output folder (-o). Nothing was changed")

    def _check_command(self) -> None:
        """Refuse a folder of forms (or this run's forms into another command's folder)."""
        if not self.outdir.is_dir():
            return
        earlier = _manifest(self.outdir).get("command")
        if not isinstance(earlier, str) or earlier == self.command:
            return
        if earlier in _KEPT_APART or self.command in _KEPT_APART:
            raise OutputError(
                f"{self.outdir}: holds the outputs of netmap {earlier} ({MANIFEST} says so), "
                f"which this run (netmap {self.command}) would replace; choose another output "
                "folder (-o)" + (", such as one beside the forms" if earlier == "form" else "")
                + ". Nothing was changed")

    def _check_changed(self, replaced: Iterable[str]) -> None:
        """Refuse to replace or remove a file netmap wrote that was changed since (its
        sha256 is not the one the manifest recorded): someone's work, such as a partner's
        filled form saved under the name netmap gave it."""
        data = _manifest(self.outdir) if self.outdir.is_dir() else {}
        hashes = data.get("sha256")
        if not isinstance(hashes, dict):
            return  # written before netmap recorded hashes: nothing to compare with
        for rel in sorted(replaced):
            path = self.outdir / rel
            want = hashes.get(rel)
            if not isinstance(want, str) or path.is_symlink() or not path.is_file():
                continue
            if _sha256(path) != want:
                raise OutputError(
                    f"{path}: was changed since netmap {data.get('command', '')} wrote it "
                    "(someone's work, such as a filled-in form saved under its name), and "
                    "this run would replace it; move it out of the folder (or choose another "
                    "output folder, -o). Nothing was changed")

    def check(self) -> None:
        """Raise :class:`OutputError` now if this run could not replace ``outdir``.

        The same checks run again when the outputs are swapped in.
        """
        self._check_target()
        self._check_command()
        self._check_changed(self._previous())
        self._check_inputs(self._previous())
        self._check_obstacles([p for p in self.owned if not any(c in p for c in "*?[")])
        self._check_strangers()

    def __enter__(self) -> StagedOutputs:
        self.check()
        parent = self.outdir.parent
        try:
            missing = [a for a in [parent, *parent.parents] if not a.exists()]
            parent.mkdir(parents=True, exist_ok=True)
            self._created = missing
            self._tmp = Path(tempfile.mkdtemp(
                prefix=f".{self.outdir.name}.{_STAGE}-{os.getpid()}-", dir=parent))
            os.chmod(self._tmp, 0o777 & ~self._umask())
        except OSError as e:
            self._remove_created()
            why = "a read-only file system" if e.errno == errno.EROFS else (e.strerror or e)
            raise OutputError(f"{parent}: cannot write here ({why}); netmap builds "
                              "the outputs beside their folder, so it needs to write in "
                              f"{parent}") from None
        self._signals = stop_on_signals()
        self._signals.__enter__()
        return self

    @staticmethod
    def _umask() -> int:
        mask = os.umask(0)
        os.umask(mask)
        return mask

    def _restore_signals(self) -> None:
        if self._signals is not None:
            self._signals.__exit__(None, None, None)
            self._signals = None

    def _remove_created(self) -> None:
        for folder in self._created:  # innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._created = []

    # -- while the run writes ------------------------------------------------------------

    def path(self, name: str) -> Path:
        """Where to stage ``name`` (a relative path inside the output folder)."""
        if self._tmp is None:
            raise RuntimeError("StagedOutputs is used in a with block")
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts or name == MANIFEST:
            raise ValueError(f"not an output name: {name!r}")
        staged = self._tmp / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        if rel.as_posix() not in self.names:
            self.names.append(rel.as_posix())
        return staged

    def write_text(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        return write_text(self.path(name), text, encoding)

    def write_bytes(self, name: str, data: bytes) -> Path:
        return write_bytes(self.path(name), data)

    # -- at the end: swap the complete folder in -----------------------------------------

    def _carry_over(self, previous: set) -> None:
        """Link what is in the old folder and not netmap's into the staged one."""
        assert self._tmp is not None
        mode = self.outdir.stat().st_mode & 0o7777
        os.chmod(self._tmp, mode)
        written = set(self.names)
        for rel in _walk(self.outdir):
            if rel in previous or rel in written or rel == MANIFEST:
                continue
            src, dst = self.outdir / rel, self._tmp / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_symlink():
                os.symlink(os.readlink(src), dst)
                continue
            try:
                os.link(src, dst, follow_symlinks=False)
            except OSError:
                shutil.copy2(src, dst)
        for root, dirs, _files in os.walk(self.outdir):  # the user's empty folders; modes
            for d in dirs:
                src = Path(root) / d
                dst = self._tmp / src.relative_to(self.outdir)
                if src.is_symlink():
                    continue
                if not dst.exists() and not any(src.iterdir()):
                    dst.mkdir(parents=True)
                if dst.is_dir():
                    with contextlib.suppress(OSError):
                        os.chmod(dst, src.stat().st_mode & 0o7777)

    def _clean_leftovers(self) -> None:
        """Remove staging and old folders that killed runs left beside ``outdir``."""
        parent, name = self.outdir.parent, self.outdir.name
        for entry in parent.iterdir():
            for kind in (_STAGE, _OLD):
                prefix = f".{name}.{kind}-"
                if not entry.name.startswith(prefix) or entry == self._tmp:
                    continue
                pid = _pid_of(entry.name)
                if pid is not None and pid != os.getpid() and _alive(pid):
                    continue
                if kind == _OLD and not self.outdir.exists():
                    os.rename(entry, self.outdir)  # a crash fell between the two renames
                else:
                    shutil.rmtree(entry, ignore_errors=True)

    def _swap(self) -> None:
        assert self._tmp is not None
        parent = self.outdir.parent
        with _locked(parent):
            self._clean_leftovers()
            previous = self._previous()
            self._check_command()
            self._check_changed(previous | set(self.names))
            self._check_inputs(previous | set(self.names))
            self._check_obstacles(self.names)
            manifest = {"netmap_outputs": 1, "command": self.command,
                        "files": sorted(self.names),
                        "sha256": {n: _sha256(self._tmp / n) for n in sorted(self.names)}}
            self.removed = sorted(previous - set(self.names))
            write_text(self._tmp / MANIFEST, json.dumps(manifest, indent=1) + "\n")
            exists = self.outdir.exists()
            if exists:
                self._carry_over(previous)
            _fsync_dir(self._tmp)
            with _signals_blocked():
                if not exists:
                    os.rename(self._tmp, self.outdir)
                    self._tmp = None
                elif _exchange(self._tmp, self.outdir):
                    pass  # self._tmp now holds the earlier run, removed below
                else:
                    old = parent / f".{self.outdir.name}.{_OLD}-{os.getpid()}-{_token()}"
                    os.rename(self.outdir, old)
                    os.rename(self._tmp, self.outdir)
                    self._tmp = old
                self.swapped = True
                _fsync_dir(parent)
                if self._tmp is not None:
                    shutil.rmtree(self._tmp, ignore_errors=True)
                    self._tmp = None

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._tmp is None:
            return
        try:
            if exc_type is None:
                self._swap()
        except Terminated as e:
            # held while the folder was swapped, delivered right after: the run landed
            e.outputs_written = self.swapped
            raise
        except OSError as e:
            raise OutputError(f"{self.outdir}: could not move the outputs into place "
                              f"({e.strerror or e}); nothing was changed") from None
        finally:
            self._restore_signals()
            if self._tmp is not None:
                with _signals_blocked():
                    shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None
                if exc_type is not None or not self.outdir.exists():
                    self._remove_created()

    @property
    def written(self) -> list:
        return [self.outdir / n for n in self.names]
