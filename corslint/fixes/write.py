"""Atomic writes: a fixed file is either the old content or the new, never half of each."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from typing import Optional


class ChangedMeanwhile(OSError):
    """The file no longer holds the content the fix was computed from (another run, or
    an editor, wrote it meanwhile): it is left as it is."""


def write_atomically(path: str, data: bytes, expected: Optional[bytes] = None) -> None:
    """Write ``data`` to a temporary file in the same folder, then ``os.replace`` it.

    The file keeps its permission bits; a symbolic link keeps pointing at the file it
    pointed at (the target is rewritten, not the link replaced). With ``expected``, the
    file is replaced only if it still holds exactly those bytes, checked just before the
    rename, so two fix runs at once (pre-commit runs hooks on batches of files in
    parallel) never write a fix computed from content the other one already replaced.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    mode = stat.S_IMODE(os.stat(target).st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".corslint-tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, mode)
        if expected is not None:
            with open(target, "rb") as fh:
                current = fh.read()
            if current == data:  # another run wrote the same fix already
                os.unlink(temporary)
                return
            if current != expected:
                raise ChangedMeanwhile(errno.EAGAIN, "the file changed while corslint was fixing it; "
                                                         "not written (run again)", path)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
