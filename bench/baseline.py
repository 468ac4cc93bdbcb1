"""The baseline: a bare Flask app answering GET /v1/tasks/<id> with the same JSON mock_api gives for
a completed task, on the server `mock-api serve` runs on (waitress, through mock_api.server), with
as many extra threads as the command line says."""
from __future__ import annotations

import sys

BASELINE_TASK = {
    "taskId": "36d4b04d-72d4-4404-8600-a223120a553e", "commandType": "subscriptionCreateRequest",
    "status": "processing-completed",
    "description": "Request processing completed successfully and its resources are now being provisioned / "
                   "de-provisioned.",
    "timestamp": "2026-11-30T12:00:00.123Z", "response": {"resourceId": 100001},
    "_links": {"resource": {"href": "http://127.0.0.1:8000/v1/subscriptions/100001",
                            "title": "getSubscriptionInformation", "type": "GET"},
               "self": {"href": "http://127.0.0.1:8000/v1/tasks/36d4b04d-72d4-4404-8600-a223120a553e",
                        "type": "GET"}},
}


def make_app():
    from flask import Flask, jsonify

    app = Flask("baseline")
    app.json.sort_keys = False

    @app.get("/v1/tasks/<task_id>")
    def task(task_id):
        return jsonify(BASELINE_TASK)

    return app


def main(extra_threads: int = 0) -> None:
    from mock_api.server import build_server  # the very stack `mock-api serve` runs on

    server = build_server(make_app(), "127.0.0.1", 0, quiet=True, extra_threads=extra_threads)
    print(f"baseline listening on {server.url}", flush=True)
    server.run()


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
