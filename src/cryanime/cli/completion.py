"""`cryanime completion`: the shell completion scripts."""

from __future__ import annotations

import click

from .group import cli


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    Themes and titles complete too.

    \b
    Examples:
      eval "$(cryanime completion bash)"      # in ~/.bashrc
      eval "$(cryanime completion zsh)"       # in ~/.zshrc
      cryanime completion fish > ~/.config/fish/completions/cryanime.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None  # click.Choice already limited SHELL to known shells
    click.echo(cls(cli, {}, "cryanime", "_CRYANIME_COMPLETE").source())


