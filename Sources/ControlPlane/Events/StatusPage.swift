import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The status page (issue 5 item 7) at `GET /` and `GET /status` on the control listener: one
/// self-contained HTML document (inline CSS and JS, no external assets, so it works offline and
/// under a strict CSP-less loopback) showing hosted zones, health checks with live status, and
/// for each routed name the answer served now.
///
/// The page renders from `GET /_lab/status` and re-fetches it whenever `GET /_lab/events`
/// (EventSource) reports a transition, so what it shows always comes from one consistent
/// document rather than from patching rows event by event. Values are inserted with
/// `textContent`, never as HTML: record values (TXT) are user data.
enum StatusPage {
    static func response() -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lab53 status</title>
<style>
  :root { --ok: #1a7f37; --bad: #cf222e; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1f2328; }
  header { display: flex; align-items: center; gap: 16px; padding: 12px 24px; background: #24292f; color: #fff; }
  header h1 { margin: 0; font-size: 18px; font-weight: 600; }
  header .meta { color: #c9d1d9; font-size: 12px; }
  #connection { margin-left: auto; font-size: 12px; padding: 2px 10px; border-radius: 10px; background: #57606a; }
  #connection.live { background: var(--ok); }
  #connection.down { background: var(--bad); }
  main { padding: 8px 24px 24px; }
  section { margin-top: 18px; }
  h2 { font-size: 15px; margin: 0 0 6px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { background: var(--bg); font-weight: 600; font-size: 12px; color: var(--muted); }
  code, .mono { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12.5px; }
  .badge { display: inline-block; min-width: 74px; text-align: center; padding: 1px 8px; border-radius: 10px;
           font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); }
  .badge.Healthy { background: var(--ok); }
  .badge.Unhealthy { background: var(--bad); }
  .note { color: var(--muted); font-size: 12px; }
  .overlay { color: #9a6700; font-weight: 600; font-size: 12px; }
  ul.sets { list-style: none; margin: 0; padding: 0; }
  ul.sets li { margin: 1px 0; }
  #events li { font-size: 12.5px; }
  .empty { color: var(--muted); font-style: italic; }
</style>
</head>
<body data-loaded="false" data-last-event-id="0" data-live-events="0">
<header>
  <h1>Lab53</h1>
  <span class="meta" id="generation">loading…</span>
  <span id="connection">connecting</span>
</header>
<main>
  <section id="routed">
    <h2>Routed names — answer served now</h2>
    <table><thead><tr><th>Name</th><th>Type</th><th>Policy</th><th>Record sets</th><th>Answer</th></tr></thead>
    <tbody id="routed-rows"></tbody></table>
  </section>
  <section id="checks">
    <h2>Health checks</h2>
    <table><thead><tr><th>ID</th><th>Type</th><th>Endpoint</th><th>Status</th><th>Real</th><th>Checkers healthy</th>
    <th>Drill</th><th>Last failure</th></tr></thead>
    <tbody id="check-rows"></tbody></table>
  </section>
  <section id="zones">
    <h2>Hosted zones</h2>
    <table><thead><tr><th>Name</th><th>ID</th><th>Record sets</th><th>Name servers</th></tr></thead>
    <tbody id="zone-rows"></tbody></table>
  </section>
  <section>
    <h2>Health events</h2>
    <ul id="events"><li class="empty">none since this page was opened</li></ul>
  </section>
</main>
<script>
"use strict";
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
function badge(status) { return el("span", { class: "badge " + status, "data-status": status }, status); }
function fill(id, rows, columns, empty) {
  const body = document.getElementById(id);
  body.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: columns, class: "empty" }, empty))]));
}
function render(status) {
  document.getElementById("generation").textContent =
    `zones generation ${status.Generation} · health generation ${status.HealthGeneration} · ` +
    `updated ${new Date().toISOString().replace("T", " ").slice(0, 19)}Z`;
  fill("routed-rows", status.RoutedNames.map(routed => el("tr",
      { "data-name": routed.Name, "data-type": routed.Type, "data-rcode": routed.RCode },
      el("td", { class: "mono" }, routed.Name), el("td", {}, routed.Type), el("td", {}, routed.Policy),
      el("td", {}, el("ul", { class: "sets" }, ...routed.RecordSets.map(set => el("li", {},
        el("code", {}, set.SetIdentifier || "—"), " ", el("span", { class: "note" }, set.Routing), " ",
        el("code", {}, set.Values.join(", ")),
        set.HealthCheckId ? " " : null, set.HealthCheckId ? el("code", {}, set.HealthCheckId) : null,
        set.HealthStatus ? " " : null, set.HealthStatus ? badge(set.HealthStatus) : null)))),
      el("td", { class: "answer mono" }, routed.Answer.length
        ? el("ul", { class: "sets" }, ...routed.Answer.map(line => el("li", {}, line.split("\t").pop())))
        : routed.RCode))), 5, "no record set uses a routing policy or a health check");
  fill("check-rows", status.HealthChecks.map(check => el("tr",
      { "data-check-id": check.Id, "data-status": check.Status, "data-real-status": check.RealStatus, title: check.StatusReason },
      el("td", { class: "mono" }, check.Id), el("td", {}, check.Type), el("td", { class: "mono" }, check.Endpoint),
      el("td", { class: "status" }, badge(check.Status)), el("td", { class: "real-status" }, badge(check.RealStatus)),
      el("td", { class: "checkers" }, check.Checkers === undefined || check.Checkers === null ? "—"
        : `${check.HealthyCheckers} of ${check.Checkers} (needs ${check.RequiredHealthyCheckers})`),
      el("td", { class: "overlay" }, check.Drill),
      el("td", { class: "note last-failure" }, check.LastFailure || "",
        check.LastFailureTime ? el("div", { class: "mono" }, check.LastFailureTime) : null))), 8, "no health checks");
  fill("zone-rows", status.HostedZones.map(zone => el("tr", { "data-zone-id": zone.Id, "data-zone-name": zone.Name },
      el("td", { class: "mono" }, zone.Name + (zone.PrivateZone ? " (private)" : "")), el("td", { class: "mono" }, zone.Id),
      el("td", {}, zone.RecordSetCount), el("td", { class: "mono note" }, zone.NameServers.join(" ")))), 4, "no hosted zones");
  document.body.dataset.lastEventId = String(status.LastEventId);
  document.body.dataset.loaded = "true";
}
let fetching = null, again = false;
async function refresh() {
  if (fetching) { again = true; return fetching; }
  fetching = (async () => {
    do {
      again = false;
      try {
        const response = await fetch("/_lab/status", { cache: "no-store" });
        if (response.ok) render(await response.json());
      } catch (error) { setConnection("down", "status fetch failed"); }
    } while (again);
    fetching = null;
  })();
  return fetching;
}
function setConnection(state, text) {
  const node = document.getElementById("connection");
  node.className = state; node.textContent = text;
}
function noteEvent(event) {
  const list = document.getElementById("events");
  if (list.querySelector(".empty")) list.replaceChildren();
  const answers = (event.Answers || []).map(a => `${a.Name} ${a.Type} → ${a.Answer.map(l => l.split("\t").pop()).join(", ") || a.RCode}`);
  list.prepend(el("li", { "data-event-id": event.EventId, "data-check-id": event.HealthCheckId, "data-to": event.To },
    el("code", {}, event.Time), " ", el("code", {}, event.HealthCheckId), " ", badge(event.From), " → ", badge(event.To),
    " ", el("span", { class: "note" }, event.Reason), answers.length ? el("div", { class: "note mono" }, answers.join(" · ")) : null));
  while (list.children.length > 20) list.lastElementChild.remove();
}
// `?closeAfter=N` stops following after N live events (0: never follows), so a headless
// browser run with --virtual-time-budget can finish: an open stream would hold it forever.
const closeAfter = new URLSearchParams(location.search).has("closeAfter")
  ? Number(new URLSearchParams(location.search).get("closeAfter")) : Infinity;
let liveEvents = 0;
function connect() {
  if (!(closeAfter > 0)) { setConnection("", "not following"); return; }
  if (!window.EventSource) { setConnection("down", "no EventSource: reload to update"); return; }
  // Resume after the status just rendered: an event published in between is replayed, not missed.
  const source = new EventSource("/_lab/events?lastEventId=" + encodeURIComponent(document.body.dataset.lastEventId));
  source.onopen = () => setConnection("live", "live");
  source.onerror = () => setConnection("down", "reconnecting…");
  source.addEventListener("lost", () => refresh());
  source.addEventListener("health", message => {
    noteEvent(JSON.parse(message.data));
    liveEvents += 1;
    document.body.dataset.liveEvents = String(liveEvents);
    refresh().then(() => {
      if (liveEvents >= closeAfter) { source.close(); setConnection("", `stopped after ${liveEvents} event(s)`); }
    });
  });
}
refresh().then(connect);
</script>
</body>
</html>
"""#
}
