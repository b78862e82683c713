"""Writing a fixed file: never half-written, never another file's owner, mode or links.

Two ways, chosen per file:

* **Replace** (the usual one): the new content goes to a temporary file in the same
  folder, which gets the file's permission bits, owner and group, and is renamed over
  it (``os.replace``, atomic). A reader sees the old or the new content, never a mix.
* **In place**, where a rename would change what the file is: a file with several hard
  links (a rename would split them: the other names would keep the old content), or a
  file whose owner or group the temporary file cannot be given (corslint runs as a
  user who may write the file but not own it). The original is first copied to a
  temporary backup in the same folder (flushed to disk), then the file itself is
  rewritten and truncated; if anything fails or interrupts that, the backup is written
  back, and it is removed once the file holds the new content.

A read-only file (no write permission bit, or one this user may not write) is never
written: fixing it is refused with a message. With ``expected``, the file is written
only if it still holds exactly the bytes the fix was computed from, checked just before
writing, so two fix runs at once (pre-commit runs hooks on batches of files in
parallel) or an editor's save in between are never overwritten.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from typing import Optional


class ChangedMeanwhile(OSError):
    """The file no longer holds the content the fix was computed from (another run, or
    an editor, wrote it meanwhile): it is left as it is."""


class ReadOnly(OSError):
    """The file is read-only: corslint does not fix it."""


def _read_only(target: str, st: os.stat_result) -> bool:
    if not stat.S_IMODE(st.st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True  # root may write anything; a file nobody may write is still read-only
    return not os.access(target, os.W_OK)


def write_atomically(path: str, data: bytes, expected: Optional[bytes] = None) -> None:
    """Write ``data`` to ``path`` as the module docstring says (a symbolic link keeps
    pointing at the file it pointed at: the target is written)."""
    target = os.path.realpath(path)
    st = os.stat(target)
    if _read_only(target, st):
        raise ReadOnly(errno.EACCES, "the file is read-only; not fixed (make it writable to let corslint fix it)",
                       path)
    if st.st_nlink > 1:
        _write_in_place(target, path, data, expected)
        return
    folder = os.path.dirname(target) or "."
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".corslint-tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temporary, stat.S_IMODE(st.st_mode))
        made = os.stat(temporary)
        if (made.st_uid, made.st_gid) != (st.st_uid, st.st_gid):
            try:
                os.chown(temporary, st.st_uid, st.st_gid)
            except OSError:  # not allowed to give it the file's owner: keep the file itself
                os.unlink(temporary)
                _write_in_place(target, path, data, expected)
                return
        if _unchanged_or_done(target, path, data, expected):
            os.unlink(temporary)
            return
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _unchanged_or_done(target: str, path: str, data: bytes, expected: Optional[bytes]) -> bool:
    """True when there is nothing to write (another run wrote the same fix); raises
    ChangedMeanwhile when the file no longer holds `expected`."""
    if expected is None:
        return False
    with open(target, "rb") as fh:
        current = fh.read()
    if current == data:
        return True
    if current != expected:
        raise ChangedMeanwhile(errno.EAGAIN, "the file changed while corslint was fixing it; not written (run again)",
                               path)
    return False


def _write_in_place(target: str, path: str, data: bytes, expected: Optional[bytes]) -> None:
    """Rewrite the file itself (its inode: links, owner, group and mode stay), after a
    backup copy that is written back if the rewrite does not complete."""
    folder = os.path.dirname(target) or "."
    with open(target, "r+b") as fh:
        original = fh.read()
        if expected is not None:
            if original == data:
                return
            if original != expected:
                raise ChangedMeanwhile(errno.EAGAIN, "the file changed while corslint was fixing it; "
                                                     "not written (run again)", path)
        handle, backup = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".corslint-backup",
                                          dir=folder)
        with os.fdopen(handle, "wb") as copy:
            copy.write(original)
            copy.flush()
            os.fsync(copy.fileno())
        try:
            fh.seek(0)
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
        except BaseException:
            fh.seek(0)
            fh.write(original)
            fh.truncate()
            fh.flush()
            os.unlink(backup)
            raise
    os.unlink(backup)
