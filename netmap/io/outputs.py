"""Atomic writes: a crash or a full disk never leaves a half-written output.

Every file is written to a temporary file in the same folder, flushed and
fsynced, then renamed over the target (``os.replace`` is atomic on one file
system). A run that writes several files stages them all in a temporary
folder inside the output folder and moves them into place only when every
one was written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from netmap.errors import OutputError

__all__ = ["write_bytes", "write_text", "StagedOutputs"]


def _file_mode() -> int:
    """Mode of a new file under the current umask (mkstemp alone gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(path, data: bytes, mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` atomically; returns the resolved path.

    ``mode`` (e.g. 0o600 for a secret) is set before any byte is written;
    by default files get the usual mode under the umask.
    """
    target = Path(path).resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise OutputError(f"{target.parent}: cannot write here ({e.strerror or e})") from None
    try:
        os.chmod(tmp, _file_mode() if mode is None else mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"{target}: could not be written ({e.strerror or e}); "
                              "nothing was changed") from None
        raise
    return target


def write_text(path, text: str, encoding: str = "utf-8", mode: int | None = None) -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8 unless told otherwise)."""
    return write_bytes(path, text.encode(encoding), mode)


class StagedOutputs:
    """Build a run's outputs in a hidden folder, then move them all into ``outdir``.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "outputs"
    >>> with StagedOutputs(out) as stage:
    ...     _ = stage.write_text("a.txt", "hello")
    >>> (out / "a.txt").read_text(), [p.name for p in out.iterdir()]
    ('hello', ['a.txt'])
    """

    def __init__(self, outdir):
        self.outdir = Path(outdir).resolve()
        self.names: list = []
        self._tmp: Path | None = None

    def __enter__(self) -> StagedOutputs:
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
            self._tmp = Path(tempfile.mkdtemp(prefix=".netmap-", dir=self.outdir))
        except OSError as e:
            raise OutputError(f"{self.outdir}: cannot write here ({e.strerror or e})") from None
        return self

    def path(self, name: str) -> Path:
        """Where to stage ``name`` (a relative path inside the output folder)."""
        if self._tmp is None:
            raise RuntimeError("StagedOutputs is used in a with block")
        staged = self._tmp / name
        staged.parent.mkdir(parents=True, exist_ok=True)
        if name not in self.names:
            self.names.append(name)
        return staged

    def write_text(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        return write_text(self.path(name), text, encoding)

    def write_bytes(self, name: str, data: bytes) -> Path:
        return write_bytes(self.path(name), data)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._tmp is None:
            return
        try:
            if exc_type is None:
                for name in self.names:
                    target = self.outdir / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self._tmp / name, target)
        except OSError as e:
            raise OutputError(f"{self.outdir}: could not move the outputs into place "
                              f"({e.strerror or e})") from None
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)

    @property
    def written(self) -> list:
        return [self.outdir / n for n in self.names]
