"""Scenario files: the shipped profiles load; every malformed file is refused with its location."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mock_api import SourceError, create_app
from mock_api.operations import COMMAND_TYPES
from mock_api.scenarios import builtin_profiles, load_sources, profile_sources

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "bad_scenarios"
# file → (line, fragment of the reason); the column is checked to be present
EXPECTED = {
    "01_syntax.yaml": (4, "expected ',' or ']'"),
    "02_empty.yaml": (1, "file is empty"),
    "03_top_list.yaml": (1, "must be a mapping"),
    "04_no_scenarios_key.yaml": (2, "unknown key 'scenario'"),
    "05_scenarios_empty.yaml": (1, "non-empty list of scenarios"),
    "06_missing_name.yaml": (2, "missing required key 'name'"),
    "07_empty_steps.yaml": (3, "non-empty list of steps"),
    "08_unknown_status.yaml": (3, "'queued' is not a task status"),
    "09_final_status_in_steps.yaml": (3, "the outcome decides the final status"),
    "10_status_goes_back.yaml": (5, "never goes back"),
    "11_no_duration.yaml": (3, "needs 'polls', 'seconds' or both"),
    "12_polls_zero.yaml": (3, "greater than 0"),
    "13_polls_negative.yaml": (3, "(got -2)"),
    "14_polls_float.yaml": (3, "whole number"),
    "15_polls_string.yaml": (3, "whole number, not a string"),
    "16_huge_polls.yaml": (3, "at most 1e+06"),
    "17_huge_seconds.yaml": (3, "at most 864000"),
    "18_nan_seconds.yaml": (3, "(got nan)"),
    "19_bool_polls.yaml": (3, "not a boolean"),
    "20_unknown_key.yaml": (3, "unknown key 'stepz'"),
    "21_bad_outcome_word.yaml": (4, "'success' is not an outcome"),
    "22_error_missing_type.yaml": (4, "missing required key 'type'"),
    "23_error_bad_status.yaml": (4, "like '400 BAD_REQUEST'"),
    "24_error_and_response.yaml": (4, "not both"),
    "25_python_object.yaml": (2, "nothing in them is executed"),
    "26_python_name.yaml": (4, "nothing in them is executed"),
    "27_recursive_alias.yaml": (1, "recursive alias"),
    "28_alias_bomb.yaml": (1, "expands to more than"),
    "29_duplicate_key.yaml": (3, "duplicate key"),
    "30_duplicate_name.yaml": (3, "already used at"),
    "31_unknown_placeholder.yaml": (4, "unknown placeholder ${__import__}"),
    "32_steps_not_list.yaml": (3, "non-empty list of steps"),
    "33_match_not_mapping.yaml": (3, "must be a mapping"),
    "34_resource_no_final.yaml": (5, "missing required key 'final'"),
    "35_version_2.yaml": (1, "only version 1"),
    "36_tab_indent.yaml": (2, "'\\t'"),
    "37_not_utf8.yaml": (1, "not UTF-8"),
    "38_name_empty.yaml": (2, "must not be empty"),
    "39_additional_info_on_success.yaml": (2, "goes with an error"),
    "40_response_not_mapping.yaml": (2, "must be a mapping, not a list"),
    "41_number_as_text.yaml": (3, "not a string ('1e3')"),
}


def test_the_corpus_is_complete():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_file_is_refused_with_file_line_and_reason(name):
    line, fragment = EXPECTED[name]
    path = BAD / name
    with pytest.raises(SourceError) as refused:
        create_app(scenarios=[str(path)])
    problem = refused.value.problems[0]
    assert problem.source == str(path)
    assert problem.line == line, str(problem)
    assert problem.column >= 1
    assert fragment in problem.reason, str(problem)
    assert str(problem).startswith(f"{path}:{line}:{problem.column}:")


def test_all_problems_of_a_set_are_reported_together(tmp_path):
    (tmp_path / "a.yaml").write_text("scenarios:\n  - {name: x, steps: [], outcome: completed}\n"
                                     "  - {name: y, steps: [{status: received}], outcome: completed}\n")
    (tmp_path / "b.yaml").write_text("scenarios: 3\n")
    with pytest.raises(SourceError) as refused:
        create_app(scenarios=[str(tmp_path)])
    assert [(Path(p.source).name, p.line) for p in refused.value.problems] == [("a.yaml", 2), ("a.yaml", 3),
                                                                               ("b.yaml", 1)]


@pytest.mark.parametrize("profile", ["default", "instant", "realistic"])
def test_shipped_profiles_load_and_cover_every_command_type(profile):
    assert profile in builtin_profiles()
    scenarios = load_sources(profile_sources(profile))
    covered = {s.match.command_type for s in scenarios}
    assert set(COMMAND_TYPES) <= covered


def test_unknown_profile_is_refused():
    with pytest.raises(SourceError, match="unknown profile"):
        create_app(profile="nope")


def test_user_scenarios_replace_profile_scenarios_of_the_same_name(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "scenarios:\n  - name: subscription-create\n    match: {commandType: subscriptionCreateRequest}\n"
        "    steps: [{status: received, polls: 5}]\n    outcome: completed\n")
    app = create_app(scenarios=[str(tmp_path)])
    names = [s.name for s in app.extensions["mock_api"].scenarios.scenarios]
    assert names.count("subscription-create") == 1
    assert app.extensions["mock_api"].scenarios.by_name["subscription-create"].steps[0].polls == 5


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "mock_api.cli", *args], capture_output=True, text=True,
                          timeout=60, cwd=cwd)


def test_validate_command_accepts_good_files():
    result = run_cli("validate", *(f"scenarios/{p.name}" for p in (ROOT / "scenarios").iterdir()), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "scenarios/default/pro.yaml: ok (6 scenarios)" in result.stdout


def test_validate_command_reports_each_bad_file_and_fails():
    result = run_cli("validate", str(BAD / "10_status_goes_back.yaml"), str(BAD / "25_python_object.yaml"))
    assert result.returncode == 1
    assert "10_status_goes_back.yaml:5:" in result.stderr
    assert "25_python_object.yaml:2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_command_on_a_missing_path():
    result = run_cli("validate", "no/such/file.yaml")
    assert result.returncode == 1
    assert "no/such/file.yaml:1:1: no such file or folder" in result.stderr
