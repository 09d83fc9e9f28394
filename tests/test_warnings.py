"""Warning policy version 2: the vocabulary, `--without` for every warning, the audit
record `cryanime check` enforces, and the facts around warnings (episode lengths,
seasons)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cryanime.audit import POLICY, audit_problems

DATA = Path(__file__).parent.parent / "data"
POLICY_V2 = ("violence", "gore", "abuse", "torture", "suicide", "self-harm", "war-atrocity",
             "child-death", "parent-death", "animal-death", "nudity", "fan-service",
             "sexual-violence", "flashing-lights")


def test_the_vocabulary_is_policy_v2(catalogue):
    """Every warning of the README's policy, and nothing else."""
    assert tuple(catalogue.warnings) == POLICY_V2
    assert POLICY == 2


@pytest.mark.parametrize(("typed", "meant"), [
    ("self-harm", "self-harm"), ("self harm", "self-harm"), ("suicide", "suicide"),
    ("fan service", "fan-service"), ("fanservice", "fan-service"), ("nudity", "nudity"),
    ("blood", "gore"), ("strobe", "flashing-lights"), ("death of a parent", "parent-death"),
    ("torture", "torture"),
])
def test_names_people_type_mean_what_they_say(catalogue, typed, meant):
    """self-harm is its own warning, not suicide; the fan-service aliases follow fan
    service; blood is gore, which now covers ordinary blood."""
    assert catalogue.resolve_theme(typed, warnings=True) == meant


@pytest.mark.parametrize("warning", POLICY_V2)
def test_without_keeps_its_promise_for_every_warning(invoke, catalogue, warning):
    """`list --without W` never shows a title carrying W, and leaves out every one."""
    carrying = {t.id for t in catalogue.titles if warning in t.warnings}
    shown = {t["id"] for t in json.loads(invoke("list", "--without", warning,
                                                "--json").stdout)}
    assert carrying, f"no bundled title carries {warning}"
    assert not shown & carrying
    assert shown | carrying == {t.id for t in catalogue.titles}


@pytest.mark.parametrize(("title_id", "warning"), [
    ("code-geass", "suicide"),  # soldiers ordered to shoot themselves, episode 1
    ("violet-evergarden", "abuse"),  # a child used as a weapon by the army
    ("fullmetal-alchemist-brotherhood", "suicide"),  # a villain takes his own life
    ("charlotte", "child-death"),  # a 13-year-old sister
])
def test_the_audits_headline_findings_are_warned(catalogue, title_id, warning):
    """The scenes the outside audit named as unwarned now carry their warning."""
    assert warning in catalogue.get(title_id).warnings


def test_every_series_gives_its_episode_length(catalogue):
    """tonight's time budget uses each series' own episode length, never a guess."""
    missing = [t.id for t in catalogue.titles if t.format == "series" and not t.episode_minutes]
    assert missing == []


def test_tonight_counts_a_series_with_its_own_episode_length(invoke, catalogue):
    """A series of short episodes says so in tonight's reasons and fits by its real length."""
    short = min((t for t in catalogue.titles if t.format == "series"),
                key=lambda t: (t.episode_minutes, t.id))
    assert short.episode_minutes < 24
    result = invoke("tonight", "--time", "any", "--tears", str(short.tears), "--ending",
                    short.ending, "--no-input", "--json", "--seed", "1",
                    "--theme", short.themes[0])
    offered = json.loads(result.stdout)
    if offered["id"] == short.id:
        assert (f"{short.episodes} episodes of {short.episode_minutes} min"
                in offered["reasons"][0])
    from cryanime.tonight import Answers, offers

    found = {o.title.id: o for o in offers(catalogue, Answers(short.total_minutes,
                                                              short.tears, None))}
    assert short.id in found  # fits a budget of exactly its real length
    assert found[short.id].reasons[0].startswith(
        f"{short.episodes} episodes of {short.episode_minutes} min")


def test_a_card_says_how_many_seasons_an_entry_spans(invoke, catalogue):
    """An entry of several seasons says so on its card; its warnings cover them all."""
    terminal = {"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}
    several = next(t for t in catalogue.titles if (t.seasons or 1) > 1)
    out = " ".join(invoke("show", several.id, env=terminal).stdout.replace("│", " ").split())
    assert f"over {several.seasons} seasons (its warnings cover them all)" in out
    assert catalogue.get("clannad").seasons is None
    assert "23 ep of 24 min" in (card := invoke("show", "clannad", env=terminal).stdout)
    assert "seasons" not in card
    assert json.loads(invoke("show", several.id, "--json").stdout)["seasons"] == several.seasons


def test_bullying_is_a_theme_where_it_plainly_is(catalogue):
    """The titles the audit found carrying bullying without saying so now do."""
    for title_id in ("the-garden-of-words", "erased", "fruits-basket"):
        assert "bullying" in catalogue.get(title_id).themes, title_id


# ------------------------------------------------------------------ the audit record


def test_the_bundled_audit_record_covers_every_title_and_warning(catalogue):
    """Every bundled title has a record saying, for each warning, where it applies (scene
    and source) or that it was checked; the records agree with the titles' warnings."""
    assert audit_problems(catalogue.titles, catalogue.warnings,
                          str(DATA / "warnings-audit.yaml")) == []


def _bundled_copy(tmp_path: Path, use_catalogue, edit=None) -> Path:
    """The bundled catalogue and its audit record copied to tmp_path, the record edited."""
    shutil.copy(DATA / "titles.yaml", tmp_path / "titles.yaml")
    record = yaml.safe_load((DATA / "warnings-audit.yaml").read_text(encoding="utf-8"))
    if edit:
        edit(record)
    (tmp_path / "warnings-audit.yaml").write_text(yaml.safe_dump(record, allow_unicode=True),
                                                  encoding="utf-8")
    return use_catalogue(tmp_path / "titles.yaml")


def test_check_passes_on_the_bundled_catalogue_and_its_record(invoke, tmp_path, use_catalogue):
    _bundled_copy(tmp_path, use_catalogue)
    result = invoke("check")
    assert result.exit_code == 0, result.stdout


def _drop_record(record: dict) -> None:
    record["titles"] = [r for r in record["titles"] if r["id"] != "clannad"]


def _forget_a_warning(record: dict) -> None:
    clannad = next(r for r in record["titles"] if r["id"] == "clannad")
    clannad["none"].remove("flashing-lights")


def _find_an_unwarned_scene(record: dict) -> None:
    clannad = next(r for r in record["titles"] if r["id"] == "clannad")
    clannad["none"].remove("torture")
    clannad["found"]["torture"] = {"scene": "a test scene", "source": "https://example.org/"}


def _drop_a_source(record: dict) -> None:
    clannad = next(r for r in record["titles"] if r["id"] == "clannad")
    clannad["found"]["abuse"] = {"scene": "its father"}


@pytest.mark.parametrize(("edit", "message"), [
    (_drop_record, "title 'clannad': has no warnings audit record — audit the title against "
                   "the warning policy (README.md) and record it"),
    (_forget_a_warning, "title 'clannad': the record does not say whether 'flashing-lights' "
                        "applies"),
    (_find_an_unwarned_scene, "title 'clannad': the record finds 'torture' but the title does "
                              "not carry it — add 'torture' to its warnings"),
    (_drop_a_source, "title 'clannad': 'abuse' is found without its scene and source"),
])
def test_check_reports_a_record_that_does_not_cover_a_title(invoke, tmp_path, use_catalogue,
                                                            edit, message):
    """A missing record, a warning not spoken to, a finding the title does not carry, a
    finding without its source: each reported (exit 1), naming the record's file."""
    _bundled_copy(tmp_path, use_catalogue, edit)
    result = invoke("check")
    assert result.exit_code == 1
    assert message in result.stdout
    assert "warnings-audit.yaml" in result.stdout


def test_check_without_a_record_says_to_add_one(invoke, tmp_path, use_catalogue):
    shutil.copy(DATA / "titles.yaml", tmp_path / "titles.yaml")
    use_catalogue(tmp_path / "titles.yaml")
    result = invoke("check")
    assert result.exit_code == 1
    assert (f"{tmp_path / 'warnings-audit.yaml'}: file not found — add the audit record of "
            "the bundled catalogue") in result.stdout


def test_a_users_own_catalogue_needs_no_audit_record(invoke, write_catalogue):
    """Only the bundled catalogue is held to the audit: `--no-bundled` files are not."""
    from conftest import title_yaml

    mine = write_catalogue(title_yaml(id="mine", title="Mine"), name="mine.yaml")
    result = invoke("--no-bundled", "--catalog", str(mine), "check")
    assert result.exit_code == 0, result.stdout


def test_check_flags_titles_whose_names_suggest_one_story_but_are_not_linked(
        invoke, write_catalogue):
    """'Quiet' and 'Quiet: The Film' with no link: check says so at the later title's line
    and how to link them; linked with `related`, it is clean."""
    from conftest import title_yaml

    loose = (title_yaml(id="quiet", title="Quiet")
             + title_yaml(id="quiet-film", title='"Quiet: The Film"'))
    path = write_catalogue(loose, name="loose.yaml")
    result = invoke("--no-bundled", "--catalog", str(path), "check")
    assert result.exit_code == 1
    assert (f"{path}:18: title 'quiet-film': its name suggests the story of 'Quiet' (quiet), "
            "but no link joins them — add 'after: quiet' for a continuation or "
            "'related: [quiet]' for the same story told again") in result.stdout
    linked = write_catalogue(loose + "    related: [quiet]\n", name="linked.yaml")
    assert invoke("--no-bundled", "--catalog", str(linked), "check").exit_code == 0
