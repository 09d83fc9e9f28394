"""Your own lists: what you have watched (loved, and how hard it hit you), and what you
plan to watch.

They live in ``watched.json`` in the user data directory (platformdirs' ``cryanime``
directory, or ``$CRYANIME_HOME``)::

    {"version": 2,
     "watched": {"clannad": {"added": "2026-11-26T01:59:37+00:00", "loved": true,
                             "my_tears": 5}},
     "plan": {"anohana": {"added": "2026-11-27T20:10:00+00:00"}}}

The format, its versions and what is kept is :mod:`cryanime.listfile`'s; version 1 is
upgraded to version 2 the first time anything is written. A version newer than this
cryanime reads is refused ("upgrade cryanime").

Writes are serialised across processes with a lock file (filelock) and are atomic: the new
list goes to a temporary file beside the real file (through a symbolic link), is flushed
and fsynced, and replaces the old one with ``os.replace``, keeping its mode; a file that is
not writable is refused, never replaced. A reader therefore sees the old list or the new one, never
half of one, and a process killed mid-write leaves the old list intact. A file that is
corrupt, of an unknown version or unreadable raises StateError and is never overwritten.
"""

# No `from __future__ import annotations`: see the note in records.py.

import contextlib
import datetime
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import StateError
from .files import FileProblem, read_regular, writable_target, write_atomically
from .listfile import VERSION, Lists, Merged, Planned, Watched, dump_lists, parse_lists
from .paths import LISTS_FILE, data_dir

__all__ = ["VERSION", "Lists", "Merged", "Planned", "Watched", "WatchedStore", "data_dir"]

if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path

# Paths are kept as strings (os.path, not pathlib: see README, Performance). The Path
# properties below are for callers.

FILE_NAME = LISTS_FILE
LOCK_TIMEOUT = 30  # seconds to wait for another cryanime to finish writing
LOCK_NOTICE = 1  # seconds of waiting for the lock before saying so
STATE_LIMIT = 64 * 2**20  # a list of every anime ever made is far smaller
T = TypeVar("T")


def now() -> str:

    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class WatchedStore:
    """The watched list on disk. Every change is one locked read-modify-write."""

    def __init__(self, directory: "str | PathLike[str] | None" = None,
                 waiting: "Callable[[str], None] | None" = None) -> None:
        self._dir = os.fspath(directory) if directory is not None else data_dir()
        self._file = os.path.join(self._dir, FILE_NAME)
        self._lock = self._file + ".lock"
        # told (with the file) when a write has waited LOCK_NOTICE s for another cryanime
        self._waiting = waiting

    @property
    def directory(self) -> "Path":
        from pathlib import Path

        return Path(self._dir)

    @property
    def path(self) -> "Path":
        """The watched.json file."""
        from pathlib import Path

        return Path(self._file)

    @property
    def lock_path(self) -> "Path":
        from pathlib import Path

        return Path(self._lock)

    # ----------------------------------------------------------------- reading

    def load(self) -> dict[str, Watched]:
        """The watched list as it is on disk now (empty when there is no file yet)."""
        return self.load_lists().watched

    def load_plan(self) -> dict[str, Planned]:
        """The plan-to-watch list as it is on disk now."""
        return self.load_lists().plan

    def load_lists(self) -> Lists:
        """Both lists as they are on disk now (empty when there is no file yet)."""

        self._check_directory()
        try:
            raw = read_regular(self._file, limit=STATE_LIMIT, what="your watched.json")
        except FileNotFoundError:
            return Lists({}, {})
        except FileProblem as exc:
            fix = ("move it out of the way; cryanime will then start a new list"
                   if exc.message.startswith("is a directory") else exc.fix)
            raise self._error(exc.message, fix) from None
        return parse_lists(raw, self._file)

    def _check_directory(self) -> None:
        if os.path.exists(self._dir) and not os.path.isdir(self._dir):
            raise StateError(self._dir, "is a file, not a folder, so it cannot hold your lists",
                             "point CRYANIME_HOME at a folder, or move the file away")

    def _error(self, message: str, fix: str) -> StateError:
        return StateError(self._file, message, fix)

    # ----------------------------------------------------------------- writing

    def update(self, change: Callable[[Lists], T]) -> T:
        """Apply `change` to the lists under the lock and save them atomically.

        `change` edits the dicts of the Lists it is given in place and returns a result
        for the caller. If it raises, nothing is written. A version 1 file is written
        back as version 2 only when something changed.
        """
        from filelock import FileLock, Timeout  # only writes need the lock


        self._check_directory()
        try:
            os.makedirs(self._dir, exist_ok=True)
            lock = FileLock(self._lock, timeout=LOCK_TIMEOUT)
            try:
                lock.acquire(timeout=LOCK_NOTICE)
            except Timeout:
                if self._waiting is not None:
                    self._waiting(self._file)
                lock.acquire(timeout=LOCK_TIMEOUT - LOCK_NOTICE)
            try:
                lists = self.load_lists()
                before = Lists(dict(lists.watched), dict(lists.plan), lists.extra)
                result = change(lists)
                if lists != before:  # a change that changes nothing writes nothing
                    target = writable_target(self._file)
                    self._remove_stale_temporaries(os.path.dirname(target))
                    write_atomically(target, dump_lists(lists), prefix=".watched.",
                                     durable=True)
                return result
            finally:
                lock.release()
        except FileProblem as exc:
            raise StateError(exc.file, exc.message, exc.fix) from None
        except Timeout:
            raise self._error(f"is locked by another cryanime for over {LOCK_TIMEOUT} s",
                              f"wait, or remove {self._lock} if no cryanime is running"
                              ) from None
        except PermissionError as exc:
            where = str(exc.filename or self._dir)
            if not os.path.exists(where):  # a file it could not create: its folder is at fault
                where = os.path.dirname(where) or "."
            raise StateError(where, "cannot be written: permission denied",
                             "make the folder writable, or set CRYANIME_HOME to a writable "
                             "folder") from None
        except OSError as exc:
            raise StateError(str(exc.filename or self._dir),
                             f"cannot be written: {exc.strerror}",
                             "check the disk and the path, or set CRYANIME_HOME") from None

    def _remove_stale_temporaries(self, directory: str) -> None:
        """Temporary files left by a writer that was killed mid-write. Only called under
        the lock, so no live writer can own one."""

        import glob  # only a write needs it (tests/test_guards.py pins it off read paths)

        for leftover in glob.glob(os.path.join(glob.escape(directory), ".watched.*.tmp")):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)

    # ------------------------------------------------------------ operations

    def add(self, title_ids: Iterable[str], *, loved: bool = False,
            my_tears: int | None = None) -> tuple[list[str], list[str]]:
        """Add titles (marking them loved, and how hard they hit, when given).
        Returns (added, already there)."""
        ids = list(dict.fromkeys(title_ids))
        merged = self.merge(dict.fromkeys(ids, loved), dict.fromkeys(ids, my_tears))
        return merged.added, merged.present

    def remove(self, title_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove titles. Returns (removed, were not on the list)."""
        return self.update(lambda lists: _remove(lists.watched, title_ids))

    def clear(self) -> int:
        """Empty the watched list. Returns how many entries there were."""

        def change(lists: Lists) -> int:
            count = len(lists.watched)
            lists.watched.clear()
            return count

        return self.update(change)

    def merge(self, wanted: Mapping[str, bool], my_tears: Mapping[str, int | None] = {},
              plan: Iterable[str] = (), *, dry_run: bool = False) -> Merged:
        """Add {title id: loved} (and your tears where given) in one locked write, and put
        the `plan` ids on the plan-to-watch list unless watched (for imports). A title
        marked watched leaves the plan. A loved mark or your tears are added or updated,
        never taken away. With `dry_run`, says what it would do and writes nothing (no
        lock, no folder made)."""
        plan = list(plan)

        def change(lists: Lists) -> Merged:
            result = Merged([], [], [], [])
            stamp = now()
            for title_id, loved in wanted.items():
                old = lists.watched.get(title_id)
                tears = my_tears.get(title_id)
                if old is None:
                    lists.watched[title_id] = Watched(title_id, stamp, loved, tears)
                    result.added.append(title_id)
                else:
                    result.present.append(title_id)
                    lists.watched[title_id] = old._replace(
                        loved=old.loved or loved,
                        my_tears=tears if tears is not None else old.my_tears)
                if loved and (old is None or not old.loved):
                    result.loved.append(title_id)
                lists.plan.pop(title_id, None)
            for title_id in plan:
                if title_id not in lists.watched and title_id not in lists.plan:
                    lists.plan[title_id] = Planned(title_id, stamp)
                    result.planned.append(title_id)
            return result

        if dry_run:
            return change(self.load_lists())
        return self.update(change)

    def plan_add(self, title_ids: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
        """Put titles on the plan-to-watch list. Returns (added, already planned,
        already watched: not planned)."""
        ids = list(dict.fromkeys(title_ids))

        def change(lists: Lists) -> tuple[list[str], list[str], list[str]]:
            added, present, seen = [], [], []
            stamp = now()
            for title_id in ids:
                if title_id in lists.watched:
                    seen.append(title_id)
                elif title_id in lists.plan:
                    present.append(title_id)
                else:
                    lists.plan[title_id] = Planned(title_id, stamp)
                    added.append(title_id)
            return added, present, seen

        return self.update(change)

    def plan_remove(self, title_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Take titles off the plan. Returns (removed, were not on it)."""
        return self.update(lambda lists: _remove(lists.plan, title_ids))


def _remove(entries: dict[str, Any], title_ids: Iterable[str]) -> tuple[list[str], list[str]]:
    ids = list(dict.fromkeys(title_ids))
    removed = [i for i in ids if entries.pop(i, None) is not None]
    return removed, [i for i in ids if i not in removed]
