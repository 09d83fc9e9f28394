"""How this invocation shows what it prints (the View, chosen once), the console and the pager,
and the helpers every form shares: text made safe, counts in words, progress on stderr.
"""

# No `from __future__ import annotations`: see the note in records.py (View).
import contextlib
import enum
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console



_BIDI = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C}


_JSON_RAW = {code: f"\\u{code:04x}" for code in (  # for str.translate: no regex to compile
    *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2066, 0x206A))}


def clean(text: str) -> str:
    """Make control characters visible: no raw ESC, BEL, CR or bidi override gets out."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\t\n":
            out.append(" ")
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def count(n: int, noun: str) -> str:
    """'1 title', '9 titles', '0 titles'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def make_console(*, stderr: bool = False) -> "Console":
    """A rich console for this invocation, honouring NO_COLOR, TERM=dumb, FORCE_COLOR, and
    COLUMNS even on a dumb terminal (where rich would assume 80)."""
    from rich.console import Console

    columns, lines = os.environ.get("COLUMNS", ""), os.environ.get("LINES", "")
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown") and columns.isdigit():
        # rich gives a dumb terminal 80 x 25 unless it is given both
        height = int(lines) if lines.isdigit() else 25
        return Console(stderr=stderr, highlight=False, emoji=False, width=int(columns) or 80,
                       height=height or 25)
    return Console(stderr=stderr, highlight=False, emoji=False)


class ProgressReport:
    """Long work shown on stderr: `report(what, done, total)` calls draw rich's progress
    display (what, how far, how long left) once the work has taken `after` seconds, and
    nothing before; the CLI makes one only when stderr is a terminal. `close()` at the end
    takes the display away (it is transient). `clock` is injectable so that tests never
    depend on how fast the machine is."""

    def __init__(self, after: float = 1.0, clock: Callable[[], float] | None = None) -> None:

        self.clock = clock or time.monotonic
        self.start = self.clock()
        self.after = after
        self.display: Any = None
        self.task: Any = None

    def __call__(self, what: str, done: int, total: int) -> None:
        if self.display is None:
            if self.clock() - self.start < self.after:
                return
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self.display = Progress(TextColumn("{task.description}"), BarColumn(),
                                    TaskProgressColumn(), TimeRemainingColumn(),
                                    console=make_console(stderr=True), transient=True)
            self.display.start()
            self.task = self.display.add_task(what, total=total)
        self.display.update(self.task, description=f"Building the catalogue index: {what}",
                            completed=done, total=total)

    def close(self) -> None:
        if self.display is not None:
            self.display.stop()
            self.display = None


class Form(enum.Enum):
    JSON = "json"
    PLAIN = "plain"
    RICH = "rich"
    MARKDOWN = "markdown"


class View(NamedTuple):
    """How this invocation shows what it prints; chosen once, by the CLI."""

    form: Form
    spoilers: bool = False  # show the themes that would give a twist away
    pager: bool = True  # page rich output taller than the terminal
    err: bool = False  # draw on stderr (tonight's offers while stdout is redirected)
    titles: str = "english"  # the name a title goes by: english, romaji or native


NARROW = 70  # columns below which a list table would squeeze its titles: compact lines


DEFAULT_PAGER = "less -FRX"


def terminal_by_rich_rules() -> bool:
    """Whether stdout is a terminal by rich's rules (Console.is_terminal). Unless
    FORCE_COLOR or TTY_COMPATIBLE is set, rich asks stdout's isatty() and goes by a False:
    a pipe or a file is told apart without importing rich (about 20 ms, all that a piped
    run would otherwise spend on it); the rest is rich's to say."""
    if "FORCE_COLOR" not in os.environ and "TTY_COMPATIBLE" not in os.environ:
        isatty = getattr(sys.stdout, "isatty", None)
        try:
            if isatty is None or not isatty():
                return False
        except ValueError:  # a closed stdout, which rich calls no terminal too
            return False
    return bool(make_console().is_terminal)


def choose_view(as_json: bool, plain: bool, *, spoilers: bool = False,
                pager: bool = True, markdown: bool = False, titles: str = "english") -> View:
    if as_json:
        form = Form.JSON
    elif markdown:
        form = Form.MARKDOWN
    elif plain or not terminal_by_rich_rules():
        form = Form.PLAIN
    else:
        form = Form.RICH
    return View(form, spoilers, pager, titles=titles)


@contextlib.contextmanager
def on_screen(view: View) -> Iterator["Console"]:
    """A console to draw on. On a real terminal, output taller than the screen goes to
    the pager ($CRYANIME_PAGER, else $PAGER, else `less -FRX`), the way git does it."""
    console = make_console(stderr=view.err)
    paging = (view.pager and not view.err and console.is_terminal
              and sys.stdout is not None and sys.stdout.isatty())
    if not paging:
        yield console
        return
    with console.capture() as captured:
        yield console
    text = captured.get()
    if text.count("\n") < console.height or not through_pager(text):
        sys.stdout.write(text)


def pager_command() -> str:
    """$CRYANIME_PAGER, else $PAGER, else `less -FRX`: the first that is set, even empty,
    as git reads GIT_PAGER and PAGER; an empty one means no pager."""
    for name in ("CRYANIME_PAGER", "PAGER"):
        if name in os.environ:
            return os.environ[name].strip()
    return DEFAULT_PAGER


def through_pager(text: str) -> bool:
    """Show `text` through the pager; False when there is none to run (print it then)."""
    command = pager_command()
    if not command or command == "cat":
        return False
    import signal
    import subprocess

    data = text.encode(sys.stdout.encoding or "utf-8", errors="backslashreplace")
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
    except OSError:
        return False
    # Ctrl-C while the pager runs is the pager's (less takes it to stop a search): like
    # git, cryanime waits for the pager instead of leaving it reading the keyboard.
    try:
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (a library caller's): nothing to change
        interrupt = None
    try:
        with contextlib.suppress(BrokenPipeError, OSError):  # the reader quit early: fine
            process.communicate(data)
        process.wait()
    finally:
        if interrupt is not None:
            signal.signal(signal.SIGINT, interrupt)
    return process.returncode != 127  # "command not found": print it instead


def safe_text(value: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(clean(value), style=style)


def as_printed(text: str, console: "Console") -> str:
    """`text` as the console's stream will print it: on a terminal that cannot encode a
    character, its backslash escape (as the stream writes it), so that rich measures
    what is printed and a box stays closed."""
    encoding = console.encoding or "utf-8"
    if utf_console(console):
        return text
    return text.encode(encoding, "backslashreplace").decode(encoding, "replace")


def utf_console(console: "Console") -> bool:
    return console.encoding.lower().startswith("utf")
