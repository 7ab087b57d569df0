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

function showSplits(splits, headers) {
  const box = $("splits");
  box.replaceChildren();
  if (!splits) return;
  const keys = Object.keys(headers);
  const rows = splits.map((s) => keys.map((k) => s[k]));
  box.appendChild(table(S.splits, keys.map((k) => headers[k]), rows));
}

$("check").addEventListener("click", async () => {
  const response = await fetch("/api/validate", { method: "POST", body: formData() });
  const result = await response.json();
  showProblems(result);
  showSplits(result.splits, result.split_headers);
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
  $("progress").max = status.total || 1;
  $("progress").value = status.done;
  $("job-state").textContent =
    `${S[status.state] || status.state}: ${S.progress.replace("%(done)s", status.done).replace("%(total)s", status.total)}` +
    (status.message ? ` (${status.message})` : "");
  if (status.state === "queued" || status.state === "running") {
    setTimeout(() => poll(job), 1000);
    return;
  }
  $("generate").disabled = false;
  if (status.state !== "done") return;
  const zip = document.createElement("a");
  zip.href = `/api/jobs/${job}/zip`;
  zip.textContent = S.zip;
  $("job-zip").replaceChildren(zip);
  $("job-files").replaceChildren(
    ...status.files.map((name, index) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      const path = name.split("/").map(encodeURIComponent).join("/");
      a.href = `/api/jobs/${job}/files/${path}`;
      a.textContent = name;
      a.id = `file-${index}`;
      li.appendChild(a);
      if (name.endsWith(".docx")) li.append(" ", ...pageOne(job, path, name, index));
      return li;
    }),
  );
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
