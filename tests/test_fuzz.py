"""Fuzzing with Schemathesis against mock_api's own OpenAPI document, in-process: whatever it
sends (valid or not), no 5xx, and every answer has a documented status, content type and shape.

Bounded and repeatable: derandomized Hypothesis. Each operation gets Schemathesis's deterministic
coverage cases (about 50: every boundary and every kind of wrong value of each parameter) and then
MOCK_API_FUZZ_EXAMPLES random cases, valid and invalid: 4 by default, 12 in CI (.ci/run); both give
the whole suite the same coverage (docs/performance.md, "Robustness suite"). The fault rules and
the long-poll wait are left out: a fuzzed rule may delay every later request by a minute;
test_control_api.py covers both.
"""
from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from mock_api import create_app
from response_contract import CONTRACT_TOTAL

EXAMPLES = int(os.environ.get("MOCK_API_FUZZ_EXAMPLES", "4"))
APP = create_app(profile="instant", seed=1)
SCHEMA = schemathesis.openapi.from_wsgi("/_mock/openapi.json", APP).exclude(
    path_regex=r"^/_mock/(faults|requests/wait)")


@SCHEMA.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_5xx_and_every_answer_documented(case):
    CONTRACT_TOTAL["fuzzed"] = CONTRACT_TOTAL.get("fuzzed", 0) + 1
    case.call_and_validate(headers={"x-api-key": "fuzz", "x-api-secret-key": "fuzz-secret"},
                           checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance])
