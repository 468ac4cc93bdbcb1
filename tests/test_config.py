"""Config, the settings create_app takes: checked when made, however it is made, and immutable."""
from __future__ import annotations

import pytest

from mock_api import Config, create_app


@pytest.mark.parametrize("make", [
    lambda: create_app(max_tasks=0),
    lambda: create_app({"max_tasks": 0}),
    lambda: create_app(Config(), max_tasks=0),
    lambda: Config()._replace(max_tasks=0),
    lambda: Config(links="xml"),
    lambda: Config(journal_size=True),
])
def test_a_setting_out_of_range_is_refused_however_the_config_is_made(make):
    with pytest.raises(ValueError, match="max_tasks|link profile|journal_size"):
        make()


def test_unknown_keys_are_named():
    with pytest.raises(ValueError, match="unknown config keys: nope"):
        create_app({"nope": 1})


def test_a_config_is_immutable_and_its_scenarios_a_tuple_of_paths(tmp_path):
    config = Config(scenarios=tmp_path, seed=7)
    assert config.scenarios == (str(tmp_path),)
    with pytest.raises(AttributeError):
        config.seed = 8  # type: ignore[misc]
    changed = config._replace(seed=8)
    assert (changed.seed, config.seed, type(changed)) == (8, 7, Config)
    app = create_app(Config(seed=3), links="v1")
    assert app.extensions["mock_api"].config == Config(seed=3, links="v1")
