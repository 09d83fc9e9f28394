"""`cryanime check`: the bundled catalogue is clean, and every broken fixture is caught
at the right line. Fixture lines carry `# expect: TEXT` comments naming the problem
that must be reported there (`# expect-above:` on its own line means the line above)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import title_yaml
from cryanime.loading import display_path

FIXTURES = Path(__file__).parent / "fixtures" / "check"


def expectations(path: Path) -> set[tuple[int, str]]:
    expected = set()
    last_content = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if m := re.search(r"#\s*expect-above:\s*(.+)$", line):
            expected.add((last_content, m.group(1).strip()))
            continue
        if m := re.search(r"#\s*expect:\s*(.+)$", line):
            expected.add((number, m.group(1).strip()))
        if line.split("#", 1)[0].strip():
            last_content = number
    return expected


def reported(stdout: str, path: Path) -> list[tuple[int, str]]:
    prefix = display_path(path) + ":"
    found = []
    for line in stdout.splitlines():
        if line.startswith(prefix):
            number, _, message = line[len(prefix):].partition(": ")
            found.append((int(number), message))
    return found


def test_bundled_catalogue_is_clean(invoke):
    """`cryanime check` with no PATH checks the bundled catalogue: no problems, exit 0."""
    result = invoke("check")
    assert result.exit_code == 0, result.stdout
    assert re.fullmatch(r"No problems in \S+titles\.yaml: \d+ titles, \d+ themes, "
                        r"\d+ warnings\.\n", result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize("name", ["types", "references", "structure"])
def test_each_problem_is_reported_at_its_line(invoke, name):
    """Every expected problem appears at its line, nothing else is reported, exit 1."""
    path = FIXTURES / f"{name}.yaml"
    result = invoke("check", str(path))
    assert result.exit_code == 1
    found = reported(result.stdout, path)
    for line, text in expectations(path):
        assert any(n == line and text in message for n, message in found), (line, text, found)
    assert len(found) == len(expectations(path)), found
    assert not [line for line in result.stdout.splitlines() if line.startswith("data/")]
    assert re.search(rf"Error: {len(found)} problems in .*{name}\.yaml\.", result.stderr)


def test_every_problem_has_a_fix(invoke):
    """Each reported line says what is wrong and, after a dash, how to fix it."""
    result = invoke("check", *(str(p) for p in sorted(FIXTURES.glob("*.yaml"))))
    lines = [line for line in result.stdout.splitlines() if ": " in line]
    assert lines
    assert all(" — " in line for line in lines), lines


def test_user_file_may_use_bundled_vocabulary(invoke, tmp_path):
    """A valid extra file using bundled themes and adding its own is clean."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "themes:\n  - {id: slow-burn, name: slow burn, description: Takes its time.}\n"
        "titles:\n  - id: mine\n    title: Mine\n    format: film\n    year: 2020\n"
        "    runtime_minutes: 90\n    themes: [grief, slow-burn]\n    warnings: [gore]\n"
        "    tears: 3\n    ending: hopeful\n    pitch: Mine.\n    related: [clannad]\n",
        encoding="utf-8",
    )
    result = invoke("check", str(path))
    assert result.exit_code == 0, result.stdout
    assert "No problems in" in result.stdout and "mine.yaml" in result.stdout


def test_duplicate_id_names_both_files_and_lines(invoke, tmp_path):
    """An id defined in two files is reported with both places."""
    path = tmp_path / "dup.yaml"
    path.write_text(
        "titles:\n  - id: clannad\n    title: Clannad Two\n    format: film\n    year: 2020\n"
        "    runtime_minutes: 90\n    themes: [grief]\n    tears: 3\n    ending: hopeful\n"
        "    pitch: Again.\n", encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 1
    [line] = reported(result.stdout, path)
    assert line[0] == 2
    assert re.search(r"duplicate id \(first at \S*titles\.yaml:\d+\)", line[1])


def test_checking_the_bundled_file_by_path_is_not_a_duplicate(invoke):
    """Naming the bundled file itself checks it once, not against itself."""
    from cryanime.paths import bundled_path

    result = invoke("check", str(bundled_path()))
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [("titles: [unclosed\n", "not valid YAML"),
     (None, "file not found"),
     (b"\xff\xfe binary", "not UTF-8 text")],
)
def test_unreadable_or_not_yaml_exits_2(invoke, tmp_path, content, message):
    """A file that cannot be read or parsed: exit 2, the reason at its line like any
    problem, and the summary on stderr names the file."""
    path = tmp_path / "broken.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    result = invoke("check", str(path))
    assert result.exit_code == 2
    assert message in result.stdout and "broken.yaml" in result.stdout
    assert result.stderr == f"Error: 1 problem in {display_path(path)}.\n"


def test_a_directory_exits_2(invoke, tmp_path):
    """A directory is not a catalogue file."""
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stdout


def _titles_file(tmp_path, name, body):
    path = tmp_path / name
    path.write_text("titles:\n" + body, encoding="utf-8")
    return path


def test_a_broken_file_hides_no_problem_of_the_others(invoke, tmp_path):
    """One file that is not YAML, another with a bad field: both are reported, per file,
    and the summary names just the files with problems (exit 2: one is unusable)."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("titles: [unclosed\n", encoding="utf-8")
    bad = _titles_file(tmp_path, "bad.yaml", title_yaml(id="bad-one", title="Bad one", tears=9))
    fine = _titles_file(tmp_path, "fine.yaml", title_yaml(id="fine-one", title="Fine one"))
    result = invoke("check", str(broken), str(bad), str(fine))
    assert result.exit_code == 2
    assert f"{display_path(broken)}:2: not valid YAML" in result.stdout
    assert f"{display_path(bad)}:" in result.stdout
    assert "'tears' must be from 1 to 5" in result.stdout
    assert display_path(fine) not in result.stdout
    assert result.stderr == (f"Error: 2 problems in 2 files: {display_path(broken)} (1), "
                             f"{display_path(bad)} (1).\n")


def test_a_duplicate_id_is_reported_when_the_first_copy_is_broken(invoke, tmp_path):
    """The first copy has a bad year; the second copy is still a duplicate."""
    path = _titles_file(tmp_path, "dup.yaml", title_yaml(id="twin", title="Twin A", year="soon")
                        + title_yaml(id="twin", title="Twin B"))
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert "'year' must be a whole number" in result.stdout
    assert re.search(r"dup\.yaml:\d+: title 'twin': duplicate id \(first at .*dup\.yaml:2\)",
                     result.stdout)


def test_references_are_checked_on_titles_with_other_problems(invoke, tmp_path):
    """A 'related' or 'after' id that points nowhere is reported beside the title's other
    problems, not only once those are fixed."""
    path = _titles_file(tmp_path, "refs.yaml", title_yaml(
        id="refs", title="Refs", tears=0, related="[nowhere]", after="clanad"))
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert "'tears' must be from 1 to 5" in result.stdout
    assert "'related' names 'nowhere', which is not a title" in result.stdout
    assert "'after' names 'clanad', which is not a title — did you mean 'clannad'?" in result.stdout


def test_a_myanimelist_id_used_twice_is_reported(invoke, tmp_path):
    """In one file, and across files (here: against the bundled Clannad, 2167)."""
    path = _titles_file(tmp_path, "mal.yaml", title_yaml(id="one", title="One", mal_id=123456)
                        + title_yaml(id="two", title="Two", mal_id=123456)
                        + title_yaml(id="three", title="Three", mal_id=2167))
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert "title 'two': 'mal_id' 123456 is also used by 'one'" in result.stdout
    assert "title 'three': 'mal_id' 2167 is also used by 'clannad' (data/titles.yaml:" \
        in result.stdout


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"after": "sample"}, "'after' names the title itself — remove it"),
     ({"after": "Clannad"}, "'after' must be lowercase letters, digits and hyphens"),
     ({"spoiler_themes": "[war]"}, "'spoiler_themes' lists 'war', which is not among its "
                                   "'themes'"),
     ({"spoiler_themes": "[warr]"}, "unknown theme 'warr' — did you mean 'war'?")],
)
def test_watch_order_and_spoiler_fields_are_checked(invoke, tmp_path, fields, message):
    """`after` names another title by id; spoiler themes are among the title's themes."""
    path = _titles_file(tmp_path, "mine.yaml", title_yaml(**fields))
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert message in result.stdout, result.stdout


def test_a_watch_order_loop_is_reported_once(invoke, tmp_path):
    """a after b, b after c, c after a: one problem, at the first of them, naming the loop."""
    path = _titles_file(tmp_path, "loop.yaml",
                        title_yaml(id="a", title="A", after="b") + title_yaml(id="b", title="B",
                                                                              after="c")
                        + title_yaml(id="c", title="C", after="a"))
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert result.stdout.count("loops") == 1
    assert "loop.yaml:2: title 'a': the watch order loops: a -> b -> c -> a" in result.stdout


def test_no_bundled_check_of_a_file_checks_that_file(invoke, write_catalogue):
    """--no-bundled check FILE: the file is the catalogue (it brings its own vocabulary);
    with no FILE either, there is nothing to check: a usage error naming the fix."""
    path = write_catalogue(title_yaml(id="one", title="One"))
    result = invoke("--no-bundled", "check", str(path))
    assert result.exit_code == 0, result.output
    assert "No problems in" in result.stdout and "1 title" in result.stdout
    nothing = invoke("--no-bundled", "check")
    assert nothing.exit_code == 2 and "add one with --catalog PATH" in nothing.stderr


def test_check_dash_reads_a_catalogue_from_stdin(invoke, runner):
    """`cat my.yaml | cryanime check -`: problems are named <stdin> with their lines."""
    from conftest import MINI_VOCABULARY
    from cryanime.cli import cli

    good = MINI_VOCABULARY + "titles:\n" + title_yaml(id="one", title="One")
    result = runner.invoke(cli, ["--no-bundled", "check", "-"], input=good)
    assert result.exit_code == 0, result.output
    assert "No problems in <stdin>: 1 title" in result.stdout
    bad = runner.invoke(cli, ["--no-bundled", "check", "-"],
                        input=MINI_VOCABULARY + "titles:\n" + title_yaml(id="one", tears=9))
    assert bad.exit_code == 1
    assert re.search(r"^<stdin>:\d+: title 'one': 'tears' must be from 1 to 5", bad.stdout, re.M)
