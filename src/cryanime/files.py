"""The files a person hands cryanime: read only what is a regular file of a sane size, and
write so that readers see the old content or the new, never half of either, through a
symbolic link to its target and keeping the file's mode."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable


class FileProblem(Exception):
    """A file cannot be used as it is: what is wrong, and how to fix it. Each reader turns
    it into its own error (a catalogue problem, a watched-list error ...)."""

    def __init__(self, file: str, message: str, fix: str) -> None:
        self.file, self.message, self.fix = file, message, fix
        super().__init__(f"{file}: {message} — {fix}")


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 2**10} KiB"


def describe_missing(file: str) -> tuple[str, str] | None:
    """(message, fix) when `file` is a symbolic link that leads nowhere (dangling, or a
    loop), else None."""
    if not os.path.islink(file):
        return None
    try:
        os.stat(file)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ("is a symbolic link loop",
                    "point the link at a real file, or remove it")
        target = os.readlink(file)
        return (f"is a symbolic link to {target}, which does not exist",
                "restore or mount what it points to, or remove the link")
    return None


def read_regular(file: str, *, limit: int, what: str) -> bytes:
    """The bytes of `file`, when it is a regular file (a symbolic link to one is followed)
    of at most `limit` bytes; `what` says what it should be ("a catalogue .yaml file").
    Never blocks on a FIFO or reads a device forever. Raises FileNotFoundError when there
    is nothing at `file` at all, FileProblem for anything else that is wrong."""
    broken = describe_missing(file)
    if broken is not None:
        raise FileProblem(file, *broken)
    try:
        info = os.stat(file)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise FileProblem(file, f"cannot be read: {exc.strerror}", "check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(file, "is a directory, not a file", f"give the path of {what}")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise FileProblem(file, f"is {kind}, not a regular file", f"give the path of {what}")
    if info.st_size > limit:
        raise FileProblem(file, f"is larger than {_size(limit)}; refused",
                          f"{what} is far smaller: check the path")
    try:
        with open(file, "rb") as handle:
            data = handle.read(limit + 1)
    except PermissionError:
        raise FileProblem(file, "cannot be read: permission denied",
                          "check the file's permissions") from None
    except OSError as exc:
        raise FileProblem(file, f"cannot be read: {exc.strerror}", "check the path") from None
    if len(data) > limit:  # it grew while we looked
        raise FileProblem(file, f"is larger than {_size(limit)}; refused",
                          f"{what} is far smaller: check the path")
    return data


def writable_target(file: str) -> str:
    """Where a write of `file` must go: the file a symbolic link points to (so that a
    linked file in a dotfiles repository or a sync folder is updated, not replaced by a
    copy), or `file` itself. Raises FileProblem for a link that leads nowhere, and for an
    existing file that is not writable, judged by its mode and owner as well as by
    access(), so that it holds for root too; the file is left as it is."""
    broken = describe_missing(file)
    if broken is not None:
        raise FileProblem(file, *broken)
    target = os.path.realpath(file)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target  # a new file
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(file, "is not a regular file", "move it out of the way")
    if info.st_uid == os.geteuid():
        bit = stat.S_IWUSR
    elif info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        bit = stat.S_IWGRP
    else:
        bit = stat.S_IWOTH
    if os.geteuid() == 0:
        bit = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH  # root: any write bit at all
    if not info.st_mode & bit or not os.access(target, os.W_OK):
        where = file if target == os.path.abspath(file) else f"{file} (a link to {target})"
        raise FileProblem(where, "is read-only; it was left as it is",
                          f"make it writable (chmod u+w {target}) to change it")
    return target


def write_atomically(file: str, data: bytes | Iterable[bytes], *, prefix: str,
                     durable: bool) -> None:
    """Write `data` (or its pieces, one after another) to a temporary file beside `file`,
    then rename it over `file`, keeping `file`'s mode when it exists. `file` must be the
    real file, not a link to it (see :func:`writable_target`).

    With `durable`, the data and the rename are fsynced, so a crash right after leaves the
    new content on disk. On any failure the temporary file is removed and `file` is
    untouched; the OSError propagates.
    """
    import tempfile  # only writes need it

    directory = os.path.dirname(file) or "."
    try:
        mode: int | None = stat.S_IMODE(os.stat(file).st_mode)
    except OSError:
        mode = None  # a new file: mkstemp's 0600
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    except OSError as exc:  # name the folder, not a temporary file that never existed
        raise type(exc)(exc.errno, exc.strerror, directory) from None
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.writelines([data] if isinstance(data, bytes) else data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable (where the platform allows opening directories)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
