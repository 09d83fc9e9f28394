"""`cryanime completion` (the shell completion scripts) and `cryanime help`."""

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




@cli.command("help")
@click.argument("words", nargs=-1, metavar="[COMMAND]...")
@click.pass_context
def help_command(ctx: click.Context, words: tuple[str, ...]) -> None:
    """Show a command's help, as COMMAND --help does.

    The habit of git help and gh help.

    \b
    Examples:
      cryanime help
      cryanime help recommend
      cryanime help watched add
    """
    parent = ctx.parent
    assert parent is not None  # a subcommand always has the group's context above it
    command: click.Command = cli
    shown = parent
    for at, word in enumerate(words):
        found = command.get_command(shown, word) if isinstance(command, click.Group) else None
        if found is None:
            asked = " ".join(words[:at + 1])
            raise click.UsageError(f"no command {asked!r}; 'cryanime help' lists them.")
        shown = click.Context(found, info_name=word, parent=shown)
        command = found
    click.echo(command.get_help(shown))
