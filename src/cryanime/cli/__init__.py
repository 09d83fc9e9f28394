"""The command line: parse, call the library, hand the result to render.

``base`` holds the group, the shared options and the error mapping; each other module
adds one group of commands to it.
"""

from __future__ import annotations

from . import browse, check, completion, watched  # noqa: F401  (importing registers the commands)
from .base import cli, main

__all__ = ["cli", "main"]
