"""The `cryanime` group: commands loaded as they are looked up, help sized to the terminal,
global options, config.yml applied, library errors turned into exit codes, and `run`.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from typing import Any

import click

from .. import __version__
from ..constants import TITLE_LANGUAGES
from ..errors import ConfigError, CryanimeError
from ..paths import no_config
from .base import current_app, find_title, get_catalogue
from .errors import BadConfig, translate
from .options import CONFIG_DEFAULTS, spoilers_option
from .params import EndingType, EraType, FilePath

MAX_HELP_WIDTH = 100


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": MAX_HELP_WIDTH}


def help_width(max_width: int) -> int:
    """The width click gives help text (the terminal's columns, at most `max_width`, less
    2, at least 50), with the columns found as shutil.get_terminal_size() finds them but
    without importing shutil, which brings bz2, lzma and fnmatch along (see README,
    Performance). tests/test_guards.py checks that the two agree."""

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
    "list": "browse", "recommend": "recommend", "random": "pick", "show": "browse",
    "themes": "browse", "check": "check", "completion": "completion", "tonight": "tonight",
    "watched": "watched", "plan": "plan", "help": "completion", "stats": "watched",
}


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def _help_option(command: click.Command, ctx: click.Context) -> click.Option | None:
    """The -h/--help option, its help text as written. click's own looks the text up with
    gettext, which imports `locale` and probes for message catalogues on every run, about
    1 ms of a warm run, for words this English-only tool never translates (see README,
    Performance); so does its version option."""
    names = command.get_help_option_names(ctx)
    if not names or not command.add_help_option:
        return None
    if command._help_option is None:  # one object a command, as click keeps it
        command._help_option = click.Option(
            [*names, "_cryanime_help"], is_flag=True, expose_value=False, is_eager=True,
            callback=_show_help, help="Show this message and exit.")
    return command._help_option


class Command(click.Command):
    """A command of cryanime's: its help option built without gettext."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(self, ctx)


class Group(click.Group):
    """A group of commands (`watched`, `plan`): its help option built without gettext."""

    command_class = Command

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(self, ctx)


class CryanimeGroup(Group):
    """The group: its commands are imported when first looked up, and a global option
    given after the command, or a stray word, gets a hint."""

    group_class = Group

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
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
                # the whole command, as typed: 'watched add', not just 'add'
                command = (exc.ctx.command_path.partition(" ")[2] or "COMMAND"
                           if exc.ctx else "COMMAND")
                example = f"cryanime {name} {GLOBAL_OPTIONS[name]}{command}".replace("  ", " ")
                raise click.UsageError(f"{name} is a global option: it goes before the "
                                       f"command, as in '{example}'.", exc.ctx) from None
            raise
        except click.UsageError as exc:
            hint = _extra_argument_hint(exc)
            if hint:
                raise click.UsageError(f"{exc.message}. {hint}", exc.ctx) from None
            raise
        except CryanimeError as exc:  # every library error, whichever command met it
            raise translate(exc) from None


def _apply_config(ctx: click.Context) -> None:
    """Read config.yml (when there is one) and make its settings the defaults of the
    options they name; a value the command line gives replaces them (click's default_map)."""
    app = current_app(ctx)
    if no_config():  # nothing to read: the config machinery is not even imported
        return
    from ..config import load_config

    try:
        config = load_config()
    except ConfigError as exc:  # said by the first command that reads a setting
        app.config_error = BadConfig(str(exc))
        return
    app.config = config
    if config is None:
        return
    app.config_problems = {key: BadConfig(str(problem))
                           for key, problem in config.problems.items()}
    checks = {"era": EraType(), "min_tears": click.IntRange(1, 5),
              "ending": EndingType(allow_any=True), "limit": click.IntRange(min=1),
              "titles": click.Choice(TITLE_LANGUAGES)}
    for key, kind in checks.items():
        if key in config.values:
            try:
                kind.convert(config.values[key], None, None)
            except click.BadParameter as exc:
                app.config_problems[key] = BadConfig(
                    f"{config.where(key)}: {key!r}: {exc.message} — fix it there")
    usable = {key: value for key, value in config.values.items()
              if key not in app.config_problems}
    # `ending: any` in the file means no default ending, as --ending any does
    if usable.get("ending") == "any":
        del usable["ending"]
    ctx.default_map = {
        command: {option: usable[key] for key, option in options.items() if key in usable}
        for command, options in CONFIG_DEFAULTS.items()}


# Options of the group, which go before the command: what each takes, for the example.
GLOBAL_OPTIONS = {"--catalog": "PATH ", "--no-bundled": "", "--no-pager": "", "--version": "",
                  "--spoilers": "", "--no-spoilers": ""}


def _extra_argument_hint(exc: click.UsageError) -> str:
    """For `recommend grief` or `list "your lie"`: the flag that was probably meant."""

    match = re.match(r"Got unexpected extra arguments? \((.+)\)$", exc.message)
    command = exc.ctx.info_name if exc.ctx else ""
    if not match or command not in ("list", "recommend", "random", "tonight"):
        return ""
    words = match.group(1)
    catalogue = get_catalogue(exc.ctx)

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
        title = find_title(catalogue, words)
    except CryanimeError:
        return ""
    if command == "recommend":
        return f"To rank by a title you liked, use --like \"{title.title}\"."
    return f"To see a title, use: cryanime show {title.id}."


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"cryanime, version {__version__}", color=ctx.color)
        ctx.exit()


@click.group(cls=CryanimeGroup, context_settings=CONTEXT)
@click.option("--catalog", "catalogs", multiple=True, metavar="PATH",
              type=FilePath(),
              help="Add a catalogue file of your own (repeatable). CRYANIME_CATALOG adds "
                   "more, separated by the OS path separator.")
@click.option("--no-bundled", is_flag=True, help="Leave the bundled catalogue out.")
@spoilers_option
@click.option("--no-pager", is_flag=True,
              help="Never page long output (by default output taller than the terminal goes "
                   "to $CRYANIME_PAGER, $PAGER or less -FRX).")
@click.option("--version", "-V", is_flag=True, expose_value=False, is_eager=True,
              callback=_show_version, help="Show the version and exit.")
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
