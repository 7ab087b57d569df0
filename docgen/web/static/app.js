// docgen's page: calls the JSON API with the session cookie and the page's CSRF token.
"use strict";
const csrf = document.querySelector('meta[name="csrf"]').content;
const $ = (id) => document.getElementById(id);
const S = JSON.parse($("strings").textContent); // the page's words in its language

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
}

// The API's amounts ("21537.90") as Latvian documents write them ("21 537,90"): a comma before
// the cents, a no-break space between thousands.
const isAmount = (v) => typeof v === "string" && /^-?\d+\.\d\d$/.test(v);
const latvianAmount = (v) => {
  const [whole, cents] = v.split(".");
  return `${whole.replace(/\B(?=(\d{3})+$)/g, "\u00a0")},${cents}`;
};

function table(caption, headers, rows, cls) {
  const t = document.createElement("table");
  const c = document.createElement("caption");
  c.textContent = caption;
  if (cls) c.className = cls;
  t.appendChild(c);
  const head = t.insertRow();
  for (const h of headers) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    head.appendChild(th);
  }
  for (const r of rows) {
    const tr = t.insertRow();
    r.forEach((v) => (isAmount(v) ? cell(tr, latvianAmount(v), "amount") : cell(tr, v)));
  }
  return t;
}

function formData() {
  const data = new FormData();
  data.append("csrf", csrf);
  const file = $("workbook").files[0];
  if (file) data.append("workbook", file);
  const folder = $("use-folder");
  if (!file && folder && folder.checked) data.append("folder", "1");
  for (const template of $("templates").files) data.append("templates", template);
  return data;
}

function showProblems(result, where) {
  const box = $("problems");
  box.replaceChildren();
  const p = document.createElement("p");
  p.textContent = result.summary || result.error || "";
  box.appendChild(p);
  const rows = (list) => list.map((x) => [x.sheet, x.cell, x.column, x.message]);
  const headers = [where || S.sheet, S.cell, S.column, S.message];
  if (result.errors && result.errors.length)
    box.appendChild(table(S.errors, headers, rows(result.errors), "error"));
  if (result.warnings && result.warnings.length)
    box.appendChild(table(S.warnings, headers, rows(result.warnings), "warning"));
}

// The funding split as `docgen splits` shows it, fitted to the page: the name (with its code
// under it) wraps, the amounts are right-aligned; the totals row and the closing line.
function showSplits(result) {
  const box = $("splits");
  box.replaceChildren();
  if (!result || !result.splits) return;
  const headers = result.split_headers;
  const keys = Object.keys(headers).filter((k) => k !== "code" && k !== "name");
  const t = document.createElement("table");
  const c = document.createElement("caption");
  c.textContent = S.splits;
  t.appendChild(c);
  const columns = document.createElement("colgroup");
  const name = document.createElement("col");
  name.className = "name";
  columns.append(name, ...keys.map(() => document.createElement("col")));
  t.appendChild(columns);
  const head = t.createTHead().insertRow();
  const th = (row, text, cls) => {
    const h = document.createElement("th");
    h.scope = "col";
    h.textContent = text;
    if (cls) h.className = cls;
    row.appendChild(h);
  };
  th(head, S.partner);
  for (const k of keys) th(head, headers[k], "amount");
  const body = t.createTBody();
  for (const s of result.splits) {
    const tr = body.insertRow();
    const name = document.createElement("td");
    name.className = "name";
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = s.code;
    name.append(s.name, document.createElement("br"), code);
    tr.appendChild(name);
    for (const k of keys) cell(tr, latvianAmount(s[k]), "amount");
  }
  const foot = t.createTFoot().insertRow();
  foot.id = "splits-totals";
  const label = document.createElement("th");
  label.scope = "row";
  label.textContent = S.totals;
  foot.appendChild(label);
  for (const k of keys) cell(foot, latvianAmount(result.split_totals[k]), "amount");
  box.appendChild(t);
  const closing = document.createElement("p");
  closing.id = "splits-closing";
  closing.textContent = result.split_closing;
  box.appendChild(closing);
}

// The workbook chosen (or the server's): said in red beside the buttons when there is none.
function workbookChosen() {
  const folder = $("use-folder");
  const chosen = $("workbook").files.length > 0 || (folder && folder.checked);
  $("workbook-empty").textContent = chosen ? "" : S.nofile;
  return chosen;
}
$("workbook").addEventListener("change", workbookChosen);

$("check").addEventListener("click", async () => {
  if (!workbookChosen()) return;
  const response = await fetch("/api/validate", { method: "POST", body: formData() });
  const result = await response.json();
  showProblems(result);
  showSplits(result);
});

// validate --mark: the workbook with its problems marked on their cells, downloaded.
$("mark").addEventListener("click", async () => {
  if (!workbookChosen()) return;
  const response = await fetch("/api/mark", { method: "POST", body: formData() });
  if (!response.ok) {
    showProblems(await response.json());
    return;
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*=utf-8''([^;]+)/.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : "partners_atzimes.xlsx";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  $("workbook-empty").textContent = "";
  const said = $("problems");
  said.replaceChildren(S.marked.replace("%(name)s", name));
});

$("check-templates").addEventListener("click", async () => {
  const data = new FormData();
  data.append("csrf", csrf);
  for (const template of $("templates").files) data.append("templates", template);
  const response = await fetch("/api/templates", { method: "POST", body: data });
  showProblems(await response.json(), S.file);
  showSplits(null);
});

$("generate").addEventListener("click", async () => {
  if (!workbookChosen()) return;
  const data = formData();
  const kinds = [...document.querySelectorAll('input[name="kind"]:checked')].map((k) => k.value);
  data.append("kinds", kinds.join(","));
  data.append("partners", $("partners").value);
  if ($("pdf").checked) data.append("pdf", "1");
  if ($("pdfa").checked) data.append("pdfa", "1");
  $("generate").disabled = true;
  const response = await fetch("/api/batch", { method: "POST", body: data });
  const result = await response.json();
  if (response.status !== 202) {
    showProblems(result);
    $("generate").disabled = false;
    return;
  }
  $("job").hidden = false;
  poll(result.job);
});


async function poll(job) {
  const response = await fetch(`/api/jobs/${job}`);
  const status = await response.json();
  $("progress").max = 1;
  $("progress").value = status.progress.fraction;
  $("job-state").textContent = status.said + (status.message ? ` ${status.message}` : "");
  if (status.state === "queued" || status.state === "running") {
    setTimeout(() => poll(job), 500);
    return;
  }
  $("generate").disabled = false;
  if (status.state !== "done") return;
  const counts = Object.entries(status.counts).filter(([, n]) => n > 0);
  $("job-counts").textContent = counts.map(([k, n]) => `${S[k]}: ${n}`).join("; ");
  const zip = document.createElement("a");
  zip.href = `/api/jobs/${job}/zip`;
  zip.textContent = S.zip;
  $("job-zip").replaceChildren(zip);
  showDocuments(job, status.documents);
}

const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const dotted = (iso) => iso.split("-").reverse().join(".") + ".";
const encoded = (path) => path.split("/").map(encodeURIComponent).join("/");

// What a document is, as a clerk names it: its kind, number and period ("Payment claim No. 3,
// 01.01.2025.–30.06.2025." in English)
function documentName(d) {
  let name = S[d.kind] || d.kind;
  if (d.number && (d.kind === "claim" || d.kind === "amendment" || d.kind === "consolidated"))
    name = S.numbered.replace("%(name)s", name).replace("%(number)s", d.number);
  if (d.period) name += `, ${dotted(d.period[0])}–${dotted(d.period[1])}`;
  return name;
}

// After a batch: the documents by municipality, each a group opened on click or by a search
// (its rows are made only then: thousands of documents make no page of thousands of links).
function showDocuments(job, documents) {
  const groups = new Map();
  const apart = [];
  documents.forEach((d, index) => {
    d.index = index;
    if (!d.partner) return apart.push(d);
    if (!groups.has(d.partner)) groups.set(d.partner, { code: d.partner, name: d.name, docs: [] });
    groups.get(d.partner).docs.push(d);
  });
  const shown = [];
  for (const group of groups.values()) {
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    details.appendChild(summary);
    details.addEventListener("toggle", () => {
      if (details.open && details.children.length === 1) details.appendChild(groupBody(job, group));
    });
    shown.push({ group, details, summary, key: fold(`${group.name} ${group.code}`) });
  }
  if (apart.length) {
    const group = { code: "", name: S.summary_apart, docs: apart };
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    details.appendChild(summary);
    details.addEventListener("toggle", () => {
      if (details.open && details.children.length === 1) details.appendChild(groupBody(job, group));
    });
    shown.push({ group, details, summary, key: fold(group.name) });
  }
  $("job-files").replaceChildren(...shown.map((s) => s.details));
  $("finder").hidden = false;
  const update = () => {
    const query = fold($("search").value.trim());
    const kinds = $("kind-filter").value.split(" ").filter(Boolean);
    let found = 0;
    for (const s of shown) {
      const docs = s.group.docs.filter((d) => !kinds.length || kinds.includes(d.kind));
      const failed = docs.filter((d) => d.status === "failed").length;
      s.summary.textContent =
        `${s.group.name}${s.group.code ? ` (${s.group.code})` : ""} — ` +
        S.count.replace("%(count)s", docs.length) +
        (failed ? `; ${S.failed}: ${failed}` : "");
      s.summary.classList.toggle("failed", failed > 0);
      const visible = docs.length > 0 && (!query || s.key.includes(query));
      s.details.hidden = !visible;
      for (const row of s.details.querySelectorAll("tr[data-kind]"))
        row.hidden = kinds.length > 0 && !kinds.includes(row.dataset.kind);
      if (visible) found += 1;
    }
    const matches = shown.filter((s) => !s.details.hidden);
    if (query && matches.length <= 3) for (const s of matches) s.details.open = true;
    $("job-found").textContent = found ? "" : S.nomatch;
  };
  $("search").oninput = update;
  $("kind-filter").onchange = update;
  update();
}

function groupBody(job, group) {
  const box = document.createElement("div");
  if (group.code) {
    const zip = document.createElement("a");
    zip.href = `/api/jobs/${job}/zip/${encodeURIComponent(group.code)}`;
    zip.textContent = S.partnerzip;
    const p = document.createElement("p");
    p.appendChild(zip);
    box.appendChild(p);
  }
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  for (const [text, cls] of [[S.document], [S.payable, "amount"], [S.status], [S.download]]) {
    const h = document.createElement("th");
    h.scope = "col";
    h.textContent = text;
    if (cls) h.className = cls;
    head.appendChild(h);
  }
  const kinds = $("kind-filter").value.split(" ").filter(Boolean);
  const body = t.createTBody();
  for (const d of group.docs) {
    const tr = body.insertRow();
    tr.dataset.kind = d.kind;
    tr.hidden = kinds.length > 0 && !kinds.includes(d.kind);
    const name = documentName(d);
    const what = document.createElement("td");
    what.id = `file-${d.index}`;
    what.textContent = name;
    tr.appendChild(what);
    cell(tr, d.payable ? latvianAmount(d.payable) : "", "amount");
    const state = d.status === "failed" ? `${S.failed}: ${d.message}` : S[d.status];
    const pdfFailed = d.pdf && d.pdf.status === "failed" ? `; ${S.pdf_failed}: ${d.pdf.message}` : "";
    cell(tr, state + pdfFailed, d.status === "failed" || pdfFailed ? "failed" : "");
    const links = document.createElement("td");
    if (d.status !== "failed") {
      const docx = document.createElement("a");
      docx.href = `/api/jobs/${job}/files/${encoded(d.path)}`;
      docx.textContent = "Word";
      docx.title = d.path;
      links.append(docx);
      if (d.pdf && d.pdf.status !== "failed") {
        const pdf = document.createElement("a");
        pdf.href = `/api/jobs/${job}/files/${encoded(d.pdf.path)}`;
        pdf.textContent = "PDF";
        pdf.title = d.pdf.path;
        links.append(" · ", pdf);
      }
      const named = d.partner ? `${name} (${d.partner})` : name;
      const [button, picture] = pageOne(job, encoded(d.path), named, d.index);
      links.append(" ", button);
      tr.appendChild(links);
      const below = body.insertRow(); // page 1 under its document's row, the table's width
      below.className = "page1-row";
      below.dataset.kind = d.kind;
      below.hidden = tr.hidden;
      const whole = below.insertCell();
      whole.colSpan = 4;
      whole.appendChild(picture);
      continue;
    }
    tr.appendChild(links);
  }
  box.appendChild(t);
  return box;
}

// A button that shows (and hides) page 1 of a document as a picture, made by the server.
function pageOne(job, path, name, index) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = S.view;
  const box = document.createElement("div");
  box.id = `page1-${index}`;
  box.className = "page1";
  box.hidden = true;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", box.id);
  button.setAttribute("aria-describedby", `file-${index}`); // which document's page 1
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    box.hidden = open;
    if (open) {
      if (box.querySelector(".error")) box.replaceChildren(); // tried again when opened again
      return;
    }
    if (box.firstChild) return;
    const said = document.createElement("p");
    said.setAttribute("role", "status");
    said.textContent = S.making;
    const img = document.createElement("img");
    img.alt = S.page1.replace("%(name)s", name);
    img.addEventListener("load", () => said.remove());
    img.addEventListener("error", () => {
      img.remove();
      said.className = "error";
      said.textContent = S.nopicture;
    });
    img.src = `/api/jobs/${job}/preview/${path}`;
    box.append(said, img);
  });
  return [button, box];
}

$("words-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const query = new URLSearchParams({ amount: $("amount").value, style: $("style").value });
  const response = await fetch(`/api/words?${query}`);
  const result = await response.json();
  $("words").textContent = result.words || result.error;
});
