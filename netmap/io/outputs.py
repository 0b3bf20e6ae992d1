"""Writing one output file: atomically, and never over an input.

A file is written to a temporary file in the same folder, flushed and
fsynced, then renamed over the target (``os.replace`` is atomic on one file
system): a crash or a full disk never leaves a half-written file.
:func:`refuse_inputs` refuses a target that is an input of the command (by
path, by symlink or by hard link). A whole folder of outputs is written by
:class:`netmap.io.runfolder.StagedOutputs`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from netmap.errors import OutputError

__all__ = ["write_bytes", "write_text", "refuse_inputs", "identity", "existing_inputs"]


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


# --- no output replaces an input ---------------------------------------------------------

def identity(path: Path) -> tuple | None:
    """(device, inode) of the file ``path`` names, following symlinks; None if none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def existing_inputs(inputs: Iterable) -> list:
    """The existing input files as (path as given, resolved path, identity)."""
    out = []
    for item in inputs:
        if item is None:
            continue
        p = Path(item)
        out.append((str(item), p.resolve(), identity(p)))
    return out


def refuse_inputs(target, inputs: Iterable) -> None:
    """Raise :class:`OutputError` when writing the file ``target`` would replace an input.

    ``inputs`` are the files the command reads (the partnership file and side
    files: aliases, attributes, rules, taxonomy, key file). The target is
    refused when it is one of them, a symlink to one, or a hard link to one.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "in.csv").write_text("x")
    1
    >>> refuse_inputs(d / "in.csv", [d / "in.csv"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    netmap.errors.OutputError: ... is an input of this command (...); netmap never writes ...
    """
    t = Path(target)
    ident, resolved = identity(t), t.resolve()
    for given, path, same in existing_inputs(inputs):
        if resolved == path or (ident is not None and ident == same):
            raise OutputError(f"{target}: is an input of this command ({given}); netmap never "
                              "writes over its inputs. Choose another output name")
