"""The command line: parse, call the library, hand the result to output.

``group`` holds the group and turns library errors into exit codes (``errors``),
``base`` what commands work on, ``params`` and ``options`` what they share; each other
module adds one group of commands. This module stays tiny so that the entry point can
catch Ctrl-C and closed streams before anything heavy is imported.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
from typing import Any

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name == "cli":  # the whole group, every command loaded (for tests and tools)
        from . import browse, check, completion, pick, plan, recommend, tonight, watched  # noqa: F401
        from .group import cli

        return cli
    raise AttributeError(name)


def _usable_streams() -> None:
    """Closed standard streams become /dev/null; unencodable text becomes escapes."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:  # the descriptor was closed when we started
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        # An ASCII-only terminal gets \u escapes instead of a UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush stays quiet."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def main(argv: list[str] | None = None) -> None:
    """The console-script entry point: exit 0, 1, 2 as documented, 130 on Ctrl-C."""
    # One run lasts well under a second and leaves little cyclic garbage; the collector
    # would only walk thousands of live titles again and again. Re-enabled on the way
    # out, so a library caller or a test that calls main() keeps its collector.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _usable_streams()
        from .group import run  # commands are imported as they are looked up

        code = run(argv)
        sys.stdout.flush()  # surface a broken pipe here, not at interpreter exit
    except KeyboardInterrupt:
        with contextlib.suppress(OSError):
            print("Interrupted.", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        _quiet_stdout()
        code = 1
    finally:
        if was_enabled:
            gc.enable()
    _no_last_collection()
    sys.exit(code)


def _no_last_collection() -> None:
    """Freeze what is alive once the interpreter exits, so that the exit's own collection
    walks none of it: about 10 ms after a 1,000-title cold start, a few after a warm one;
    the system takes the memory back whole. (A caller that catches SystemExit keeps its
    collector until its own exit; registered at most once however often main runs.)"""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
