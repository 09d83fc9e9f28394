"""Your own list: which titles you have watched and which you loved.

The list lives in ``watched.json`` in the user data directory (platformdirs'
``cryanime`` directory, or ``$CRYANIME_HOME``)::

    {"version": 1, "watched": {"clannad": {"added": "2026-11-26T01:59:37+00:00",
                                           "loved": true}}}

Writes are serialised across processes with a lock file (filelock) and are atomic: the new
list goes to a temporary file in the same directory, is flushed and fsynced, and replaces
the old one with ``os.replace``. A reader therefore sees the old list or the new one, never
half of one, and a process killed mid-write leaves the old list intact. A file that is
corrupt, of an unknown version or unreadable raises StateError and is never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .errors import StateError
from .files import write_atomically

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

# Paths are kept as strings (os.path): pathlib costs ~4 ms to import, and every command
# that reads the list would pay it. The Path properties below are for callers.

VERSION = 1
FILE_NAME = "watched.json"
LOCK_TIMEOUT = 30  # seconds to wait for another cryanime to finish writing
T = TypeVar("T")


# A NamedTuple, not a dataclass: ~0.6 ms less to import, on every start.
class Watched(NamedTuple):
    """One title on your list."""

    title_id: str
    added: str  # ISO 8601 date-time, UTC
    loved: bool = False


def data_dir() -> str:
    """$CRYANIME_HOME, else the platform's user data directory for cryanime."""
    home = os.environ.get("CRYANIME_HOME")
    if home:
        return home
    import platformdirs  # only needed when CRYANIME_HOME is not set

    return platformdirs.user_data_dir("cryanime", appauthor=False)


def now() -> str:
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class WatchedStore:
    """The watched list on disk. Every change is one locked read-modify-write."""

    def __init__(self, directory: str | PathLike[str] | None = None) -> None:
        self._dir = os.fspath(directory) if directory is not None else data_dir()
        self._file = os.path.join(self._dir, FILE_NAME)
        self._lock = self._file + ".lock"

    @property
    def directory(self) -> Path:
        from pathlib import Path

        return Path(self._dir)

    @property
    def path(self) -> Path:
        """The watched.json file."""
        from pathlib import Path

        return Path(self._file)

    @property
    def lock_path(self) -> Path:
        from pathlib import Path

        return Path(self._lock)

    # ----------------------------------------------------------------- reading

    def load(self) -> dict[str, Watched]:
        """The list as it is on disk now (empty when there is no file yet)."""
        try:
            with open(self._file, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            return {}
        except IsADirectoryError:
            raise self._error("is a directory, not a file",
                              "move it out of the way; cryanime will then start a new list"
                              ) from None
        except OSError as exc:
            raise self._error(f"cannot be read: {exc.strerror}", "check its permissions") from None
        return self._parse(raw)

    def _parse(self, raw: bytes) -> dict[str, Watched]:
        backup = f"move it aside (mv {self._file} {self._file}.bak) to start a new list"
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            raise self._error(f"is not valid JSON{where}", f"repair it, or {backup}") from None
        if not isinstance(data, dict) or "version" not in data:
            raise self._error("is not a cryanime watched list", backup)
        version = data["version"]
        if version != VERSION:
            newer = isinstance(version, int) and version > VERSION
            raise self._error(
                f"has version {version!r}; this cryanime reads version {VERSION}",
                "upgrade cryanime" if newer else backup)
        entries = data.get("watched")
        if not isinstance(entries, dict):
            raise self._error("has no 'watched' mapping", f"repair it, or {backup}")
        result = {}
        for title_id, entry in entries.items():
            if (not isinstance(entry, dict) or not isinstance(entry.get("added"), str)
                    or not isinstance(entry.get("loved", False), bool)):
                raise self._error(f"has a malformed entry for {title_id!r}",
                                  f"repair it, or {backup}")
            result[title_id] = Watched(title_id, entry["added"], entry.get("loved", False))
        return result

    def _error(self, message: str, fix: str) -> StateError:
        return StateError(self._file, message, fix)

    # ----------------------------------------------------------------- writing

    def update(self, change: Callable[[dict[str, Watched]], T]) -> T:
        """Apply `change` to the list under the lock and save it atomically.

        `change` edits the dict it is given in place and returns a result for the
        caller. If it raises, nothing is written.
        """
        from filelock import FileLock, Timeout  # only writes need the lock

        try:
            os.makedirs(self._dir, exist_ok=True)
            lock = FileLock(self._lock, timeout=LOCK_TIMEOUT)
            with lock:
                self._remove_stale_temporaries()
                entries = self.load()
                before = dict(entries)
                result = change(entries)
                if entries != before:
                    self._write(entries)
                return result
        except Timeout:
            raise self._error(f"is locked by another cryanime for over {LOCK_TIMEOUT} s",
                              f"wait, or remove {self._lock} if no cryanime is running"
                              ) from None
        except PermissionError as exc:
            raise StateError(str(exc.filename or self._dir),
                             "cannot be written: permission denied",
                             "check the permissions, or set CRYANIME_HOME to a writable "
                             "directory") from None
        except OSError as exc:
            raise StateError(str(exc.filename or self._dir),
                             f"cannot be written: {exc.strerror}",
                             "check the disk and the path, or set CRYANIME_HOME") from None

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a writer that was killed mid-write. Only called under
        the lock, so no live writer can own one."""
        import glob

        for leftover in glob.glob(os.path.join(glob.escape(self._dir), ".watched.*.tmp")):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)

    def _write(self, entries: Mapping[str, Watched]) -> None:
        data = {
            "version": VERSION,
            "watched": {
                w.title_id: {"added": w.added, "loved": w.loved}
                for w in sorted(entries.values(), key=lambda w: w.title_id)
            },
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        write_atomically(self._file, text.encode("utf-8"), prefix=".watched.", durable=True)

    # ------------------------------------------------------------ operations

    def add(self, title_ids: Iterable[str], *, loved: bool = False) -> tuple[list[str], list[str]]:
        """Add titles (marking them loved when asked). Returns (added, already there)."""
        return self.merge(dict.fromkeys(title_ids, loved))

    def remove(self, title_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove titles. Returns (removed, were not on the list)."""
        ids = list(dict.fromkeys(title_ids))

        def change(entries: dict[str, Watched]) -> tuple[list[str], list[str]]:
            removed = [i for i in ids if entries.pop(i, None) is not None]
            return removed, [i for i in ids if i not in removed]

        return self.update(change)

    def clear(self) -> int:
        """Empty the list. Returns how many entries there were."""

        def change(entries: dict[str, Watched]) -> int:
            count = len(entries)
            entries.clear()
            return count

        return self.update(change)

    def merge(self, wanted: Mapping[str, bool]) -> tuple[list[str], list[str]]:
        """Add {title id: loved} in one locked write (for imports).
        Returns (added, already there); a loved mark is added, never taken away."""
        def change(entries: dict[str, Watched]) -> tuple[list[str], list[str]]:
            added, present = [], []
            stamp = now()
            for title_id, loved in wanted.items():
                old = entries.get(title_id)
                if old is None:
                    entries[title_id] = Watched(title_id, stamp, loved)
                    added.append(title_id)
                else:
                    present.append(title_id)
                    if loved and not old.loved:
                        entries[title_id] = Watched(title_id, old.added, True)
            return added, present

        return self.update(change)

