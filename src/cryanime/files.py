"""Writing a file so that readers see the old content or the new, never half of either."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable


def write_atomically(file: str, data: bytes | Iterable[bytes], *, prefix: str,
                     durable: bool) -> None:
    """Write `data` (or its pieces, one after another) to a temporary file beside `file`,
    then rename it over `file`.

    With `durable`, the data and the rename are fsynced, so a crash right after leaves the
    new content on disk. On any failure the temporary file is removed and `file` is
    untouched; the OSError propagates.
    """
    import tempfile  # only writes need it

    directory = os.path.dirname(file) or "."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    try:
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
