// The board: arrivals by category and unit, who is missing (with phones), the hall filling up.
// Short polling: the server answers {changed: false} until something happened.
"use strict";

const $ = (id) => document.getElementById(id);
let version = 0;

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function row(cells, cls) {
  const tr = el("tr", cls || "");
  for (const [text, c] of cells) tr.append(el("td", c || "", String(text)));
  return tr;
}

function bar(part, whole) {
  const td = el("td");
  const outer = el("div", "bar");
  const inner = el("i");
  inner.style.width = whole ? `${Math.round((100 * part) / whole)}%` : "0";
  outer.append(inner);
  td.append(outer);
  return td;
}

function render(data) {
  const t = data.totals;
  $("title").textContent = `${data.meeting.name} · 签到看板`;
  document.title = `签到看板 · ${data.meeting.name}`;
  const rate = t.expected ? ((100 * t.arrived) / t.expected).toFixed(1) : "0.0";
  const totals = $("totals");
  totals.replaceChildren();
  const part = (label, value) => { const s = el("span", "", label + " "); s.append(el("b", "", String(value))); return s; };
  totals.append(part("已到", t.arrived), part("应到", t.expected), el("span", "rate", `${rate}%`), part("代会", t.proxied),
    part("名单外", t.strangers), part("未到", t.missing));

  const cats = $("cats").tBodies[0];
  cats.replaceChildren();
  for (const c of data.categories) {
    const missing = c.expected - c.arrived - c.proxied;
    const tr = row([[c.name], [c.expected, "n"], [c.arrived, "n"], [missing, "n"]], missing ? "" : "full");
    tr.append(bar(c.arrived, c.expected));
    cats.append(tr);
  }
  const units = $("units").tBodies[0];
  units.replaceChildren();
  for (const u of data.units) {
    const missing = u.expected - u.arrived - u.proxied;
    units.append(row([[u.name], [u.expected, "n"], [u.arrived, "n"], [missing, "n"]], missing ? "" : "full"));
  }

  const hall = data.hall;
  const map = $("map");
  const podium = $("podium");
  podium.replaceChildren();
  if (hall) {
    for (const p of hall.podium) podium.append(el("span", p.arrived ? "here" : "", p.name));
    map.style.gridTemplateColumns = `repeat(${hall.seats}, minmax(6px, 16px))`;
    if (map.children.length !== hall.rows * hall.seats) {
      map.replaceChildren();
      for (let i = 0; i < hall.rows * hall.seats; i++) map.append(el("i"));
    }
    hall.map.forEach((line, r) => line.forEach((state, s) => {
      const cell = map.children[r * hall.seats + s];
      const reserved = r < hall.reserved;
      cell.className = (reserved ? "reserved " : "") + (state === "taken" ? "taken" : "");
      cell.title = `第${r + 1}排 第${s + 1}座`;
    }));
    $("seats").textContent = `已发 ${hall.issued} / 可发 ${hall.issuable} 座`;
  } else {
    map.replaceChildren(el("p", "", "未设置会场座位（会议信息：会场排数、每排座位数）。"));
  }

  const recent = $("recent");
  recent.replaceChildren();
  for (const r of data.recent) recent.append(el("li", "", `${r.time} ${r.name}（${r.unit}）${r.seat ? " " + r.seat : ""} · ${r.desk}`));

  $("missing-title").textContent = `未到人员（${t.missing}）`;
  const body = $("missing").querySelector("tbody");
  body.replaceChildren();
  let unit = null;
  for (const m of data.missing) {
    if (m.unit !== unit) {
      unit = m.unit;
      const head = el("tr", "unit");
      const td = el("td", "", `${m.unit}（${m.category}）`);
      td.colSpan = 3;
      head.append(td);
      body.append(head);
    }
    body.append(row([[m.name], [m.title || ""], [m.phone || "", "phone"]]));
  }
}

async function poll() {
  try {
    const response = await fetch("/api/board?since=" + version, { credentials: "same-origin" });
    if (response.status === 401) { location.href = "/login?next=/board"; return; }
    const data = await response.json();
    $("net").textContent = "";
    if (data.changed) {
      version = data.version;
      render(data);
    }
  } catch (err) {
    $("net").textContent = "连接中断，正在重试…";
  }
}

function tick() {
  const now = new Date();
  $("clock").textContent = now.toLocaleTimeString("zh-CN", { hour12: false });
}

poll();
setInterval(poll, 2000);
tick();
setInterval(tick, 1000);
