"""Take the README's picture of the dashboard: an account with tasks in every state, a few requests,
a fault rule and a scenario of its own, in headless Chromium (the tests' browser, tests/browser.py).

    python tools/dashboard_screenshot.py            # writes docs/dashboard.png
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402

from mock_api import create_app  # noqa: E402
from mock_api.testing import LiveServer  # noqa: E402

TARGET = ROOT / "docs" / "dashboard.png"
SUBSCRIPTION = {"cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
                "databases": [{"name": "cache", "protocol": "redis"}]}
DECLINED = {"scenarios": [{"name": "declined-payment", "match": {
    "commandType": "subscriptionCreateRequest", "body": {"name": "declined-*"}}, "steps": "task",
    "outcome": {"error": {"type": "PAYMENT_INFO_NOT_PROVIDED", "status": "400 BAD_REQUEST",
                          "description": "Payment info is not provided"}}}]}


def populate(server):
    """received, in progress, completed (with its resources), failed (by a scenario and by hand), held."""
    live = server.handle()
    live.freeze()
    client = live.client()

    def create(name):
        return client.post("/subscriptions", json={**SUBSCRIPTION, "name": name}).get_json()["taskId"]

    live.load_scenarios(DECLINED)
    done = create("orders")
    live.advance(3)
    live.wait_for_task(done)
    client.get("/subscriptions")
    live.advance(2)
    declined = create("declined-card")
    client.get(f"/tasks/{declined}")
    live.advance(1)
    client.get(f"/tasks/{declined}")
    failed = create("analytics")
    live.advance(4)
    client.get(f"/tasks/{failed}")
    live.fail(failed, "SUBSCRIPTION_NOT_ACTIVE", "403 FORBIDDEN", "Subscription is not active")
    held = create("sessions")
    live.advance(2)
    client.get(f"/tasks/{held}")
    live.hold(held)
    live.advance(5)
    client.get(f"/tasks/{held}")
    moving = create("search")
    live.advance(1)
    client.get(f"/tasks/{moving}")
    create("events")
    live.advance(2)
    live.add_fault("status", status=429, path="/tasks/*", times=3, headers={"X-Rate-Limit-Remaining": "0"})
    return live


def main() -> int:
    found, missing = browser.find()
    if found is None:
        print(f"no screenshot: {missing}", file=sys.stderr)
        return 1
    server = LiveServer(create_app(seed=7)).start()
    try:
        live = populate(server)
        with tempfile.TemporaryDirectory(prefix="mock-api-chromium-") as profile:
            driver = browser.start(*found, Path(profile))
            try:
                driver.set_window_size(1440, 1480)
                driver.get(f"{server.url}/_mock/ui#account={live.account_id}")
                from selenium.webdriver.support.ui import WebDriverWait

                WebDriverWait(driver, 20).until(lambda d: d.execute_script(
                    "return document.querySelectorAll('#tasks tbody tr').length === 6"
                    " && document.querySelectorAll('#journal tr.entry').length > 0"
                    " && window.dashboardTimings.tasksPainted !== null"))
                driver.save_screenshot(str(TARGET))
            finally:
                driver.quit()
    finally:
        server.stop()
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
