// The managers' dashboard: signs in with a bearer token (pasted, or in
// development picked from the demo employees), draws R1–R12 from GET /kpi
// and GET /kpi/{name}, and shows the live business events of
// /events/stream, refreshing the figures when one arrives. Everything it
// shows comes from this server's API; nothing is loaded from elsewhere.
"use strict";

const TEXT = {
  zh: {
    title: "经营看板", signIn: "登录", signOut: "退出", pasteToken: "粘贴令牌（Bearer token）",
    demoEmployee: "演示员工（仅开发环境）", signInAs: "以该员工登录", period: "期间", reload: "刷新",
    feed: "实时业务事件", close: "关闭", live: "实时", reconnecting: "重新连接中", off: "未连接",
    noKpis: "暂无可查看的指标", kpiUnavailable: "指标服务暂不可用", loading: "加载中…", total: "合计",
    history: "变更历史", list: "明细", badToken: "令牌无效或已过期", empty: "无数据", other: "English",
  },
  en: {
    title: "Operations dashboard", signIn: "Sign in", signOut: "Sign out", pasteToken: "Paste a bearer token",
    demoEmployee: "Demo employee (development only)", signInAs: "Sign in as this employee", period: "Period",
    reload: "Refresh", feed: "Live business events", close: "Close", live: "live", reconnecting: "reconnecting",
    off: "offline", noKpis: "No figures visible to your roles", kpiUnavailable: "Figures unavailable",
    loading: "Loading…", total: "Total", history: "History", list: "List", badToken: "Token invalid or expired",
    empty: "Nothing", other: "中文",
  },
};

const state = {
  lang: localStorage.getItem("opsledger.lang") || "zh",
  token: sessionStorage.getItem("opsledger.token") || "",
  lastEventId: "",
  source: null,
  charts: [],
  kpis: [],
  refreshTimer: 0,
  reconnectDelay: 1000,
};

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[state.lang][key] || key;
const titleOf = (title) => (title && (title[state.lang] || title.zh || title.en)) || "";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

async function api(path, options) {
  const opts = Object.assign({ headers: {} }, options);
  if (state.token) opts.headers.Authorization = "Bearer " + state.token;
  const resp = await fetch(path, opts);
  let body = null;
  if ((resp.headers.get("Content-Type") || "").includes("json")) body = await resp.json();
  if (!resp.ok) {
    const err = new Error((body && (body.detail || body.title)) || resp.statusText);
    err.status = resp.status;
    throw err;
  }
  return body;
}

// ---- language ----

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = "opsledger " + t("title");
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  $("lang").textContent = t("other");
  showLive($("live").dataset.state);
}

function toggleLanguage() {
  state.lang = state.lang === "zh" ? "en" : "zh";
  localStorage.setItem("opsledger.lang", state.lang);
  applyLanguage();
  if (state.token) renderAll();
}

// ---- sign-in ----

function claims(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return null;
  }
}

async function showSignIn(message) {
  $("board").hidden = true;
  $("signout").hidden = true;
  $("signin").hidden = false;
  $("signinError").textContent = message || "";
  try {
    const list = await api("/dev/employees");
    const select = $("demoEmployee");
    select.replaceChildren(...list.items.map((e) =>
      el("option", { value: e.employee_id }, `${e.name} · ${e.role}${e.org_unit_id ? " · " + e.org_unit_id : ""}`)));
    $("devSignin").hidden = false;
  } catch {
    $("devSignin").hidden = true; // not a development server
  }
}

async function signIn(token) {
  state.token = token.trim();
  const c = claims(state.token);
  if (!c || !c.sub) {
    state.token = "";
    return showSignIn(t("badToken"));
  }
  try {
    const me = await api("/employees/" + encodeURIComponent(c.sub));
    $("whoami").textContent = `${me.name} · ${(c.roles || []).join(",")}${c.org_unit ? " · " + c.org_unit : ""}`;
  } catch (err) {
    if (err.status === 401) {
      state.token = "";
      sessionStorage.removeItem("opsledger.token");
      return showSignIn(t("badToken"));
    }
    $("whoami").textContent = `${c.sub} · ${(c.roles || []).join(",")}`;
  }
  sessionStorage.setItem("opsledger.token", state.token);
  $("signin").hidden = true;
  $("board").hidden = false;
  $("signout").hidden = false;
  await loadKpis();
  openStream();
}

function signOut() {
  sessionStorage.removeItem("opsledger.token");
  state.token = "";
  state.lastEventId = "";
  if (state.source) state.source.close();
  state.source = null;
  showLive("off");
  $("feed").replaceChildren();
  $("whoami").textContent = "";
  showSignIn();
}

async function signInAsDemo() {
  try {
    const tok = await api("/dev/tokens", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ employee_id: $("demoEmployee").value }),
    });
    await signIn(tok.token);
  } catch (err) {
    $("signinError").textContent = err.message;
  }
}

// ---- figures ----

function periodQuery() {
  const p = $("period").value.trim();
  return p ? "?period=" + encodeURIComponent(p) : "";
}

async function loadKpis() {
  $("kpiStatus").textContent = t("loading");
  try {
    const list = await api("/kpi");
    const items = (list && list.items) || [];
    const q = periodQuery();
    state.kpis = await Promise.all(items.map(async (item) => {
      try {
        return { item, data: await api(item.path + q) };
      } catch (err) {
        return { item, error: err.message };
      }
    }));
    $("kpiStatus").textContent = items.length ? "" : t("noKpis");
  } catch (err) {
    state.kpis = [];
    $("kpiStatus").textContent = err.status === 403 ? t("noKpis") : t("kpiUnavailable");
  }
  renderAll();
}

function renderAll() {
  for (const c of state.charts) c.destroy();
  state.charts = [];
  $("kpis").replaceChildren(...state.kpis.map(renderKpi));
  for (const li of $("feed").children) li.firstChild.textContent = when(li.dataset.at);
}

function renderKpi({ item, data, error }) {
  const card = el("article", { class: "kpi", "data-kpi": item.name },
    el("h3", {}, el("span", { class: "code" }, item.code), titleOf((data && data.title) || item.title)));
  if (error || !data) {
    card.append(el("p", { class: "error" }, error || t("empty")));
    return card;
  }
  const cols = data.columns || [];
  const label = cols.find((c) => c.type === "text");
  const charted = cols.filter((c) => c.chart);
  if (label && charted.length && (data.rows || []).length && window.Chart) {
    const canvas = el("canvas");
    card.append(el("div", { class: "chart" }, canvas));
    state.charts.push(new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.rows.map((r) => r[label.key]),
        datasets: charted.map((c) => ({ label: titleOf(c.title), data: data.rows.map((r) => Number(r[c.key]) || 0) })),
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false },
    }));
  }
  card.append(renderTable(cols, data.rows || [], data.totals));
  return card;
}

function cellText(col, v) {
  if (v == null) return "";
  if (col.type === "percent") return Number(v).toFixed(2) + "%";
  if (col.type === "money") return "¥" + v;
  if (col.type === "days") return v + (state.lang === "zh" ? " 天" : " d");
  return String(v);
}

function renderTable(cols, rows, totals) {
  const head = el("tr", {}, ...cols.map((c) => el("th", {}, titleOf(c.title))));
  const body = rows.map((row) => el("tr", {}, ...cols.map((c, i) => renderCell(c, row, i === 0))));
  if (totals && Object.keys(totals).length) {
    body.push(el("tr", { class: "total" }, ...cols.map((c, i) =>
      el("td", { class: c.type === "text" ? "" : "num" }, i === 0 && totals[c.key] == null ? t("total") : cellText(c, totals[c.key])))));
  }
  if (!rows.length) body.push(el("tr", {}, el("td", { colspan: String(cols.length || 1) }, t("empty"))));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
}

// renderCell: a number opens the list behind its row (row.drill); the
// row's first cell opens the aggregate's history (row.resource).
function renderCell(col, row, first) {
  const text = cellText(col, row[col.key]);
  if (first && row.resource) {
    return el("td", { class: "resource", title: t("history"), onclick: () => openDrill(row.resource + "/history", text) }, text);
  }
  if (col.type !== "text" && row.drill) {
    return el("td", { class: "num" }, el("a", { class: "drill", href: "#", onclick: (e) => { e.preventDefault(); openDrill(row.drill, text); } }, text));
  }
  return el("td", { class: col.type === "text" ? "" : "num" }, text);
}

async function openDrill(path, label) {
  $("drillTitle").textContent = `${label} — ${path}`;
  $("drillBody").replaceChildren(el("p", {}, t("loading")));
  $("drill").showModal();
  try {
    const body = await api(path);
    $("drillBody").replaceChildren(renderAny(body));
  } catch (err) {
    $("drillBody").replaceChildren(el("p", { class: "error" }, err.message));
  }
}

function renderAny(body) {
  const items = body && Array.isArray(body.items) ? body.items : Array.isArray(body) ? body : null;
  if (!items) return el("pre", {}, JSON.stringify(body, null, 2));
  if (!items.length) return el("p", {}, t("empty"));
  const keys = Object.keys(items[0]).filter((k) => typeof items[0][k] !== "object" || items[0][k] === null);
  return el("table", {},
    el("thead", {}, el("tr", {}, ...keys.map((k) => el("th", {}, k)))),
    el("tbody", {}, ...items.map((it) => el("tr", {}, ...keys.map((k) => el("td", {}, it[k] == null ? "" : String(it[k])))))));
}

function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(loadKpis, 300);
}

// ---- live feed ----

function showLive(s) {
  $("live").dataset.state = s || "off";
  $("live").textContent = t(s || "off");
}

function when(iso) {
  const d = new Date(iso);
  return isNaN(d) ? "" : d.toLocaleTimeString(state.lang === "zh" ? "zh-CN" : "en-GB");
}

function addToFeed(ev) {
  const li = el("li", { class: "fresh", "data-position": ev.position, "data-at": ev.recorded_at, title: t("history"),
    onclick: () => openDrill(ev.resource + "/history", ev.aggregate_id) },
  el("span", { class: "when" }, when(ev.recorded_at)),
  el("strong", {}, ev.type), " ", el("span", { class: "aggregate" }, `${ev.aggregate_type} ${ev.aggregate_id}`),
  ev.actor_id ? ` · ${ev.actor_id}` : "");
  const feed = $("feed");
  feed.prepend(li);
  while (feed.children.length > 100) feed.lastChild.remove();
}

// openStream trades the token for a stream ticket (EventSource cannot
// send Authorization) and follows the stream, resuming after the last
// event seen. EventSource retries a dropped connection by itself with
// Last-Event-ID; when it gives up (the server restarted and forgot the
// ticket), a new ticket is fetched and the stream reopened.
async function openStream() {
  if (!state.token) return;
  if (state.source) state.source.close();
  showLive("reconnecting");
  let ticket;
  try {
    ticket = await api("/events/stream/tickets", { method: "POST" });
  } catch (err) {
    if (err.status === 401) return signOut();
    return retryStream();
  }
  let url = "/events/stream?ticket=" + encodeURIComponent(ticket.ticket);
  if (state.lastEventId) url += "&last_event_id=" + encodeURIComponent(state.lastEventId);
  const source = new EventSource(url);
  state.source = source;
  source.onopen = () => { state.reconnectDelay = 1000; showLive("live"); };
  source.onmessage = (m) => {
    state.lastEventId = m.lastEventId || state.lastEventId;
    addToFeed(JSON.parse(m.data));
    scheduleRefresh();
  };
  source.onerror = () => {
    if (state.source !== source) return;
    showLive("reconnecting");
    if (source.readyState === EventSource.CLOSED) retryStream();
  };
}

function retryStream() {
  const delay = state.reconnectDelay;
  state.reconnectDelay = Math.min(delay * 2, 10000);
  setTimeout(openStream, delay);
}

// ---- start ----

document.addEventListener("DOMContentLoaded", () => {
  $("lang").addEventListener("click", toggleLanguage);
  $("useToken").addEventListener("click", () => signIn($("token").value));
  $("useDemo").addEventListener("click", signInAsDemo);
  $("signout").addEventListener("click", signOut);
  $("reload").addEventListener("click", loadKpis);
  $("drillClose").addEventListener("click", () => $("drill").close());
  applyLanguage();
  if (state.token) signIn(state.token);
  else showSignIn();
});
