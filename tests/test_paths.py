"""The user directories: worked out without platformdirs on Linux, and always its answer."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from cryanime.paths import user_dir

FUNCTIONS = {"data": platformdirs.user_data_dir, "cache": platformdirs.user_cache_dir,
             "config": platformdirs.user_config_dir}
VARIABLES = {"data": "XDG_DATA_HOME", "cache": "XDG_CACHE_HOME", "config": "XDG_CONFIG_HOME"}


BELOW_HOME = {"data": ".local/share", "cache": ".cache", "config": ".config"}


@pytest.mark.parametrize("kind", sorted(FUNCTIONS))
@pytest.mark.parametrize(("xdg", "home", "expected"), [
    ("/tmp/xdg-here", "/home/someone", "/tmp/xdg-here/cryanime"),  # the variable set
    (None, "/home/someone", "/home/someone/{below}/cryanime"),     # unset: below $HOME
    ("", "/home/someone", "/home/someone/{below}/cryanime"),       # empty: as unset
    ("relative/dir", "/home/someone", "/home/someone/{below}/cryanime"),  # relative: ignored
    (None, "/", "/{below}/cryanime"),                              # root's odd home
    (None, "/home/someone/", "/home/someone/{below}/cryanime"),    # a trailing slash
])
@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rules are Linux's")
def test_the_answer_is_the_xdg_rule_and_platformdirs_agrees(monkeypatch, kind, xdg, home,
                                                            expected):
    """Each answer is the XDG base directory rule's, written out here independently, and
    platformdirs gives the same."""
    monkeypatch.delenv(VARIABLES[kind], raising=False)
    if xdg is not None:
        monkeypatch.setenv(VARIABLES[kind], xdg)
    monkeypatch.setenv("HOME", home)
    want = expected.format(below=BELOW_HOME[kind])
    assert user_dir(kind) == want
    assert FUNCTIONS[kind]("cryanime", appauthor=False) == want


@pytest.mark.parametrize("kind", sorted(FUNCTIONS))
def test_a_relative_home_is_left_to_platformdirs(monkeypatch, kind):
    """No usable $HOME or XDG variable: the answer is platformdirs' own (it is asked)."""
    monkeypatch.delenv(VARIABLES[kind], raising=False)
    monkeypatch.setenv("HOME", "relative-home")
    monkeypatch.setattr(platformdirs, FUNCTIONS[kind].__name__,
                        lambda app, appauthor=None: f"asked platformdirs for {app}")
    assert user_dir(kind) == "asked platformdirs for cryanime"


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is for Linux")
def test_on_linux_platformdirs_is_not_imported(monkeypatch):
    """With $HOME or the XDG variables answering, platformdirs is never imported."""
    monkeypatch.delitem(sys.modules, "platformdirs", raising=False)
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert user_dir("config") == "/home/someone/.config/cryanime"
    assert "platformdirs" not in sys.modules
