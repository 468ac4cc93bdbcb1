/* The dashboard's drawing: control API data → DOM nodes, and nothing else (no state, no requests).
 *
 * Everything drawn comes from callers of the API (task ids, names, bodies, error texts), so it
 * becomes text nodes and attribute values only, never markup. */

export const FINISHED = new Set(["processing-completed", "processing-error"]);
const SVG_NS = "http://www.w3.org/2000/svg";
const BAR = {width: 240, height: 18, minSegment: 4, finalCap: 8, labelFrom: 22};
const TASK_ACTIONS = ["step", "complete", "fail", "hold"];

export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (props) setProps(node, props);
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);  // a string becomes a text node
  }
  return node;
}

function svg(tag, props, text) {
  const node = document.createElementNS(SVG_NS, tag);
  if (props) setProps(node, props);
  if (text !== undefined) node.textContent = text;
  return node;
}

function setProps(node, props) {
  for (const name in props) {  // a plain loop: this runs tens of thousands of times per draw
    const value = props[name];
    if (name === "data") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
  }
}

export function badge(status, extra) {
  return el("span", {class: "badge " + (extra || status)}, status);
}

export function link(href, text) {
  // hrefs come from the server; only http(s) ever becomes a link
  return /^https?:\/\//i.test(href) ? el("a", {href, rel: "noreferrer"}, text) : el("span", null, text);
}

const clockText = (iso) => (typeof iso === "string" ? iso.slice(11, 23) : "");

function seconds(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60000).toFixed(1)} min`;
}

export function faultText(rule) {
  const where = [rule.method, rule.path, rule.commandType].filter(Boolean).join(" ") || "every request";
  const what = {delay: `delay ${rule.seconds} s`, status: `answer ${rule.status}`, drop: "drop the connection",
    "task-not-found": `task 404 for ${rule.polls} polls`}[rule.action] || rule.action;
  const odds = rule.probability < 1 ? ` · p=${rule.probability}` : "";
  return `#${rule.id} ${what} on ${where}${odds} · hits ${rule.hits}${rule.times ? "/" + rule.times : ""}`;
}

/** The cells of a task's row; `open`: its history is shown below it. */
export function taskCells(record, now, open) {
  const task = record.task;
  const id = task.taskId;
  const finished = FINISHED.has(task.status);
  const status = el("td", {class: "status"}, badge(task.status), record.held ? badge("held", "held") : null);
  const error = task.response && task.response.error;
  if (error) {
    status.append(el("div", {class: "triple"}, el("span", {class: "error-type"}, String(error.type)),
      el("span", {class: "error-status"}, String(error.status)),
      el("span", {class: "error-description"}, String(error.description)),
      task.response.additionalInfo ? el("span", {class: "muted"}, String(task.response.additionalInfo)) : null));
  } else if (task.response && task.response.resourceId !== undefined) {
    status.append(el("div", {class: "muted"}, `resource ${task.response.resourceId}`));
  }
  // A finished task's outcome is history: no buttons (thousands of rows stay light).
  const actions = finished ? [] : TASK_ACTIONS.map((action) => {
    const name = action === "hold" && record.held ? "release" : action;
    return el("button", {type: "button", data: {action: name}}, name + (name === "fail" ? "…" : ""));
  });
  return [
    el("td", {class: "id", title: id}, el("button", {type: "button", data: {toggle: "1"},
      "aria-expanded": String(open), title: "status history"}, open ? "▾" : "▸"), ` ${id}`),
    el("td", null, task.commandType),
    status,
    el("td", {class: "timeline"}, ...timelineCell(record, now)),
    el("td", null, String(record.polls)),
    el("td", {class: "actions"}, ...actions),
  ];
}

export const timelineCell = (record, now) => [timeline(record, now), el("div", {class: "caption"}, caption(record))];

/** The status history as an SVG bar: one segment per status, as wide as it lasted (the final
 * status is a short cap), labelled with the poll that first showed it. Its title (tooltip and
 * accessible name) lists each status with its time, poll and duration: one node per bar, not
 * per segment, so a thousand bars stay light. */
function timeline(record, now) {
  const history = record.history;
  const bar = svg("svg", {class: "timeline", width: BAR.width, height: BAR.height, role: "img",
    viewBox: `0 0 ${BAR.width} ${BAR.height}`});
  const title = svg("title");
  bar.append(title);
  if (!history.length) return bar;
  const finished = FINISHED.has(record.task.status);
  const starts = history.map((h) => Date.parse(h.at));
  const nowMs = Date.parse(now);
  const spans = starts.map((start, i) => Math.max(0, i + 1 < starts.length ? starts[i + 1] - start
    : finished ? 0 : nowMs - start));
  const flexible = history.length - (finished ? 1 : 0);
  const room = BAR.width - (finished ? BAR.finalCap : 0);
  const least = flexible ? Math.min(BAR.minSegment, room / flexible) : 0;
  const total = spans.reduce((sum, span) => sum + span, 0);
  const lines = [];
  let x = 0;
  history.forEach((change, i) => {
    const cap = finished && i === history.length - 1;
    const share = total > 0 ? spans[i] / total : 1 / flexible;
    const width = cap ? BAR.finalCap : least + (room - least * flexible) * share;
    const held = record.held && i === history.length - 1;
    bar.append(svg("rect", {x: x.toFixed(1), y: 0, width: width.toFixed(1), height: BAR.height,
      class: change.status + (held ? " held" : "")}));
    if (width >= BAR.labelFrom) bar.append(svg("text", {x: (x + 3).toFixed(1), y: 13}, `p${change.poll}`));
    lines.push(`${change.status} from ${change.at} (poll ${change.poll})`
      + (cap ? "" : `, for ${seconds(spans[i])}`) + (held ? ", held" : ""));
    x += width;
  });
  title.textContent = lines.join("\n");
  return bar;
}

function caption(record) {
  const history = record.history;
  if (!history.length) return "";
  const first = Date.parse(history[0].at);
  const last = Date.parse(history[history.length - 1].at);
  const parts = [`from ${clockText(history[0].at)}`];
  if (history.length > 1) parts.push(`${history.length} statuses in ${seconds(last - first)}`);
  if (record.nextDeadline) parts.push(`next by ${clockText(record.nextDeadline)}`);
  return parts.join(" · ");
}

export function taskDetail(record) {
  const history = record.history;
  const rows = history.map((change, i) => el("tr", null, el("td", null, change.status),
    el("td", {class: "mono"}, change.at), el("td", null, `poll ${change.poll}`),
    el("td", null, i + 1 < history.length ? seconds(Date.parse(history[i + 1].at) - Date.parse(change.at)) : "")));
  return el("tr", {class: "detail"}, el("td", {colspan: 6},
    el("table", {class: "grid"}, el("thead", null, el("tr", null, el("th", null, "status"), el("th", null, "since"),
      el("th", null, "first shown by"), el("th", null, "lasted"))), el("tbody", null, ...rows)),
    el("pre", null, JSON.stringify(record.task, null, 2))));
}

export function matches(entry, terms) {
  const text = [entry.method, entry.fullPath, entry.query, entry.status, entry.commandType, entry.taskId]
    .join(" ").toLowerCase();
  return terms.every((term) => text.includes(term));
}

/** A journal entry's row, and when `open` the row of its headers and body below it. */
export function requestRows(entry, open) {
  const status = el("td", {class: entry.status >= 400 ? "http-error" : null},
    entry.status === null ? "dropped" : String(entry.status));
  if (entry.fault !== undefined) status.append(el("span", {class: "muted"}, ` fault #${entry.fault}`));
  const duration = typeof entry.durationMs === "number" ? `${entry.durationMs.toFixed(1)} ms` : "—";
  const row = el("tr", {class: "entry", data: {requestId: entry.id}}, el("td", null, String(entry.id)),
    el("td", {class: "mono"}, clockText(entry.time)), el("td", null, entry.method),
    el("td", {class: "mono"}, entry.fullPath + (entry.query ? "?" + entry.query : "")), status,
    el("td", null, entry.commandType || ""), el("td", {class: "id", title: entry.taskId || ""}, entry.taskId || ""),
    el("td", null, duration));
  if (!open) return [row];
  const seen = {headers: entry.headers, body: entry.body};
  for (const key of ["nearMiss", "fault", "bodyTruncated"]) if (entry[key] !== undefined) seen[key] = entry[key];
  return [row, el("tr", {class: "detail"}, el("td", {colspan: 8}, el("pre", null, JSON.stringify(seen, null, 2))))];
}
