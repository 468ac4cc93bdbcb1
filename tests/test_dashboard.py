"""The dashboard (/_mock/ui): its routes over HTTP, then the page itself in headless Chromium
against a live server, driven as a user would (clicks and typing) and checked against the server.

The browser tests skip, saying why, when Chromium, chromedriver or Selenium is missing; CI sets
MOCK_API_REQUIRE_BROWSER=1 (.ci/run), which turns that skip into a failure.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

import browser
from mock_api import create_app
from mock_api.testing import LiveServer

ROOT = Path(__file__).resolve().parents[1]
SUB = {"name": "dash", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
       "databases": [{"name": "db", "protocol": "redis"}]}
HOSTILE = '<img src=x onerror="document.title=\'pwned\'">'
TOKEN = "dash-s3cret"


def create(live, name="dash"):
    """A subscription create over HTTP, as an SDK sends it; the task's id."""
    answer = requests.post(live.v1_url + "/subscriptions", json={**SUB, "name": name}, headers=live.headers, timeout=10)
    assert answer.status_code == 202, answer.text
    return answer.json()["taskId"]


# ---------------------------------------------------------------- the routes (no browser)


def test_index_lists_every_control_route_and_the_page(api):
    index = api.client.get("/_mock/").get_json()
    assert index["dashboard"] == "http://localhost/_mock/ui"
    assert index["openapi"] == "http://localhost/_mock/openapi.json"
    listed = {(e["method"], re.sub(r"\{[^}]*\}", "{}", e["path"])) for e in index["entryPoints"]}
    served = {(method, re.sub(r"<[^>]*>", "{}", rule.rule)) for rule in api.client.application.url_map.iter_rules()
              if rule.rule.startswith("/_mock") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served <= listed, f"control routes missing from GET /_mock/: {sorted(served - listed)}"
    assert all(entry["summary"] for entry in index["entryPoints"])
    assert api.client.get("/v1/_mock/").get_json()["dashboard"] == "http://localhost/v1/_mock/ui"


def test_page_and_assets_are_served_with_a_strict_policy_and_no_inline_code(api):
    page = api.client.get("/_mock/ui")
    assert page.status_code == 200 and page.mimetype == "text/html"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    html = page.get_data(as_text=True)
    assert re.findall(r"<script[^>]*>", html) == ['<script type="module" src="/_mock/ui/dashboard.js">']
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
    assert 'data-api="/_mock"' in html and 'data-token-required="false"' in html
    for asset, mimetype in (("dashboard.js", "text/javascript"), ("draw.js", "text/javascript"),
                            ("dashboard.css", "text/css")):
        answer = api.client.get("/_mock/ui/" + asset)
        assert answer.status_code == 200 and answer.mimetype == mimetype and answer.get_data()
        assert answer.headers["Content-Security-Policy"] == policy
    for script in ("dashboard.js", "draw.js"):
        code = api.client.get("/_mock/ui/" + script).get_data(as_text=True)
        assert not re.search(r"\.(inner|outer)HTML\s*[+]?=|insertAdjacentHTML|document\.write|eval\(", code), \
            "data is drawn as text, never parsed as markup or code"
    under_v1 = api.client.get("/v1/_mock/ui").get_data(as_text=True)
    assert 'data-api="/v1/_mock"' in under_v1 and 'src="/v1/_mock/ui/dashboard.js"' in under_v1


def test_page_holds_no_data(api):
    task_id = api.post("/subscriptions", json=SUB).get_json()["taskId"]
    html = api.client.get("/_mock/ui").get_data(as_text=True)
    assert task_id not in html and "test-key" not in html


def test_with_an_admin_token_the_page_is_public_and_its_data_is_not():
    client = create_app(admin_token=TOKEN).test_client()
    for path in ("/_mock/ui", "/_mock/ui/dashboard.js", "/_mock/ui/draw.js", "/_mock/ui/dashboard.css"):
        assert client.get(path).status_code == 200, path
    assert 'data-token-required="true"' in client.get("/_mock/ui").get_data(as_text=True)
    for path in ("/_mock/", "/_mock/resources", "/_mock/accounts", "/_mock/tasks"):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200, path


def test_resources_are_listed_by_kind_with_their_api_url_without_counting_a_read(api):
    api.client.post("/_mock/clock/freeze", headers=api.headers)  # provisioning then moves only by reads
    finished = api.run_task(api.post("/subscriptions", json=SUB))
    sub_id = finished["response"]["resourceId"]
    listing = [api.client.get("/_mock/resources?kind=subscription", headers=api.headers).get_json()["resources"]
               for _ in range(3)]
    assert listing[0] == listing[2] == [{
        "accountId": listing[0][0]["accountId"], "kind": "subscription", "id": sub_id,
        "ids": {"subscriptionId": sub_id}, "status": "pending", "name": "dash",
        "href": f"http://localhost/subscriptions/{sub_id}"}]
    assert api.get(f"/subscriptions/{sub_id}").status_code == 200  # a client's read moves it on
    everything = api.client.get("/_mock/resources", headers=api.headers).get_json()["resources"]
    kinds = [r["kind"] for r in everything]
    assert {"subscription", "database", "cloud-account", "acl-redis-rule"} <= set(kinds)
    assert kinds == sorted(kinds, key=kinds.index)  # grouped by kind
    database = next(r for r in everything if r["kind"] == "database")
    assert api.client.get(database["href"].replace("http://localhost", "/v1"), headers=api.headers).status_code == 200


def test_resources_of_another_account_are_not_listed_and_bad_queries_are_refused(api):
    api.run_task(api.post("/subscriptions", json=SUB))
    other = api.as_account("other-key", "other-secret")
    other.get("/tasks")
    mine = api.client.get("/_mock/resources?kind=subscription", headers=api.headers).get_json()["resources"]
    theirs = api.client.get("/_mock/resources?kind=subscription", headers=other.headers).get_json()["resources"]
    assert len(mine) == 1 and theirs == []
    assert api.client.get("/_mock/resources?kind=subscriptions").status_code == 400
    assert "subscription, database" in api.client.get("/_mock/resources?kind=x").get_json()["message"]
    assert api.client.get("/_mock/resources?accountId=999999").status_code == 404
    assert api.client.get("/_mock/resources?accountId=abc").status_code == 400


def test_journal_entries_say_how_long_each_answer_took(api):
    api.post("/subscriptions", json=SUB)
    api.get("/tasks/nope")
    entries = api.client.get("/_mock/requests", headers=api.headers).get_json()["requests"]
    assert [e["status"] for e in entries] == [202, 404]
    assert all(isinstance(e["durationMs"], float) and 0 < e["durationMs"] < 10_000 for e in entries)


def test_serve_links_the_dashboard_in_its_start_up_lines(serve):
    for args, note in (((), ""), (("--admin-token", TOKEN), "  (asks for the admin token)")):
        server = serve(*args)
        lines = [server.process.stdout.readline().rstrip("\n") for _ in range(5)]
        assert f"  dashboard    {server.url}/_mock/ui{note}" in lines, lines
        page = requests.get(server.url + "/_mock/ui", timeout=10)
        assert page.status_code == 200 and "mock_api dashboard" in page.text


# ---------------------------------------------------------------- the page in a real browser


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    found, missing = browser.find()
    if found is None:
        if browser.required():
            pytest.fail(f"{browser.REQUIRE}=1 but {missing}")
        pytest.skip(f"dashboard browser tests skipped: {missing}")
    driver = browser.start(*found, tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def wait(driver, condition, timeout=15):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # IndexError: css(...)[0] of an element not drawn yet
    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=(
        NoSuchElementException, StaleElementReferenceException, IndexError)).until(condition)


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def open_page(driver, url, account_id=None):
    driver.get("about:blank")  # a new document: only the hash would differ otherwise
    driver.get(url + "/_mock/ui" + (f"#account={account_id}" if account_id else ""))


def status_of(driver, task_id):
    return css(driver, f'tr[data-task-id="{task_id}"] td.status .badge')[0].text


def click(driver, selector):
    """Click the element (found again if a refresh replaced it meanwhile)."""
    wait(driver, lambda d: css(d, selector)[0].click() or True)


def screenshot(driver, path):
    driver.save_screenshot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_task_created_over_the_api_appears_and_moves_when_stepped_from_the_page(chromium, mock_api_live, tmp_path):
    mock_api_live.freeze()  # nothing moves by time: only the page's clicks
    task_id = create(mock_api_live)
    open_page(chromium, mock_api_live.url, mock_api_live.account_id)
    wait(chromium, lambda d: status_of(d, task_id) == "received")
    row = f'tr[data-task-id="{task_id}"]'
    assert css(chromium, row + " td")[1].text == "subscriptionCreateRequest"
    assert len(css(chromium, row + " svg.timeline rect")) == 1

    click(chromium, row + ' button[data-action="step"]')
    wait(chromium, lambda d: status_of(d, task_id) == "processing-in-progress")
    assert mock_api_live.task(task_id)["status"] == "processing-in-progress"  # the server moved, not the page
    assert [h["status"] for h in mock_api_live.history(task_id)] == ["received", "processing-in-progress"]
    wait(chromium, lambda d: len(css(d, row + " svg.timeline rect")) == 2)
    [title] = [t.get_attribute("textContent") for t in css(chromium, row + " svg.timeline title")]
    history = [f"{h['status']} from {h['at'].isoformat(timespec='microseconds').replace('+00:00', 'Z')} "
               f"(poll {h['poll']}), for 0 ms" for h in mock_api_live.history(task_id)]  # the clock is frozen
    assert title.split("\n") == history

    click(chromium, row + ' button[data-action="complete"]')
    wait(chromium, lambda d: status_of(d, task_id) == "processing-completed")
    sub_id = mock_api_live.task(task_id)["response"]["resourceId"]
    assert f"resource {sub_id}" in css(chromium, row + " td.status")[0].text
    assert all(not b.is_enabled() for b in css(chromium, row + " td.actions button"))
    link = wait(chromium, lambda d: css(d, f'#resources tr[data-kind="subscription"][data-id="{sub_id}"] a')[0])
    assert link.get_attribute("href") == f"{mock_api_live.url}/subscriptions/{sub_id}"
    screenshot(chromium, tmp_path / "dashboard-stepped.png")


def test_a_failed_task_shows_its_error_triple_as_text(chromium, mock_api_live, tmp_path):
    mock_api_live.freeze()
    failed_over_api, failed_on_page = create(mock_api_live, "a"), create(mock_api_live, "b")
    mock_api_live.fail(failed_over_api, "PAYMENT_INFO_NOT_PROVIDED", "400 BAD_REQUEST", HOSTILE)
    open_page(chromium, mock_api_live.url, mock_api_live.account_id)
    wait(chromium, lambda d: status_of(d, failed_over_api) == "processing-error")
    triple = f'tr[data-task-id="{failed_over_api}"] .triple'
    assert [css(chromium, f"{triple} .error-{part}")[0].text for part in ("type", "status", "description")] == \
        ["PAYMENT_INFO_NOT_PROVIDED", "400 BAD_REQUEST", HOSTILE]  # shown as text, never run

    row = f'tr[data-task-id="{failed_on_page}"]'
    click(chromium, row + ' button[data-action="fail"]')
    fields = {"fail-type": "SUBSCRIPTION_NOT_ACTIVE", "fail-status": "bad status", "fail-description": "Inactive"}
    for field, value in fields.items():
        css(chromium, "#" + field)[0].clear()
        css(chromium, "#" + field)[0].send_keys(value)
    css(chromium, "#fail-submit")[0].click()  # refused by the control API: its message, and nothing changed
    wait(chromium, lambda d: "status" in css(d, "#fail-error")[0].text)
    assert mock_api_live.task(failed_on_page)["status"] == "received"
    css(chromium, "#fail-status")[0].clear()
    css(chromium, "#fail-status")[0].send_keys("403 FORBIDDEN")
    css(chromium, "#fail-submit")[0].click()
    wait(chromium, lambda d: status_of(d, failed_on_page) == "processing-error")
    assert mock_api_live.task(failed_on_page)["response"]["error"] == {
        "type": "SUBSCRIPTION_NOT_ACTIVE", "status": "403 FORBIDDEN", "description": "Inactive"}
    assert css(chromium, f"{row} .error-type")[0].text == "SUBSCRIPTION_NOT_ACTIVE"
    assert not css(chromium, "#fail-dialog[open]")
    assert css(chromium, "#tasks img") == [] and chromium.title == "mock_api dashboard"
    screenshot(chromium, tmp_path / "dashboard-failed.png")


def test_the_admin_token_is_asked_for_and_required(chromium, tmp_path):
    server = LiveServer(create_app(admin_token=TOKEN)).start()
    try:
        live = server.handle()
        live.freeze()
        task_id = create(live)
        open_page(chromium, server.url, live.account_id)
        wait(chromium, lambda d: css(d, "#token-panel")[0].is_displayed())
        assert not css(chromium, "#content")[0].is_displayed()
        assert css(chromium, "#tasks tbody tr") == [] and task_id not in chromium.page_source

        css(chromium, "#token-input")[0].send_keys("wrong", "\n")
        wait(chromium, lambda d: css(d, "#token-error")[0].text == "That token was refused.")
        assert css(chromium, "#token-panel")[0].is_displayed() and task_id not in chromium.page_source

        css(chromium, "#token-input")[0].send_keys(TOKEN, "\n")
        wait(chromium, lambda d: status_of(d, task_id) == "received")
        assert not css(chromium, "#token-panel")[0].is_displayed()
        click(chromium, f'tr[data-task-id="{task_id}"] button[data-action="step"]')  # actions send it too
        wait(chromium, lambda d: status_of(d, task_id) == "processing-in-progress")
        assert live.task(task_id)["status"] == "processing-in-progress"
        assert TOKEN not in chromium.page_source
        screenshot(chromium, tmp_path / "dashboard-token.png")
    finally:
        server.stop()


def test_clock_faults_hold_and_reset_from_the_page(chromium, mock_api_live):
    mock_api_live.freeze()
    task_id = create(mock_api_live)
    rule = mock_api_live.add_fault("status", status=503, path="/nothing/*")
    mock_api_live.load_scenarios({"scenarios": [{"name": "dash-declined", "match": {
        "commandType": "subscriptionCreateRequest", "body": {"name": "declined-*"}}, "steps": "task",
        "outcome": {"error": {"type": "PAYMENT_INFO_NOT_PROVIDED", "status": "400 BAD_REQUEST",
                              "description": "Payment info is not provided"}}}]})
    open_page(chromium, mock_api_live.url, mock_api_live.account_id)
    wait(chromium, lambda d: css(d, "#faults li")[0].text.startswith(f"#{rule['id']} answer 503 on /nothing/*"))
    wait(chromium, lambda d: "dash-declined — loaded for this account" in css(d, "#scenarios li.own")[0].text)

    click(chromium, "#faults-clear")
    wait(chromium, lambda d: css(d, "#faults li")[0].text == "none")
    assert mock_api_live.faults() == []

    row = f'tr[data-task-id="{task_id}"]'

    def held():
        record = requests.get(f"{mock_api_live.url}/_mock/tasks/{task_id}", headers=mock_api_live.headers, timeout=10)
        return record.json()["held"]

    click(chromium, row + ' button[data-action="hold"]')
    wait(chromium, lambda d: css(d, row + " .badge.held"))
    assert held()
    click(chromium, row + ' button[data-action="release"]')
    wait(chromium, lambda d: not css(d, row + " .badge.held"))
    assert not held()

    before = mock_api_live.now()
    seconds = css(chromium, "#advance-seconds")[0]
    seconds.clear()
    seconds.send_keys("120", "\n")
    wait(chromium, lambda d: (mock_api_live.now() - before).total_seconds() == 120)
    shown = mock_api_live.now().isoformat(timespec="microseconds").replace("+00:00", "Z")
    wait(chromium, lambda d: css(d, "#clock-now")[0].text == shown)
    wait(chromium, lambda d: status_of(d, task_id) == "processing-completed")  # its timed steps ran out

    click(chromium, "#reset-ask")
    click(chromium, "#reset-yes")
    wait(chromium, lambda d: not css(d, "#tasks tbody tr"))
    assert mock_api_live.tasks() == [] and mock_api_live.emulator.loaded_scenarios(mock_api_live.account) == []


def test_the_journal_shows_requests_with_secrets_masked_and_filters_them(chromium, mock_api_live):
    task_id = create(mock_api_live)
    requests.get(f"{mock_api_live.v1_url}/tasks/{task_id}", headers=mock_api_live.headers, timeout=10)
    requests.get(f"{mock_api_live.v1_url}/subscriptions/424242", headers=mock_api_live.headers, timeout=10)
    open_page(chromium, mock_api_live.url, mock_api_live.account_id)
    rows = "#journal tr.entry"
    wait(chromium, lambda d: len(css(d, rows)) == 3)
    cells = [[td.text for td in row.find_elements("css selector", "td")] for row in css(chromium, rows)]
    assert [c[2:6] for c in cells] == [["GET", "/v1/subscriptions/424242", "404", ""],
                                       ["GET", f"/v1/tasks/{task_id}", "200", ""],
                                       ["POST", "/v1/subscriptions", "202", "subscriptionCreateRequest"]]
    assert all(re.fullmatch(r"\d+\.\d ms", c[7]) for c in cells)

    css(chromium, rows)[2].click()
    detail = wait(chromium, lambda d: css(d, "#journal tr.detail pre")[0].text)
    assert '"x-api-secret-key": "***' in detail and '"name": "dash"' in detail
    assert mock_api_live.secret not in chromium.page_source

    search = css(chromium, "#journal-filter")[0]
    search.send_keys("/subscriptions/424242")
    wait(chromium, lambda d: len(css(d, rows)) == 1 and " 404" in css(d, rows)[0].text)
    search.clear()
    search.send_keys("createrequest 202")  # every word must match, in any column
    wait(chromium, lambda d: len(css(d, rows)) == 1 and "POST" in css(d, rows)[0].text)
