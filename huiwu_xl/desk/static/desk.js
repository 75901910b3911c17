// The sign-in desk: search as you type, pick with the keyboard, sign in; every request carries a
// nonce so that a retry after a timeout gets the first answer back instead of a second seat.
"use strict";

const $ = (id) => document.getElementById(id);
const MODES = {
  in: { prompt: "姓名、拼音首字母或扫码", path: "/api/sign-in" },
  out: { prompt: "签退：姓名、拼音首字母或扫码", path: "/api/sign-out" },
  proxy: { prompt: "代会：先找被代会的人", path: "/api/sign-in" },
  stranger: { prompt: "名单外：姓名", path: "/api/sign-in" },
};
const CODE = /^hw[0-9a-z\s-]{12,}$/i;
let mode = "in";
let results = [];
let selected = 0;
let target = null; // 代会: the roster person being stood in for
let searchSeq = 0;
let busy = false;

function nonce() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes); // crypto.randomUUID needs https; a LAN desk is plain http
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function deskName() {
  let name = localStorage.getItem("huiwu.desk");
  if (!name) {
    name = "签到台" + String(Math.floor(Math.random() * 90) + 10);
    localStorage.setItem("huiwu.desk", name);
  }
  return name;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setMode(next) {
  mode = next;
  target = null;
  document.querySelectorAll("#modes button").forEach((b) => b.classList.toggle("on", b.dataset.mode === mode));
  document.body.dataset.mode = mode;
  $("prompt").textContent = MODES[mode].prompt;
  $("second").hidden = mode !== "stranger";
  $("name2").hidden = $("name2-label").hidden = mode === "stranger";
  clearEntry();
}

function clearEntry() {
  $("q").value = "";
  $("name2").value = "";
  $("unit2").value = "";
  if (mode === "proxy") $("second").hidden = true;
  results = [];
  selected = 0;
  renderResults(false);
  $("q").focus();
}

function show(answer, kind) {
  const seat = $("seat");
  seat.textContent = answer.seat || "—";
  seat.classList.toggle("long", (answer.seat || "").length > 8);
  const person = answer.person;
  $("who").textContent = person ? `${person.name}　${person.unit}` : (answer.record ? `${answer.record.name}　${answer.record.unit}` : "");
  $("message").textContent = answer.message || answer.error || "";
  $("answer").className = kind;
}

function kindOf(answer) {
  if (!answer.ok) return "refused";
  return { signed_in: "done", seat_added: "done", already: "again", stranger: "stranger", signed_out: "done", undone: "again" }[answer.outcome] || "done";
}

function remember(answer) {
  if (!answer.ok || !answer.record) return;
  const li = el("li", "", `${answer.record.name} ${answer.seat || ""}`.trim());
  const list = $("recent");
  list.prepend(li);
  while (list.children.length > 5) list.lastChild.remove();
}

async function post(path, body) {
  if (busy) return null;
  busy = true;
  const payload = JSON.stringify({ ...body, nonce: nonce(), desk: deskName() });
  const waits = [0, 500, 1000, 2000, 3000, 5000];
  try {
    for (let attempt = 0; attempt < waits.length; attempt++) {
      if (waits[attempt]) await new Promise((r) => setTimeout(r, waits[attempt]));
      try {
        const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: payload, credentials: "same-origin" });
        if (response.status === 401) { location.href = "/login?next=/desk"; return null; }
        const answer = await response.json();
        if (response.status >= 500) throw new Error(answer.error || "服务器出错");
        $("net").textContent = "";
        if (response.status >= 400 && answer.ok === undefined) answer.ok = false;
        return answer;
      } catch (err) {
        $("net").textContent = `网络中断，正在重试（第${attempt + 1}次）…`;
      }
    }
    show({ ok: false, message: "连接不上签到服务，本次未确认签到：请检查网络后再按 Enter（同一人重复签到不会多发座位）。" }, "refused");
    return null;
  } finally {
    busy = false;
  }
}

async function act(body) {
  const path = mode === "out" ? MODES.out.path : MODES.in.path;
  const answer = await post(path, body);
  if (!answer) return;
  if (answer.outcome === "ambiguous" && answer.candidates.length) {
    results = answer.candidates;
    selected = 0;
    renderResults(false);
  } else {
    clearEntry();
  }
  show(answer, kindOf(answer));
  remember(answer);
  refreshCount();
}

function choose(person) {
  if (mode === "proxy") {
    target = person;
    $("second").hidden = false;
    $("name2-label").textContent = `代 ${person.name}（${person.unit}）参会的人的姓名`;
    $("unit2").value = person.unit;
    $("name2").focus();
    return;
  }
  act({ person: person.id });
}

function submitSecond() {
  if (mode === "proxy" && target) {
    const name = $("name2").value.trim();
    if (!name) { $("name2").focus(); return; }
    act({ proxy_for: target.id, name, unit: $("unit2").value.trim() });
  } else if (mode === "stranger") {
    const name = $("q").value.trim();
    if (!name) { $("q").focus(); return; }
    act({ name, unit: $("unit2").value.trim() });
  }
}

function renderResults(more) {
  const list = $("results");
  list.replaceChildren();
  results.forEach((p, i) => {
    const li = el("li", i === selected ? "sel" : "");
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", i === selected ? "true" : "false");
    li.append(el("span", "name", p.name), el("span", "unit", p.unit), el("span", "cat", p.category || ""));
    let state = "";
    if (p.signed_in) state = `已签到 ${p.signed_in}${p.seat ? " · " + p.seat : ""}${p.signed_out ? " · 已签退" : ""}`;
    else if (p.proxy) state = `${p.proxy} 已代会`;
    else if (p.named_seat) state = p.named_seat;
    li.append(el("span", p.signed_in ? "state in" : "state", state));
    li.addEventListener("mousedown", (e) => { e.preventDefault(); selected = i; choose(p); });
    list.append(li);
  });
  if (more) list.append(el("li", "more", "还有更多，请多输入几个字"));
}

async function search() {
  const text = $("q").value.trim();
  const mine = ++searchSeq;
  if (!text || CODE.test(text) || mode === "stranger") { results = []; renderResults(false); return; }
  try {
    const response = await fetch("/api/search?q=" + encodeURIComponent(text), { credentials: "same-origin" });
    if (response.status === 401) { location.href = "/login?next=/desk"; return; }
    const data = await response.json();
    if (mine !== searchSeq) return; // a newer keystroke has its own answer coming
    results = data.results || [];
    selected = 0;
    renderResults(data.more);
    if (data.message) $("message").textContent = data.message;
    $("net").textContent = "";
  } catch (err) {
    $("net").textContent = "网络中断，搜索暂不可用";
  }
}

let timer = null;
$("q").addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(search, 60);
});

$("q").addEventListener("keydown", (e) => {
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    if (!results.length) return;
    selected = (selected + (e.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
    renderResults(false);
  } else if (e.key === "Enter") {
    if (e.isComposing) return; // Enter that ends an input-method composition
    e.preventDefault();
    const text = $("q").value.trim();
    if (mode === "stranger") { if (text) $("unit2").focus(); return; }
    if (CODE.test(text)) { act({ code: text }); return; }
    if (results.length) { choose(results[selected]); return; }
    if (text) act({ name: text }); // a name typed in full: the server decides (namesakes, strangers)
  } else if (e.key === "Escape") {
    clearEntry();
  }
});

for (const id of ["name2", "unit2"]) {
  $(id).addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.isComposing) { e.preventDefault(); submitSecond(); }
    if (e.key === "Escape") clearEntry();
  });
}
$("submit2").addEventListener("click", submitSecond);

document.querySelectorAll("#modes button").forEach((b) => b.addEventListener("click", () => setMode(b.dataset.mode)));

async function undo() {
  if (!confirm("撤销本签到台最近一次签到？座位将收回。")) { $("q").focus(); return; }
  const answer = await post("/api/undo", {});
  if (answer) { show(answer, kindOf(answer)); refreshCount(); }
  $("q").focus();
}
$("undo").addEventListener("click", undo);

document.addEventListener("keydown", (e) => {
  if (!e.altKey) return;
  const modes = { 1: "in", 2: "out", 3: "proxy", 4: "stranger" };
  if (modes[e.key]) { e.preventDefault(); setMode(modes[e.key]); }
  if (e.key === "z" || e.key === "Z") { e.preventDefault(); undo(); }
});

$("desk").value = deskName();
$("desk").addEventListener("change", () => {
  const name = $("desk").value.trim();
  if (name) localStorage.setItem("huiwu.desk", name);
  $("desk").value = deskName();
  $("q").focus();
});

let version = 0;
async function refreshCount() {
  try {
    const response = await fetch("/api/board?since=" + version, { credentials: "same-origin" });
    const data = await response.json();
    if (!data.changed) return;
    version = data.version;
    const t = data.totals;
    $("count").textContent = `已签到 ${t.arrived} / 应到 ${t.expected}` + (t.proxied ? `，代会 ${t.proxied}` : "") + (t.strangers ? `，名单外 ${t.strangers}` : "");
  } catch (err) { /* the next poll tries again */ }
}

async function start() {
  try {
    const response = await fetch("/api/meeting", { credentials: "same-origin" });
    if (response.status === 401) { location.href = "/login?next=/desk"; return; }
    const meeting = await response.json();
    $("meeting").textContent = meeting.name;
    document.title = `签到台 · ${meeting.name}`;
  } catch (err) {
    $("net").textContent = "连接不上签到服务";
  }
  setMode("in");
  refreshCount();
  setInterval(refreshCount, 5000);
}
start();
