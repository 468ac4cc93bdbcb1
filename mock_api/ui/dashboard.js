/* mock_api dashboard: the control API, the page's state, refreshing and the buttons; draw.js turns
 * the data into DOM nodes (as text only). It reads the control API's JSON and acts only through it.
 *
 * Tables are keyed: a refresh redraws only the rows whose data changed, so an account with
 * thousands of tasks stays responsive. */
import {FINISHED, badge, el, faultText, link, matches, requestRows, taskCells, taskDetail, timelineCell}
  from "./draw.js";

const API = document.body.dataset.api;
const REFRESH_MS = 1000;
const MAX_ACCOUNTS = 200;
const MAX_REQUESTS = 100;

const $ = (id) => document.getElementById(id);
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const NO_ACCOUNT = $("no-account").textContent;
const state = {
  token: null,
  locked: document.body.dataset.tokenRequired === "true",
  chosen: accountFromHash(),  // the account asked for in the URL (#account=N); null: the newest
  shown: null,  // the account drawn now
  timer: null,
  running: null,  // the load under way, if any
  again: false,  // load again when it is done
  loadFailed: false,  // the notice shows why the last load failed
  signatures: {},  // per section: what was last drawn (skip unchanged sections)
  taskRows: new Map(),  // task id → {row, detail, signature}
  openTasks: new Set(),
  openRequests: new Set(),
  journal: [],
  scenarios: {key: null, data: null},
  failing: null,  // the task the fail dialog is for
};
// Timings for bench/dashboard.py (milliseconds since navigation started / per draw).
const timings = window.dashboardTimings = {tasksDrawn: null, tasksPainted: null, draws: []};

// ------------------------------------------------------------------ DOM, as text only

function notify(message, bad) {
  const notice = $("notice");
  notice.textContent = message;
  notice.className = bad ? "bad" : "";
}

// ------------------------------------------------------------------ the control API

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = {Accept: "application/json"};
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const init = {method, headers, cache: "no-store", credentials: "omit"};
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  const data = await response.json().catch(() => null);
  if (response.status === 401) {
    lock(state.token ? "That token was refused." : "");
    throw new ApiError(401, "the admin token is needed");
  }
  if (!response.ok) {
    const message = data && typeof data.message === "string" ? data.message : response.statusText;
    throw new ApiError(response.status, `${response.status}: ${message}`);
  }
  return data;
}

const scoped = (path) => `${path}${path.includes("?") ? "&" : "?"}accountId=${state.shown}`;

async function act(done, method, path, body) {
  try {
    await call(method, scoped(path), body);
    notify(done);
  } catch (error) {
    if (error.status !== 401) notify(error.message, true);
    throw error;
  } finally {
    refresh();
  }
}

// ------------------------------------------------------------------ the admin token

function lock(message) {
  const wasLocked = state.locked;
  state.locked = true;
  state.token = null;
  forgetAccount();
  for (const id of ["accounts", "tasks", "resources", "journal"]) $(id).tBodies[0].replaceChildren();
  for (const id of ["faults", "scenarios", "account-facts"]) $(id).replaceChildren();
  $("content").hidden = true;
  $("token-panel").hidden = false;
  if (message || !wasLocked) $("token-error").textContent = message;  // parallel 401s keep the first word
  $("token-input").focus();
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.token = $("token-input").value;
  $("token-input").value = "";
  state.locked = false;
  refresh();
});

// ------------------------------------------------------------------ refreshing

function accountFromHash() {
  const match = /^#account=(\d{1,10})$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function schedule() {
  clearTimeout(state.timer);
  if (!state.locked && $("live").checked && !document.hidden) state.timer = setTimeout(refresh, REFRESH_MS);
}

/** Load and draw now; during a load, once more right after it (an action's effect is never
 * hidden by a load that started before it). */
function refresh() {
  if (state.locked) return Promise.resolve();
  if (state.running) {
    state.again = true;
    return state.running;
  }
  state.running = load().finally(() => {
    state.running = null;
    if (state.again) {
      state.again = false;
      refresh();
    } else {
      schedule();
    }
  });
  return state.running;
}

async function load() {
  try {
    const {accounts} = await call("GET", "/accounts");
    $("token-panel").hidden = true;
    $("content").hidden = false;
    const account = pickAccount(accounts);
    drawAccounts(accounts, account);
    if (account) await loadAccount(account);
    else forgetAccount();
    $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    if (state.loadFailed) notify("");
    state.loadFailed = false;
  } catch (error) {
    if (error.status === 401) return;
    // fetch rejects (a TypeError) only when no answer came at all
    notify(error instanceof ApiError ? error.message : "mock_api does not answer (stopped?)", true);
    state.loadFailed = true;
  }
}

/** The account in the URL, or (none asked) the newest: a test's account as it starts. */
function pickAccount(accounts) {
  if (state.chosen === null) {
    $("no-account").textContent = NO_ACCOUNT;
    return accounts.reduce((newest, a) => (!newest || a.accountId > newest.accountId ? a : newest), null);
  }
  const asked = accounts.find((a) => a.accountId === state.chosen) || null;
  if (!asked) $("no-account").textContent = `Account ${state.chosen} is not on this server (any more).`;
  return asked;
}

/** Fetch the account's sections and draw each as soon as it arrives: the tasks first, alone
 * (the server answers one request at a time, as fast as it can: the tasks then need not wait
 * for the journal's thousand entries), then the rest together. */
async function loadAccount(account) {
  if (state.shown !== account.accountId) {
    forgetAccount();
    state.shown = account.accountId;
  }
  $("no-account").hidden = true;
  $("account").hidden = false;
  await call("GET", scoped("/tasks")).then((tasks) => drawTasks(tasks.tasks, account.now));
  // the scenarios in force change only when the account loads some or changes profile
  const scenariosKey = `${account.accountId}:${account.scenarios}:${account.profile}`;
  const scenarios = state.scenarios.key === scenariosKey ? Promise.resolve(state.scenarios.data)
    : call("GET", scoped("/scenarios"));
  await Promise.all([
    call("GET", scoped("/clock")).then((clock) => drawSummary(account, clock)),
    call("GET", scoped("/resources")).then((resources) => drawResources(resources.resources)),
    call("GET", scoped("/requests")).then((requests) => {
      state.journal = requests.requests;
      drawJournal();
    }),
    call("GET", scoped("/faults")).then((faults) => drawFaults(faults.faults)),
    scenarios.then((data) => {
      state.scenarios = {key: scenariosKey, data};
      drawScenarios(data, account.scenarios);
    })]);
}

function forgetAccount() {
  state.shown = null;
  state.signatures = {};
  state.taskRows.clear();
  state.openTasks.clear();
  state.openRequests.clear();
  state.journal = [];
  state.scenarios = {key: null, data: null};
  $("tasks").tBodies[0].replaceChildren();
  $("account").hidden = true;
  $("no-account").hidden = false;
}

/** Draw a section only when its data changed since it was last drawn. */
function changed(section, data) {
  const signature = JSON.stringify(data);
  if (state.signatures[section] === signature) return false;
  state.signatures[section] = signature;
  return true;
}

// ------------------------------------------------------------------ accounts and the summary

function drawAccounts(accounts, selected) {
  const newest = accounts.slice().sort((a, b) => b.accountId - a.accountId).slice(0, MAX_ACCOUNTS);
  const rows = newest.map((a) => [a.accountId, a.key, a.tasks]);
  $("accounts-note").textContent = accounts.length > MAX_ACCOUNTS
    ? `the newest ${MAX_ACCOUNTS} of ${accounts.length}; open another as #account=N` : "";
  if (!changed("accounts", [rows, selected && selected.accountId])) return;
  $("accounts").tBodies[0].replaceChildren(...newest.map((a) => el("tr", {
    data: {accountId: a.accountId}, class: selected && a.accountId === selected.accountId ? "selected" : null,
  }, el("td", null, el("a", {href: `#account=${a.accountId}`}, String(a.accountId))),
  el("td", {class: "id", title: a.key}, a.key),
  el("td", null, String(a.tasks)))));
}

$("accounts").tBodies[0].addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-account-id]");
  if (row) location.hash = "account=" + row.dataset.accountId;  // hashchange refreshes
});

window.addEventListener("hashchange", () => {
  state.chosen = accountFromHash();
  refresh();
});

function drawSummary(account, clock) {
  $("account-id").textContent = String(account.accountId);
  $("clock-now").textContent = clock.now;
  $("clock-flags").textContent = [clock.frozen ? "frozen" : "running",
    account.clockChanged ? "moved by the control API" : "the server's time"].join(" · ");
  const facts = [["key", account.key], ["profile", account.profile || "the server's"],
    ["links", account.links || "the server's"], ["scenario", account.scenario || "by matching"],
    ["tasks", account.tasks], ["resources", account.resources]];
  if (!changed("summary", facts)) return;
  $("account-facts").replaceChildren(...facts.flatMap(([name, value]) => [el("dt", null, name),
    el("dd", null, String(value))]));
}

$("advance-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const seconds = Number($("advance-seconds").value);
  act(`Clock advanced by ${seconds} s`, "POST", "/clock/advance", {seconds})
    .catch(() => {});
});

$("reset-ask").addEventListener("click", () => { $("reset-confirm").hidden = false; });
$("reset-no").addEventListener("click", () => { $("reset-confirm").hidden = true; });
$("reset-yes").addEventListener("click", () => {
  $("reset-confirm").hidden = true;
  act(`Account ${state.shown} reset`, "POST", "/reset").catch(() => {});
});
$("faults-clear").addEventListener("click", () => {
  act("Fault rules cleared", "DELETE", "/faults").catch(() => {});
});

// ------------------------------------------------------------------ faults and scenarios

function drawFaults(faults) {
  $("faults-count").textContent = String(faults.length);
  $("faults-clear").disabled = faults.length === 0;
  if (!changed("faults", faults)) return;
  $("faults").replaceChildren(...(faults.length ? faults.map((rule) => el("li", null, faultText(rule)))
    : [el("li", {class: "muted"}, "none")]));
}

function drawScenarios(scenarios, ownCount) {
  // The account's own run-time scenarios come first in matching order; then everyone's.
  $("scenarios-count").textContent = `${ownCount} loaded here · ${scenarios.scenarios.length} in force`;
  $("scenarios-profile").textContent = scenarios.profile;
  if (!changed("scenarios", [scenarios.scenarios, ownCount])) return;
  $("scenarios").replaceChildren(...scenarios.scenarios.map((s, i) => el("li", {class: i < ownCount ? "own" : "muted"},
    `${s.name} — ${i < ownCount ? "loaded for this account, " : ""}${s.origin}`)));
}

// ------------------------------------------------------------------ tasks

function drawTasks(records, now) {
  const started = performance.now();
  // Stable order: newest submitted first (a task does not jump when it moves).
  const submitted = (record) => (record.history[0] ? record.history[0].at : "");
  const sorted = records.slice().sort((a, b) => compare(submitted(b), submitted(a))
    || compare(a.task.taskId, b.task.taskId));
  const body = $("tasks").tBodies[0];
  const seen = new Set();
  let before = body.firstChild;
  for (const record of sorted) {
    const id = record.task.taskId;
    seen.add(id);
    let entry = state.taskRows.get(id);
    if (!entry) {
      entry = {row: el("tr", {data: {taskId: id}}), bar: null, detail: null, signature: null, barNow: null};
      state.taskRows.set(id, entry);
    }
    const signature = JSON.stringify([record.task.status, record.history, record.held, record.polls,
      record.nextDeadline, state.openTasks.has(id)]);
    // A running task's last segment grows with the clock: only its bar is redrawn then, so its
    // buttons stay put under the pointer.
    const barNow = FINISHED.has(record.task.status) ? null : now;
    if (entry.signature !== signature) {
      entry.signature = signature;
      const cells = taskCells(record, now, state.openTasks.has(id));
      entry.bar = cells[3];
      entry.row.replaceChildren(...cells);
      entry.detail = state.openTasks.has(id) ? taskDetail(record) : null;
    } else if (entry.barNow !== barNow) {
      entry.bar.replaceChildren(...timelineCell(record, now));
    }
    entry.barNow = barNow;
    for (const node of entry.detail ? [entry.row, entry.detail] : [entry.row]) {
      if (node !== before) body.insertBefore(node, before);
      else before = before.nextSibling;
    }
  }
  while (before) {  // rows of tasks that are gone (a reset, retention), and closed details
    const next = before.nextSibling;
    before.remove();
    before = next;
  }
  for (const id of [...state.taskRows.keys()]) if (!seen.has(id)) state.taskRows.delete(id);
  $("tasks-count").textContent = String(records.length);
  noteDraw(started, records.length);
}

function noteDraw(started, count) {
  const finished = performance.now();
  timings.draws.push(finished - started);
  if (timings.draws.length > 100) timings.draws.shift();
  if (timings.tasksDrawn === null && count > 0) {
    timings.tasksDrawn = finished;
    // after the next frame is painted
    requestAnimationFrame(() => setTimeout(() => { timings.tasksPainted = performance.now(); }, 0));
  }
}

$("tasks").tBodies[0].addEventListener("click", (event) => {
  const button = event.target.closest("button");
  const row = button && button.closest("tr[data-task-id]");
  if (!row) return;
  const id = row.dataset.taskId;
  if (button.dataset.toggle) {
    if (!state.openTasks.delete(id)) state.openTasks.add(id);
    refresh();
  } else if (button.dataset.action === "fail") {
    openFailDialog(id);
  } else if (button.dataset.action) {
    act(`Task ${id}: ${button.dataset.action}`, "POST", `/tasks/${encodeURIComponent(id)}/${button.dataset.action}`)
      .catch(() => {});
  }
});

function openFailDialog(id) {
  state.failing = id;
  $("fail-task").textContent = id;
  $("fail-error").textContent = "";
  $("fail-dialog").showModal();
}

$("fail-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const body = {type: $("fail-type").value, status: $("fail-status").value, description: $("fail-description").value};
  if ($("fail-info").value) body.additionalInfo = $("fail-info").value;
  act(`Task ${state.failing}: failed`, "POST", `/tasks/${encodeURIComponent(state.failing)}/fail`, body)
    .then(() => $("fail-dialog").close(), (error) => { $("fail-error").textContent = error.message; });
});
$("fail-cancel").addEventListener("click", () => $("fail-dialog").close());

// ------------------------------------------------------------------ resources

function drawResources(resources) {
  $("resources-count").textContent = String(resources.length);
  if (!changed("resources", resources)) return;
  $("resources").tBodies[0].replaceChildren(...resources.map((r) => el("tr", {data: {kind: r.kind, id: r.id}},
    el("td", null, r.kind), el("td", null, String(r.id)), el("td", null, r.name || ""),
    el("td", null, badge(r.status)), el("td", {class: "mono"}, link(r.href, r.href.replace(/^https?:\/\/[^/]*/i, ""))))));
}

// ------------------------------------------------------------------ the request journal

function drawJournal() {
  const entries = state.journal;
  const terms = $("journal-filter").value.toLowerCase().split(/\s+/).filter(Boolean);
  const last = entries.length ? entries[entries.length - 1].id : 0;
  if (!changed("journal", [entries.length, last, terms, [...state.openRequests]])) return;
  const shown = [];
  for (let i = entries.length - 1; i >= 0 && shown.length < MAX_REQUESTS; i--) {
    if (matches(entries[i], terms)) shown.push(entries[i]);
  }
  $("journal-count").textContent = terms.length ? `${shown.length} shown of ${entries.length}` : String(entries.length);
  $("journal-note").textContent = shown.length === MAX_REQUESTS ? `the newest ${MAX_REQUESTS} shown` : "";
  $("journal").tBodies[0].replaceChildren(...shown.flatMap((entry) => requestRows(entry,
    state.openRequests.has(entry.id))));
}

$("journal").tBodies[0].addEventListener("click", (event) => {
  const row = event.target.closest("tr.entry");
  if (!row) return;
  const id = Number(row.dataset.requestId);
  if (!state.openRequests.delete(id)) state.openRequests.add(id);
  drawJournal();
});
$("journal-filter").addEventListener("input", drawJournal);

// ------------------------------------------------------------------ start

$("live").addEventListener("change", () => refresh());
document.addEventListener("visibilitychange", () => (document.hidden ? clearTimeout(state.timer) : refresh()));
if (state.locked) lock("");
else refresh();
