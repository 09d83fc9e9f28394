"""The command line: parse, call the library, hand the result to output.

Library errors become click exceptions here, with the exit codes the README
documents: 0 ok, 1 nothing found / title not found or ambiguous, 2 bad usage or
a bad catalogue file. rich is imported only inside render, when drawing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .. import __version__, output
from ..constants import ENDING_ALIASES, ENDINGS

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..errors import CatalogueError
    from ..query import Era, Query
    from ..state import Planned, Watched, WatchedStore

T = TypeVar("T")

# The library is imported inside the functions below, when a command needs it:
# `cryanime --help` and shell completion then start without loading it (issue 5).

SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "title": lambda t: (t.title.casefold(), t.id),
    "year": lambda t: (t.year, t.title.casefold()),
    "tears": lambda t: (-t.tears, t.title.casefold()),
    # films first (one sitting each), then series from shortest to longest
    "episodes": lambda t: (t.episodes or 0 if t.format == "series" else 0, t.title.casefold()),
}


SHOWN_PROBLEMS = 10  # catalogue problems shown by ordinary commands (check shows all)


class NothingFound(click.ClickException):
    """Exit 1: the filters left nothing, or no such title."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(output.clean(message))  # it may quote catalogue text


class Unusable(NothingFound):
    """Exit 2: an input file cannot be used at all."""

    exit_code = 2


class BadCatalogue(click.ClickException):
    """Exit 2: a catalogue file is missing or invalid."""

    exit_code = 2

    def __init__(self, error: CatalogueError, head: str = "") -> None:
        count = len(error.problems)
        if not head:
            head = ("the catalogue is not valid" if count == 1
                    else f"the catalogue has {count} problems")
        shown = error.problems[:SHOWN_PROBLEMS]
        lines = "\n".join(f"  {output.clean(str(p))}" for p in shown)
        if count > SHOWN_PROBLEMS:
            lines += (f"\n  ... and {count - SHOWN_PROBLEMS} more; 'cryanime check' lists "
                      "them all")
        super().__init__(f"{head}:\n{lines}")


class BadFile(click.ClickException):
    """Exit 2: the watched list or an import file cannot be used (and nothing changed)."""

    exit_code = 2

    def __init__(self, error: Exception) -> None:
        super().__init__(output.clean(str(error)))


def catalogue_paths(ctx: click.Context | None = None) -> list[str]:
    """The catalogue files in use: the bundled one (unless --no-bundled), then those in
    CRYANIME_CATALOG, then each --catalog (or, with none given, config.yml's `catalog`),
    without repeats."""
    from .. import paths

    root = (ctx or click.get_current_context()).find_root()
    found: dict[str, str] = {}
    if not root.params.get("no_bundled"):
        bundled = paths.bundled_file()
        found[os.path.realpath(bundled)] = bundled
    from_env = [p for p in os.environ.get("CRYANIME_CATALOG", "").split(os.pathsep) if p]
    given = root.params.get("catalogs") or [
        os.path.expanduser(p) for p in config_setting("catalog", root) or ()]
    for path in [*from_env, *given]:
        found.setdefault(os.path.realpath(path), path)
    if not found:
        raise click.UsageError("--no-bundled leaves no catalogue: add one with --catalog PATH "
                               "(or CRYANIME_CATALOG).")
    return list(found.values())


def _say_unsaved(directory: str, reason: str) -> None:
    click.echo(f"Warning: cannot save the catalogue cache in {directory} ({reason}), so "
               "every run reads the catalogue again — make that folder writable, or point "
               "XDG_CACHE_HOME at one that is.", err=True)


def progress_after() -> float:
    """Seconds a cache build runs before its progress is shown: 1, or CRYANIME_PROGRESS_AFTER
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
    root = (ctx or click.get_current_context()).find_root()
    if "cryanime.catalogue" not in root.meta:
        # a build that takes long shows its progress on stderr, when that is a terminal
        import sys

        from ..cache import load_cached
        from ..errors import CatalogueError

        after = progress_after()
        report = (output.ProgressReport(after) if sys.stderr is not None and sys.stderr.isatty()
                  else None)
        try:
            root.meta["cryanime.catalogue"] = load_cached(catalogue_paths(root), report,
                                                          _say_unsaved)
        except CatalogueError as exc:
            raise BadCatalogue(exc) from None
        finally:
            if report is not None:
                report.close()
    return root.meta["cryanime.catalogue"]


def get_store() -> WatchedStore:
    from ..state import WatchedStore

    return WatchedStore(waiting=_say_waiting)


def _say_waiting(file: str) -> None:
    """A write is waiting for another cryanime's lock: say so, rather than hang silently."""
    click.echo(f"Waiting for another cryanime to finish writing {file} ...", err=True)


def store_call(action: Callable[[], T]) -> T:
    """Run a change to the watched list; a StateError becomes exit 2 with its message."""
    from ..errors import StateError

    try:
        return action()
    except StateError as exc:
        raise BadFile(exc) from None


def watched_entries() -> dict[str, Watched]:
    """Your watched list as it is on disk, for marking and leaving out titles."""
    return store_call(lambda: get_store().load())


def planned_entries() -> dict[str, Planned]:
    """Your plan-to-watch list as it is on disk."""
    return store_call(lambda: get_store().load_plan())


def planned_option(command: Callable) -> Callable:
    return click.option("--planned", is_flag=True,
                        help="Pick only from your plan-to-watch list.")(command)


def deep_cuts_option(command: Callable) -> Callable:
    return click.option("--deep-cuts/--no-deep-cuts", "deep_cuts", default=None,
                        help="Favour titles few saddest-anime lists name that hit as hard "
                             "(deep_cuts: true in config.yml makes it the default).")(command)


def deep(given: bool | None) -> bool:
    """--deep-cuts or --no-deep-cuts as given, else config.yml's `deep_cuts`."""
    return bool(config_setting("deep_cuts")) if given is None else given


# ----------------------------------------------------------------- parameters


class ThemeType(click.ParamType):
    """A theme by id, name or alias, any case; with ``warnings``, a warning too."""

    name = "theme"

    def __init__(self, *, warnings: bool = False) -> None:
        self.warnings = warnings

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..errors import UnknownThemeError

        try:
            return get_catalogue(ctx).resolve_theme(str(value), warnings=self.warnings)
        except UnknownThemeError as exc:
            self.fail(f"{exc} Run 'cryanime themes' to see them all.", param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        from ..cache import load_vocabulary

        try:
            rows = load_vocabulary(catalogue_paths(ctx))  # TAB should be instant
            if rows is None:
                rows = get_catalogue(ctx).vocabulary_rows()
        except click.ClickException:
            return []
        prefix = incomplete.casefold()
        return [
            CompletionItem(theme_id, help=description)
            for kind, theme_id, name, description in rows
            if (kind == "theme" or self.warnings)
            and (theme_id.startswith(prefix) or name.casefold().startswith(prefix))
        ]


class EndingType(click.ParamType):
    """hopeful, bittersweet or devastating (devastated too), any case; with `any`, that
    word means no filter (None)."""

    name = "ending"

    def __init__(self, *, allow_any: bool = False) -> None:
        self.words = [*ENDINGS, *(["any"] if allow_any else [])]

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.words) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> str | None:
        text = str(value).strip().lower()
        text = ENDING_ALIASES.get(text, text)
        if text in self.words:
            return None if text == "any" else text
        self.fail(f"{value!r} is not an ending; use one of {', '.join(self.words)}.",
                  param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        return [CompletionItem(w) for w in self.words if w.startswith(incomplete.lower())]


class EraType(click.ParamType):
    name = "era"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        decades = [f"{decade}s" for decade in range(1960, 2030, 10)]
        return [CompletionItem(d) for d in decades if d.startswith(incomplete)]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Era:
        from ..errors import EraError
        from ..query import Era, parse_era

        if isinstance(value, Era):
            return value

        try:
            return parse_era(str(value))
        except EraError as exc:
            self.fail(str(exc), param, ctx)


def complete_title(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Every title that fits what was typed, by id, in id order."""
    return _complete_among(ctx, incomplete, None)


def _complete_on(entries: Callable[[], Any]) -> Callable[..., list]:
    """Completion of the titles on one of your lists only (for `watched remove`, `plan
    remove`)."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        try:
            ids = entries().keys()
        except click.ClickException:
            return []
        return _complete_among(ctx, incomplete, ids)

    return complete


complete_watched = _complete_on(lambda: watched_entries())
complete_planned = _complete_on(lambda: planned_entries())


def _complete_among(ctx: click.Context, incomplete: str, ids: Any) -> list:
    from click.shell_completion import CompletionItem

    try:
        catalogue = get_catalogue(ctx)
    except click.ClickException:
        return []
    from ..matching import complete

    titles = catalogue.candidates if ids is None else catalogue.with_ids(ids)
    return [CompletionItem(t.id, help=t.title) for t in complete(titles, incomplete)]


FILTERS = {
    "theme": click.option("--theme", "-t", "themes", multiple=True, type=ThemeType(),
                          help="Only titles with this theme (repeatable: every one of them). "
                               "Id, name or alias."),
    "without": click.option("--without", multiple=True, type=ThemeType(warnings=True),
                            metavar="THEME_OR_WARNING",
                            help="Leave out titles carrying this theme or warning (repeatable)."),
    "film": click.option("--film", is_flag=True, help="Films only."),
    "series": click.option("--series", is_flag=True, help="Series only."),
    "era": click.option("--era", type=EraType(),
                        help="1980s, 80s, 2011, 2005-2012, 2010- or -1999."),
    "max-episodes": click.option("--max-episodes", type=click.IntRange(min=1), metavar="N",
                                 help="Series of at most N episodes (films pass)."),
    "min-tears": click.option("--min-tears", type=click.IntRange(1, 5), metavar="N",
                              help="Titles that hit at least this hard (1-5)."),
    "ending": click.option("--ending", type=EndingType(),
                           help="How it leaves you (devastated means devastating)."),
}


WISHED_THEME = click.option(
    "--theme", "-t", "themes", multiple=True, type=ThemeType(),
    help="A theme you wish for (repeatable): a pick carries at least one, and ranks higher "
         "for carrying more. Id, name or alias.")


def filter_options(command: Callable | None = None, *, only: tuple[str, ...] = (),
                   wishes: bool = False) -> Callable:
    """The filters shared by list, recommend and random (or `only` some of them); with
    `wishes`, --theme is a wish (recommend) rather than a filter."""

    def apply(command: Callable) -> Callable:
        for name in reversed(only or tuple(FILTERS)):
            command = (WISHED_THEME if wishes and name == "theme" else FILTERS[name])(command)
        return command

    return apply(command) if command is not None else apply


def _note_spoilers(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().meta["cryanime.spoilers"] = True


def spoilers_option(command: Callable) -> Callable:
    """--spoilers, taken before the command or after it (`cryanime --spoilers show X` or
    `cryanime show X --spoilers`)."""
    return click.option("--spoilers", is_flag=True, expose_value=False, callback=_note_spoilers,
                        help="Show the themes that would give a twist away (hidden by "
                             "default; --json always has them).")(command)


def show_spoilers(ctx: click.Context | None = None) -> bool:
    """--spoilers given, or `spoilers: true` in config.yml."""
    ctx = ctx or click.get_current_context()
    return bool(ctx.find_root().meta.get("cryanime.spoilers") or config_setting("spoilers", ctx))


def output_options(command: Callable) -> Callable:
    """--json and --plain; --spoilers goes with them, as it too changes what is shown."""
    command = spoilers_option(command)
    command = click.option("--plain", is_flag=True,
                           help="Tab-separated lines even on a terminal.")(command)
    return click.option("--json", "as_json", is_flag=True,
                        help="JSON on stdout (keys documented in the README).")(command)


def build_query(themes: tuple[str, ...] = (), without: tuple[str, ...] = (), film: bool = False,
                series: bool = False, era: Era | None = None, max_episodes: int | None = None,
                min_tears: int | None = None, ending: str | None = None) -> Query:
    if film and series:
        raise click.UsageError("--film and --series exclude each other; give one, or neither "
                               "for both.")
    from ..query import Query

    if config_setting("without"):  # config.yml's `without` adds to the command line's
        without = (*config_without(get_catalogue()), *without)
    return Query(
        themes=tuple(dict.fromkeys(themes)),
        without=tuple(dict.fromkeys(without)),
        format="film" if film else "series" if series else None,
        era=era,
        max_episodes=max_episodes,
        min_tears=min_tears,
        ending=ending.lower() if ending else None,
    )


def output_view(as_json: bool, plain: bool) -> output.View:
    """How this command shows its output, chosen once: the form (--json, --plain or a
    terminal), spoiler themes (--spoilers) and the pager (--no-pager)."""
    if as_json and plain:
        raise click.UsageError("--json and --plain exclude each other; pick one.")
    root = click.get_current_context().find_root()
    return output.choose_view(as_json, plain, spoilers=show_spoilers(),
                              pager=not root.params.get("no_pager"))


def find_title(catalogue: Catalogue, query: str) -> Any:
    from ..errors import AmbiguousTitleError, TitleNotFoundError, TitleTooLongError

    try:
        return catalogue.find_title(query)
    except TitleTooLongError as exc:
        raise click.UsageError(str(exc)[0].upper() + str(exc)[1:]) from None
    except AmbiguousTitleError as exc:
        raise NothingFound(f"{exc} Say more of the title, or use its id.") from None
    except TitleNotFoundError as exc:
        raise NothingFound(f"{exc} Run 'cryanime list' to see every title.") from None


def nothing_found(view: output.View, message: str) -> NothingFound:
    """Exit 1; in JSON mode stdout still gets a valid (empty) document."""
    if view.form is output.Form.JSON:
        output.print_json([])
    return NothingFound(message)


# ------------------------------------------------------------------- commands

MAX_HELP_WIDTH = 100
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": MAX_HELP_WIDTH}


def help_width(max_width: int) -> int:
    """The width click gives help text (the terminal's columns, at most `max_width`, less
    2, at least 50), with the columns found as shutil.get_terminal_size() finds them but
    without importing shutil, which brings bz2, lzma and fnmatch along (see README,
    Performance). tests/test_guards.py checks that the two agree."""
    import sys

    if click.formatting.FORCED_WIDTH is not None:  # click's test runner sets 80
        return click.formatting.FORCED_WIDTH
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__  # None without a stdout: the AttributeError below
            columns = os.get_terminal_size(stdout.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, max_width) - 2, 50)

# Which module of this package defines each command. A run imports only the module of
# the command it runs; --help imports all.
COMMAND_MODULES = {
    "list": "browse", "recommend": "browse", "random": "browse", "show": "browse",
    "themes": "browse", "check": "check", "completion": "completion", "tonight": "tonight",
    "watched": "watched", "plan": "plan",
}


class CryanimeGroup(click.Group):
    """The group: its commands are imported when first looked up, and a global option
    given after the command, or a stray word, gets a hint."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        import importlib

        modules = [COMMAND_MODULES[cmd_name]] if cmd_name in COMMAND_MODULES else None
        # An unknown name loads every command, so that click can suggest the closest.
        for module in modules or sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(f"{__package__}.{module}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        # the help width, given, spares click importing shutil to find it (commands'
        # contexts inherit it)
        extra.setdefault("terminal_width", help_width(MAX_HELP_WIDTH))
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as exc:
            if exc.option_name in GLOBAL_OPTIONS:
                name = exc.option_name
                command = exc.ctx.info_name if exc.ctx else "COMMAND"
                example = f"cryanime {name} {GLOBAL_OPTIONS[name]}{command}".replace("  ", " ")
                raise click.UsageError(f"{name} is a global option: it goes before the "
                                       f"command, as in '{example}'.", exc.ctx) from None
            raise
        except click.UsageError as exc:
            hint = _extra_argument_hint(exc)
            if hint:
                raise click.UsageError(f"{exc.message}. {hint}", exc.ctx) from None
            raise


# Which settings of config.yml are defaults for which commands' options: command ->
# {setting: option name}. `without` adds to --without (build_query); `catalog` and
# `spoilers` are global (catalogue_paths, show_spoilers).
CONFIG_DEFAULTS = {
    "list": {"era": "era", "min_tears": "min_tears", "ending": "ending"},
    "recommend": {"era": "era", "min_tears": "min_tears", "ending": "ending", "limit": "limit"},
    "random": {"era": "era", "min_tears": "min_tears", "ending": "ending"},
    "tonight": {"era": "era", "ending": "ending_answer"},
}


CONFIG_NOTE = ("Defaults for --without, --era, --min-tears, --ending, -n, --catalog and "
               "--spoilers can come from config.yml in your config directory, or the file "
               "$CRYANIME_CONFIG names (see the README); a flag given here wins, and "
               "--without adds to the file's.")


class BadConfig(click.ClickException):
    """Exit 2: the config file cannot be used, and nothing runs."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(output.clean(message))


def _apply_config(ctx: click.Context) -> None:
    """Read config.yml (when there is one) and make its settings the defaults of the
    options they name; a value the command line gives replaces them (click's default_map)."""
    from ..config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as exc:
        raise BadConfig(str(exc)) from None
    ctx.meta["cryanime.config"] = config
    if config is None:
        return
    checks = {"era": EraType(), "min_tears": click.IntRange(1, 5), "ending": EndingType(),
              "limit": click.IntRange(min=1)}
    for key, kind in checks.items():
        if key in config.values:
            try:
                kind.convert(config.values[key], None, None)
            except click.BadParameter as exc:
                raise BadConfig(f"{config.where(key)}: {key!r}: {exc.message} — fix it there"
                                ) from None
    ctx.default_map = {
        command: {option: config.values[key] for key, option in options.items()
                  if key in config.values}
        for command, options in CONFIG_DEFAULTS.items()}


def config_setting(key: str, ctx: click.Context | None = None) -> Any:
    """A setting of config.yml (None when not set, or there is no file)."""
    config = (ctx or click.get_current_context()).find_root().meta.get("cryanime.config")
    return config.values.get(key) if config is not None else None


def config_without(catalogue: Catalogue) -> tuple[str, ...]:
    """config.yml's `without`, as theme and warning ids."""
    names = config_setting("without") or ()
    from ..errors import UnknownThemeError

    ids = []
    for name in names:
        try:
            ids.append(catalogue.resolve_theme(name, warnings=True))
        except UnknownThemeError as exc:
            config = click.get_current_context().find_root().meta["cryanime.config"]
            raise BadConfig(f"{config.where('without')}: 'without': {exc} Fix it there; "
                            "'cryanime themes' lists them all.") from None
    return tuple(ids)


# Options of the group, which go before the command: what each takes, for the example.
GLOBAL_OPTIONS = {"--catalog": "PATH ", "--no-bundled": "", "--no-pager": "", "--version": ""}


def _extra_argument_hint(exc: click.UsageError) -> str:
    """For `recommend grief` or `list "your lie"`: the flag that was probably meant."""
    import re

    match = re.match(r"Got unexpected extra arguments? \((.+)\)$", exc.message)
    command = exc.ctx.info_name if exc.ctx else ""
    if not match or command not in ("list", "recommend", "random", "tonight"):
        return ""
    words = match.group(1)
    catalogue = get_catalogue(exc.ctx)
    from ..errors import CryanimeError

    for parts in ([words], words.split()):  # "first love" is one theme, "grief war" two
        themes = []
        for part in parts:
            try:
                themes.append(catalogue.resolve_theme(part))
            except CryanimeError:
                break
        else:
            flags = " ".join(f"--theme {t}" for t in themes)
            return f"To ask for a theme, use {flags}."
    try:
        title = catalogue.find_title(words)
    except CryanimeError:
        return ""
    if command == "recommend":
        return f"To rank by a title you liked, use --like \"{title.title}\"."
    return f"To see a title, use: cryanime show {title.id}."


@click.group(cls=CryanimeGroup, context_settings=CONTEXT)
@click.option("--catalog", "catalogs", multiple=True, metavar="PATH",
              type=click.Path(),
              help="Add a catalogue file of your own (repeatable). CRYANIME_CATALOG adds "
                   "more, separated by the OS path separator.")
@click.option("--no-bundled", is_flag=True, help="Leave the bundled catalogue out.")
@spoilers_option
@click.option("--no-pager", is_flag=True,
              help="Never page long output (by default output taller than the terminal goes "
                   "to $CRYANIME_PAGER, $PAGER or less -FRX).")
@click.version_option(__version__, prog_name="cryanime")
def cli(catalogs: tuple[str, ...], no_bundled: bool, no_pager: bool) -> None:
    """Find an anime that will make you cry tonight.

    An offline recommender over a hand-curated catalogue of sad, emotional
    anime. Filter by theme, format and era; get ranked picks that say why.

    \b
    Examples:
      cryanime recommend --theme grief
      cryanime list --film --era 2010s
      cryanime random --min-tears 4
      cryanime show "your lie"
      cryanime watched add clannad --loved
      cryanime --catalog my-titles.yaml list

    Defaults for --without, -n, --era, --min-tears, --ending, --catalog and
    --spoilers can come from config.yml in your config directory (or the file
    $CRYANIME_CONFIG names); see the README.
    """
    _apply_config(click.get_current_context())


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code; errors are shown, never raised."""
    try:
        result = cli.main(args=argv, prog_name="cryanime", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort as exc:
        # click turns Ctrl-C at a prompt into Abort ("raise Abort() from None": the
        # KeyboardInterrupt is still its context); that is an interrupt, exit 130
        if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        click.echo("Aborted.", err=True)
        return 1
    return result if isinstance(result, int) else 0
