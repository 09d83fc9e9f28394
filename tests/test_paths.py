"""The user directories: worked out without platformdirs on Linux, and always its answer."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from cryanime.paths import user_dir

FUNCTIONS = {"data": platformdirs.user_data_dir, "cache": platformdirs.user_cache_dir,
             "config": platformdirs.user_config_dir}
VARIABLES = {"data": "XDG_DATA_HOME", "cache": "XDG_CACHE_HOME", "config": "XDG_CONFIG_HOME"}


@pytest.mark.parametrize("kind", sorted(FUNCTIONS))
@pytest.mark.parametrize(("xdg", "home"), [
    ("/tmp/xdg-here", "/home/someone"),   # the variable set
    (None, "/home/someone"),              # unset: below $HOME
    ("", "/home/someone"),                # empty: as unset
    ("relative/dir", "/home/someone"),    # relative: ignored, as the spec says
    (None, "/"),                          # root's odd home
    (None, "/home/someone/"),             # a trailing slash
    (None, "relative-home"),              # a relative $HOME: platformdirs decides
])
def test_the_answer_is_platformdirs_answer(monkeypatch, kind, xdg, home):
    monkeypatch.delenv(VARIABLES[kind], raising=False)
    if xdg is not None:
        monkeypatch.setenv(VARIABLES[kind], xdg)
    monkeypatch.setenv("HOME", home)
    assert user_dir(kind) == FUNCTIONS[kind]("cryanime", appauthor=False)


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is for Linux")
def test_on_linux_platformdirs_is_not_imported(monkeypatch):
    """With $HOME or the XDG variables answering, platformdirs is never imported."""
    monkeypatch.delitem(sys.modules, "platformdirs", raising=False)
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert user_dir("config") == "/home/someone/.config/cryanime"
    assert "platformdirs" not in sys.modules
