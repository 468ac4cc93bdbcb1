"""A stateful property test: random sequences of emulated-API and control calls, with hostile values
mixed in, checked after every step. Seeded and bounded (``derandomize``: the same sequences on every
run), so a red run is a real bug with its shrunk reproduction, never luck.

After each step: no 5xx; every answer valid JSON and valid against the OpenAPI document (the autouse
``response_contract`` fixture checks each one); a task's status never goes back; the journal reads.
A snapshot rule checks export → import → export is identical.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from conftest import SUBSCRIPTION
from mock_api import create_app

ORDER = {"initialized": 0, "received": 1, "processing-in-progress": 2, "processing-completed": 3,
         "processing-error": 3}
KEYS = [{"x-api-key": "alpha", "x-api-secret-key": "a"}, {"x-api-key": "beta", "x-api-secret-key": "b"}]
TOTALS = {"sequences": 0, "steps": 0, "requests": 0}

hostile_text = st.one_of(st.text(max_size=40), st.sampled_from(["²", "١٠٠", "9" * 400, "\x00", "../..", "%2F", "*"]))
hostile_number = st.one_of(st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=False),
                           st.sampled_from(["NaN", "Infinity", "1e400", "-1e400"]))
raw_json_number = hostile_number.map(lambda n: n if isinstance(n, str) else json.dumps(n))
deep = st.integers(min_value=1, max_value=3000).map(lambda d: "[" * d + "]" * d)


class MockApiMachine(RuleBasedStateMachine):
    tasks = Bundle("tasks")

    @initialize()
    def start(self):
        TOTALS["sequences"] += 1
        self.app = create_app(seed=1)
        self.client = self.app.test_client()
        self.seen = {}  # task id → highest status order seen

    def call(self, method, path, headers=None, **kwargs):
        TOTALS["requests"] += 1
        response = self.client.open(path, method=method, headers=headers or {}, **kwargs)
        assert response.status_code < 500, (method, path, response.status_code, response.get_data(as_text=True))
        if response.mimetype == "application/json":
            body = json.loads(response.get_data())  # strict: NaN would not even be JSON
        else:
            body = response.get_data(as_text=True)
        return response.status_code, body

    def note_task(self, body):
        if isinstance(body, dict) and "taskId" in body and body.get("status") in ORDER:
            before = self.seen.get(body["taskId"], -1)
            assert ORDER[body["status"]] >= before, f"{body['taskId']} went back to {body['status']}"
            self.seen[body["taskId"]] = max(before, ORDER[body["status"]])

    # ------------------------------------------------------------ the emulated API

    @rule(target=tasks, who=st.integers(0, 1), name=hostile_text)
    def create(self, who, name):
        status, body = self.call("POST", "/v1/subscriptions", KEYS[who], json=dict(SUBSCRIPTION, name=name))
        self.note_task(body)
        return (who, body["taskId"]) if status == 202 else (who, "00000000-0000-4000-8000-000000000000")

    @rule(who=st.integers(0, 1), field=st.sampled_from(["datasetSizeInGb", "quantity", "paymentMethodId"]),
          number=raw_json_number)
    def create_with_hostile_number(self, who, field, number):
        database = '{"name": "d", "protocol": "redis", "%s": %s}' % (field, number) if field != "paymentMethodId" \
            else '{"name": "d", "protocol": "redis"}'
        extra = f', "paymentMethodId": {number}' if field == "paymentMethodId" else ""
        raw = ('{"name": "n", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}], "databases": [%s]%s}'
               % (database, extra))
        status, body = self.call("POST", "/v1/subscriptions", KEYS[who], data=raw, content_type="application/json")
        self.note_task(body)

    @rule(who=st.integers(0, 1), raw=deep)
    def create_deep(self, who, raw):
        assert self.call("POST", "/v1/subscriptions", KEYS[who], data=raw, content_type="application/json")[0] == 400

    @rule(task=tasks)
    def poll(self, task):
        who, task_id = task
        status, body = self.call("GET", f"/v1/tasks/{task_id}", KEYS[who])
        if status == 200:
            self.note_task(body)

    @rule(who=st.integers(0, 1))
    def list_tasks(self, who):
        for task in self.call("GET", "/v1/tasks", KEYS[who])[1]["tasks"]:
            self.note_task(task)

    @rule(who=st.integers(0, 1), ident=st.one_of(st.integers(1, 200010).map(str), hostile_text),
          offset=st.one_of(st.integers(0, 300).map(str), hostile_text))
    def read_resources(self, who, ident, offset):
        from urllib.parse import quote

        self.call("GET", f"/v1/subscriptions/{quote(ident, safe='')}", KEYS[who])
        self.call("GET", f"/v1/subscriptions/{quote(ident, safe='')}/databases?offset={quote(offset)}", KEYS[who])

    @rule(who=st.integers(0, 1), ident=st.integers(100001, 100010), action=st.sampled_from(["PUT", "DELETE"]))
    def change_subscription(self, who, ident, action):
        status, body = self.call(action, f"/v1/subscriptions/{ident}", KEYS[who],
                                 json={"name": "renamed"} if action == "PUT" else None)
        self.note_task(body)

    # ------------------------------------------------------------ the control API

    @rule(who=st.sampled_from([None, 0, 1]), seconds=st.one_of(hostile_number, st.integers(0, 10 ** 9)))
    def advance(self, who, seconds):
        raw = seconds if isinstance(seconds, str) else json.dumps(seconds)
        self.call("POST", "/_mock/clock/advance", KEYS[who] if who is not None else None,
                  data='{"seconds": %s}' % raw, content_type="application/json")

    @rule(who=st.sampled_from([None, 0, 1]),
          moment=st.one_of(st.datetimes().map(lambda d: d.isoformat() + "Z"), hostile_text))
    def set_clock(self, who, moment):
        self.call("POST", "/_mock/clock/set", KEYS[who] if who is not None else None, json={"now": moment})

    @rule(who=st.sampled_from([None, 0, 1]), action=st.sampled_from(["freeze", "resume"]))
    def freeze_or_resume(self, who, action):
        self.call("POST", f"/_mock/clock/{action}", KEYS[who] if who is not None else None)

    @rule(task=tasks, action=st.sampled_from(["step", "complete", "fail", "hold", "release"]), mine=st.booleans())
    def force(self, task, action, mine):
        who, task_id = task
        failure = {"type": "GENERAL_ERROR", "status": "500 INTERNAL_SERVER_ERROR", "description": "forced"}
        status, body = self.call("POST", f"/_mock/tasks/{task_id}/{action}", KEYS[who if mine else 1 - who],
                                 json=failure if action == "fail" else None)
        if status == 200:
            self.note_task(body)

    @rule(who=st.sampled_from([None, 0, 1]), spec=st.fixed_dictionaries(
        {"action": st.sampled_from(["delay", "status", "task-not-found", "bogus"])},
        # statuses a fault may inject that the document lists, or ones the rule check refuses
        optional={"status": st.one_of(st.sampled_from([400, 404, 429]), st.integers(-5, 199), st.integers(600, 10**6)),
                  "seconds": st.floats(0, 0.01),
                  "path": hostile_text, "method": hostile_text, "times": st.integers(-1, 3),
                  "headers": st.dictionaries(hostile_text, hostile_text, max_size=2),
                  "body": st.recursive(st.none() | st.integers() | st.text(max_size=5),
                                       lambda children: st.lists(children, max_size=3), max_leaves=5)}))
    def add_fault(self, who, spec):
        self.call("POST", "/_mock/faults", KEYS[who] if who is not None else None, json=spec)

    @rule(who=st.sampled_from([None, 0, 1]))
    def clear_faults(self, who):
        self.call("DELETE", "/_mock/faults", KEYS[who] if who is not None else None)

    @rule(who=st.sampled_from([None, 0, 1]), polls=st.one_of(st.integers(-1, 4), hostile_text),
          when=st.sampled_from(["2026-01-01", '"2026-01-01"', "!!binary aGk=", "{x: 1}"]))
    def load_scenarios(self, who, polls, when):
        document = ("scenarios:\n  - name: s\n    match: {commandType: subscriptionCreateRequest}\n"
                    f"    steps: [{{status: received, polls: {json.dumps(polls)}}}]\n"
                    f"    outcome: {{response: {{resource: {{when: {when}}}}}}}\n")
        self.call("POST", "/_mock/scenarios", KEYS[who] if who is not None else None, data=document)

    @rule(who=st.sampled_from([None, 0, 1]))
    def reset(self, who):
        self.call("POST", "/_mock/reset", KEYS[who] if who is not None else None)
        self.seen.clear()  # forgotten tasks answer 404 from now on

    @rule()
    def snapshot_round_trip(self):
        first = self.call("GET", "/_mock/state")[1]
        assert self.call("PUT", "/_mock/state", json=first)[0] == 200
        second = self.call("GET", "/_mock/state")[1]
        assert {k: v for k, v in first.items() if k != "now"} == {k: v for k, v in second.items() if k != "now"}

    @rule(raw=st.one_of(deep, hostile_text))
    def hostile_snapshot(self, raw):
        before = self.call("GET", "/_mock/state")[1]
        if self.call("PUT", "/_mock/state", data=raw, content_type="application/json")[0] == 400:
            after = self.call("GET", "/_mock/state")[1]
            assert before["accounts"] == after["accounts"]  # refused: nothing changed

    @invariant()
    def journal_reads(self):
        if hasattr(self, "client"):
            TOTALS["steps"] += 1
            assert self.call("GET", "/_mock/requests?secrets=mask")[0] == 200


MockApiMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=30, derandomize=True, database=None,
                                            deadline=None, suppress_health_check=list(HealthCheck))
test_random_sequences_never_break_the_server = MockApiMachine.TestCase
