"""What a command works on, found once per invocation: the catalogue files and the merged
catalogue (with progress and index warnings on stderr), your lists, config.yml's settings.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .. import output, paths
from ..errors import UnknownThemeError
from .errors import BadConfig

if TYPE_CHECKING:
    from ..catalogue import Candidate, Catalogue
    from ..config import Config
    from ..state import Planned, Watched, WatchedStore

T = TypeVar("T")





class App:
    """What one invocation works on, kept once on the root context (``ctx.obj``, found by
    :func:`current_app` or click's :data:`pass_app` decorator): the global options as
    given, config.yml's settings, whether spoilers were asked for, and the merged
    catalogue once loaded. The global options are read from the root context when asked,
    as --spoilers and shell completion can come before they are all parsed."""

    def __init__(self, root: click.Context) -> None:
        self.root = root
        self.spoilers: bool | None = None  # --spoilers/--no-spoilers, before or after it
        self.markdown = False  # --markdown
        self.titles: str | None = None  # --titles, when given
        self.config: Config | None = None  # config.yml, when there is one
        # config.yml unusable as a whole, or a setting of it: said by the first command
        # that reads it, so that --help, completion and the rest still run
        self.config_error: click.ClickException | None = None
        self.config_problems: dict[str, click.ClickException] = {}
        self.catalogue: Catalogue | None = None  # loaded when a command first needs it

    @property
    def catalogs(self) -> tuple[str, ...]:
        return tuple(self.root.params.get("catalogs") or ())

    @property
    def no_bundled(self) -> bool:
        return bool(self.root.params.get("no_bundled"))

    @property
    def no_pager(self) -> bool:
        return bool(self.root.params.get("no_pager"))


def current_app(ctx: click.Context | None = None) -> App:
    """The invocation's :class:`App`, made on the root context the first time."""
    root = (ctx or click.get_current_context()).find_root()
    if not isinstance(root.obj, App):
        root.obj = App(root)
    return root.obj


pass_app = click.make_pass_decorator(App)


def catalogue_paths(ctx: click.Context | None = None, *, may_be_none: bool = False
                    ) -> list[str]:
    """The catalogue files in use: the bundled one (unless --no-bundled), then those in
    CRYANIME_CATALOG, then each --catalog (or, with none given, config.yml's `catalog`),
    without repeats. None at all is a usage error, unless `may_be_none` (check FILE has
    its own)."""

    app = current_app(ctx)
    found: dict[str, str] = {}
    if not app.no_bundled:
        bundled = paths.bundled_file()
        found[os.path.realpath(bundled)] = bundled
    from_env = [p for p in os.environ.get("CRYANIME_CATALOG", "").split(os.pathsep) if p]
    given = app.catalogs or config_catalogs(ctx)
    for path in [*from_env, *given]:
        found.setdefault(os.path.realpath(path), path)
    if not found and not may_be_none:
        raise click.UsageError("--no-bundled leaves no catalogue: add one with --catalog PATH "
                               "(or CRYANIME_CATALOG).")
    return list(found.values())


def _say_unsaved(directory: str, reason: str) -> None:
    click.echo(f"Warning: cannot save the catalogue index in {directory} ({reason}), so "
               "every run reads the catalogue again — make that folder writable, or point "
               "XDG_CACHE_HOME at one that is.", err=True)


def _say_damaged(file: str) -> None:
    click.echo(f"Warning: the catalogue index {file} was damaged; it is built again from "
               "the catalogue files.", err=True)


def progress_after() -> float:
    """Seconds an index build runs before its progress is shown: 1, or CRYANIME_PROGRESS_AFTER
    (0 shows it at once; the tests use it so that no test depends on the machine's speed)."""
    value = os.environ.get("CRYANIME_PROGRESS_AFTER", "1")
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise click.UsageError(f"CRYANIME_PROGRESS_AFTER={value!r} is not a number of seconds: "
                               "set it to 0 or more, or unset it.")
    return seconds


def get_catalogue(ctx: click.Context | None = None) -> Catalogue:
    """The merged catalogue for this invocation, loaded once."""
    app = current_app(ctx)
    if app.catalogue is None:
        # a build that takes long shows its progress on stderr, when that is a terminal

        from ..indexed import load_indexed

        after = progress_after()
        report = (output.ProgressReport(after) if sys.stderr is not None and sys.stderr.isatty()
                  else None)
        try:
            app.catalogue = load_indexed(catalogue_paths(ctx), report, _say_unsaved,
                                         _say_damaged)
        finally:
            if report is not None:
                report.close()
    return app.catalogue


def find_title(catalogue: Catalogue, query: str) -> Candidate:
    """The title `query` means (:func:`cryanime.matching.find_title`): the matcher is
    imported when a title is looked up, so that --help imports no part of the library."""
    from ..matching import find_title as find

    return find(catalogue, query)


def get_store() -> WatchedStore:
    from ..state import WatchedStore

    return WatchedStore(waiting=_say_waiting)


def _say_waiting(file: str) -> None:
    """A write is waiting for another cryanime's lock: say so, rather than hang silently."""
    click.echo(f"Waiting for another cryanime to finish writing {file} ...", err=True)


def watched_entries() -> dict[str, Watched]:
    """Your watched list as it is on disk, for marking and leaving out titles (a new
    user's is empty, read without importing the list machinery)."""
    return {} if paths.no_lists_yet() else get_store().load()


def planned_entries() -> dict[str, Planned]:
    """Your plan-to-watch list as it is on disk."""
    return {} if paths.no_lists_yet() else get_store().load_plan()


def config_setting(key: str, ctx: click.Context | None = None) -> Any:
    """A setting of config.yml (None when not set, or there is no file). Raises the
    config's error when the file, or this setting of it, cannot be used."""
    require_config(key, ctx=ctx)
    config = current_app(ctx).config
    return config.values.get(key) if config is not None else None


def require_config(*keys: str, ctx: click.Context | None = None) -> None:
    """Stop (exit 2, naming the file and line) when config.yml, or one of these settings
    of it, cannot be used: a command says so when it uses the setting, and only then."""
    app = current_app(ctx)
    if app.config_error is not None:
        raise app.config_error
    for key in keys:
        if key in app.config_problems:
            raise app.config_problems[key]


def config_catalogs(ctx: click.Context | None = None) -> list[str]:
    """config.yml's `catalog` paths: `~` expanded, and a relative one taken from the
    folder config.yml is in (not the current directory)."""
    config = current_app(ctx).config
    paths = config_setting("catalog", ctx) or ()
    folder = os.path.dirname(os.path.abspath(config.file)) if config is not None else ""
    return [os.path.join(folder, os.path.expanduser(p)) for p in paths]


def config_without(catalogue: Catalogue) -> tuple[str, ...]:
    """config.yml's `without`, as theme and warning ids."""
    names = config_setting("without") or ()

    ids = []
    for name in names:
        try:
            ids.append(catalogue.resolve_theme(name, warnings=True))
        except UnknownThemeError as exc:
            config = current_app().config
            assert config is not None  # names came from it
            raise BadConfig(f"{config.where('without')}: 'without': {exc} Fix it there; "
                            "'cryanime themes' lists them all.") from None
    return tuple(ids)
