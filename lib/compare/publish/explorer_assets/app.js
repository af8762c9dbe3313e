/* Plan explorer: plans side by side, counterparts with evidence, KWIC, themes and networks — offline, from data.js.
   State lives in the URL hash: #node=<id>, #term=<word>, #view=<name>, #net=<id>, #compare=<id,id,…>,
   #cities=<id,id,…> (the plans shown, when the picker hides some); the tabs, the picker and the comparison table
   write it, so a link or a reload shows the same page. */
(function () {
  "use strict";
  const D = window.EXPLORER_DATA;
  const $ = (sel) => document.querySelector(sel);
  const city = Object.fromEntries(D.cities.map((c) => [c.id, c]));
  const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]));
  const nodeHref = (id) => "#node=" + encodeURIComponent(id);
  const LEVEL_JA = { vision: "理念", goal: "目標", policy: "施策", action: "取組", program: "事業" };
  const LEVEL_EN = { vision: "vision", goal: "goal", policy: "policy", action: "action", program: "programme" };
  let compareIds = [];
  let cy = null;

  // ------------------------------------------------------------------ plans side by side
  function nodeLine(id) {
    const n = D.nodes[id];
    const rel = n.rf ? ' <span class="relisted" title="re-listed: first listing ' + esc(n.rf) + '">【再掲】</span>' : "";
    return '<span class="lvl ' + n.l + '" title="' + LEVEL_EN[n.l] + '">' + LEVEL_JA[n.l] + "</span>" +
      '<a class="node-link" data-id="' + esc(id) + '" href="' + nodeHref(id) + '">' + esc(n.lb && n.lb !== n.t ? n.lb + " " : "") + esc(n.t) + "</a>" + rel;
  }
  function treeHTML(id, depth) {
    const n = D.nodes[id];
    if (!n.ch || !n.ch.length) return '<div class="leaf">' + nodeLine(id) + "</div>";
    const open = depth < 2 ? " open" : "";
    return "<details" + open + ' data-id="' + esc(id) + '"><summary>' + nodeLine(id) + "</summary>" +
      n.ch.map((c) => treeHTML(c, depth + 1)).join("") + "</details>";
  }
  function renderTrees() {
    $("#trees").innerHTML = D.cities.map((c) =>
      '<div class="tree" data-city="' + esc(c.id) + '" style="--city:' + c.colour + '"><h2>' + esc(c.label) +
      '</h2><div class="doc">' + esc(c.document) + " · " + esc(c.period) + "</div>" +
      (c.draft ? '<div class="draft-flag" title="Registered from `python -m compare draft` without --reviewed">' +
        "未確認の下書き unreviewed draft: this tree was drafted from the PDF and has not been checked</div>" : "") +
      (D.roots[c.id] || []).map((r) => treeHTML(r, 0)).join("") + "</div>").join("");
    $("#trees").onscroll = () => treesCue();
    renderPicker();
    treesCue();
  }
  // With more plans than fit side by side, a picker chooses the plans shown (all by default; kept in the URL).
  const PICKER_FROM = 4;
  function renderPicker() {
    const box = $("#city-picker");
    box.hidden = D.cities.length < PICKER_FROM;
    if (box.hidden) return;
    box.insertAdjacentHTML("beforeend", D.cities.map((c) => '<label style="--city:' + c.colour + '"><input type="checkbox" checked value="' +
      esc(c.id) + '"> ' + esc(c.label) + "</label>").join(""));
    box.querySelectorAll("input").forEach((i) => i.onchange = () => {
      const shown = [...box.querySelectorAll("input:checked")].map((x) => x.value);
      showCities(shown);
      writeState({ cities: shown.length === D.cities.length ? null : shown.join(",") });
    });
  }
  function showCities(ids) {
    const keep = new Set(ids && ids.length ? ids : D.cities.map((c) => c.id));
    document.querySelectorAll("#trees .tree").forEach((t) => { t.hidden = !keep.has(t.dataset.city); });
    document.querySelectorAll("#city-picker input").forEach((i) => { i.checked = keep.has(i.value); });
    treesCue();
  }
  // When the plans do not all fit side by side, say how many are out of view (and that the row scrolls).
  function treesCue() {
    const box = $("#trees"), cue = $("#trees-cue");
    const b = box.getBoundingClientRect();
    const hidden = [...box.querySelectorAll(".tree:not([hidden])")].filter((t) => {   // less than 60 % in view
      const r = t.getBoundingClientRect();
      return Math.max(0, Math.min(r.right, b.right) - Math.max(r.left, b.left)) < 0.6 * r.width;
    }).length;
    cue.hidden = hidden === 0;
    cue.textContent = hidden ? "⇆ " + hidden + " of " + D.cities.length + " plans are out of view: scroll the row sideways" : "";
    cue.dataset.hidden = String(hidden);
  }
  window.addEventListener("resize", () => treesCue());
  function reveal(id) {
    const link = document.querySelector('#trees .node-link[data-id="' + CSS.escape(id) + '"]');
    if (!link) return;
    const tree = link.closest(".tree");
    if (tree.hidden) {                     // an element of a plan the picker hides: show that plan too
      const shown = [...document.querySelectorAll("#trees .tree:not([hidden])")].map((t) => t.dataset.city);
      shown.push(tree.dataset.city);
      showCities(shown);
      writeState({ cities: shown.length === D.cities.length ? null : shown.join(",") });
    }
    for (let el = link.parentElement; el; el = el.parentElement) if (el.tagName === "DETAILS") el.open = true;
    document.querySelectorAll(".node-link.selected").forEach((e) => e.classList.remove("selected"));
    link.classList.add("selected");
    link.scrollIntoView({ block: "nearest" });
  }

  // ------------------------------------------------------------------ node detail and counterparts
  function pathOf(id) {
    const parts = [];
    for (let cur = id; cur; cur = D.nodes[cur] && D.nodes[cur].pa) {
      const n = D.nodes[cur];
      if (!n) break;
      if (n.l !== "vision" || cur === id) parts.unshift((n.lb && n.lb !== n.t ? n.lb + " " : "") + n.t);
    }
    return parts.join(" › ");
  }
  const CONF_JA = { strong: "強", moderate: "中", weak: "弱", "no counterpart": "対応なし" };
  function confBadge(conf) {
    const cls = conf === "no counterpart" ? "none" : conf;
    return '<span class="conf ' + esc(cls) + '">' + esc(CONF_JA[conf] ? CONF_JA[conf] + " " : "") + esc(conf) + "</span>";
  }
  function pct(x) { return x === null || x === undefined ? "—" : Math.round(x * 100) + "%"; }
  // The bands are floors of calibrated precision; the legend states them and their out-of-city precision.
  function legendHTML(task) {
    const m = (D.model || {})[task];
    if (!m) return "";
    const me = m.measured || {};
    const b = (k) => me[k] ? " (measured " + pct(me[k][0]) + ", " + me[k][1] + " items)" : "";
    return '<details class="legend"><summary>確からしさ What the confidence means</summary><p class="ev">' +
      "The score is the calibrated probability that the counterpart is right. " +
      confBadge("strong") + " ≥ " + pct(m.strong) + b("strong") + "; " + confBadge("moderate") + " ≥ " + pct(m.moderate) +
      b("moderate") + "; " + confBadge("weak") + " below" + b("weak") + "; " + confBadge("no counterpart") +
      ": no counterpart is more probable than the first answer being right" +
      (me.none ? " (precision " + pct(me.none[0]) + ", recall " + pct(me.none[1]) + ")" : "") +
      ". Measured precision: leave-one-city-out on the gold items, as a new city would get it.</p></details>";
  }
  function goalCounterpartsHTML(id) {
    const g = D.goals && D.goals[id];
    if (!g) return "";
    return D.cities.filter((c) => g[c.id]).map((c) => {
      const [outcome, tid, support, none, n] = g[c.id];
      let body;
      if (outcome === "counterpart") {
        body = '<a href="' + nodeHref(tid) + '">' + refLabel(tid) + "</a> " +
          '<span class="ev">votes ' + pct(support) + " of " + n + " elements (no counterpart " + pct(none) + ")</span>";
      } else if (outcome === "no counterpart") {
        body = confBadge("no counterpart") + ' <span class="ev">in ' + esc(c.short) + ": votes " + pct(none) + " of " + n + " elements</span>";
      } else {
        body = '<span class="ev">no policies or actions to compare</span>';
      }
      return '<div class="cp-city" style="--city:' + c.colour + '"><b>' + esc(c.label) + "</b><div class=\"cp\">" + body + "</div></div>";
    }).join("");
  }
  // Every goal and its counterpart in each other plan (or none), one table per plan: "which goal has no
  // counterpart in X?" is one look at one column.
  // An element named elsewhere than in its own tree: its number as the plan prints it (goal first), then its title.
  function refLabel(id) { const n = D.nodes[id]; return esc(n.no ? n.no + " " : (n.lb && n.lb !== n.t ? n.lb + " " : "")) + esc(n.t); }
  const goalLabel = refLabel;
  function renderGoals() {
    const goals = D.goals || {}, byCity = {};
    Object.keys(goals).forEach((g) => { if (D.nodes[g]) (byCity[D.nodes[g].c] = byCity[D.nodes[g].c] || []).push(g); });
    const cell = (v) => {
      if (!v) return '<td class="ev">—</td>';
      const [outcome, tid, support, none, n] = v;
      if (outcome === "counterpart" && D.nodes[tid]) {
        return '<td><a href="' + nodeHref(tid) + '">' + goalLabel(tid) + '</a> <span class="ev">' + pct(support) + " of the votes, " + n + " elements</span></td>";
      }
      if (outcome === "no counterpart") return '<td class="none-cell">' + confBadge("no counterpart") + ' <span class="ev">' + pct(none) + " of the votes, " + n + " elements</span></td>";
      return '<td class="ev">要素なし no elements to compare</td>';
    };
    const html = D.cities.filter((c) => byCity[c.id]).map((c) => {
      const others = D.cities.filter((o) => o.id !== c.id);
      return '<h3 style="--city:' + c.colour + '">' + esc(c.label) + '</h3><div class="table-scroll"><table class="goal-table" data-city="' + esc(c.id) + '">' +
        "<thead><tr><th>目標 goal</th>" + others.map((o) => '<th data-city="' + esc(o.id) + '">→ ' + esc(o.label) + "</th>").join("") + "</tr></thead><tbody>" +
        byCity[c.id].map((g) => '<tr data-id="' + esc(g) + '"><td><a href="' + nodeHref(g) + '">' + goalLabel(g) + "</a></td>" +
          others.map((o) => cell(goals[g][o.id])).join("") + "</tr>").join("") + "</tbody></table></div>";
    }).join("");
    $("#goal-table").innerHTML = html || '<p class="ev">No goal counterparts in this build.</p>';
  }
  function counterpartsHTML(id) {
    const a = D.align[id];
    if (!a && D.goals && D.goals[id]) {
      return '<p class="ev">A goal\'s counterpart: the goal of the other plan that its policies and actions point to, each voting with ' +
        "the calibrated probability of its first counterpart, against \"no counterpart\" voting with theirs.</p>" + goalCounterpartsHTML(id);
    }
    if (!a) return '<p class="ev">Counterparts are computed for goals, policy- and action-level elements (and first listings of programmes).</p>';
    return D.cities.filter((c) => a[c.id]).map((c) => {
      const rows = a[c.id].map(([tid, rank, score, conf, terms, themes]) => {
        if (!tid) {                                  // the best candidate named in the evidence becomes a link
          const m = /^best candidate (\S+) /.exec(terms || "");
          const ev = m && D.nodes[m[1]] ? esc(terms).replace(esc(m[1]) + " 「" + esc(D.nodes[m[1]].t) + "」", '<a href="' + nodeHref(m[1]) + '">' + refLabel(m[1]) + "</a>") : esc(terms);
          return '<div class="cp">' + confBadge(conf) + ' <span class="ev">' + ev + "</span></div>";
        }
        return '<div class="cp">' + rank + '. <a href="' + nodeHref(tid) + '">' + refLabel(tid) + '</a> <span class="score">' + score.toFixed(3) + "</span> " + confBadge(conf) +
          '<div class="ev">共有語 terms: ' + esc(terms || "—") + " · テーマ themes: " + esc(themes || "—") + "</div></div>";
      }).join("");
      return '<div class="cp-city" style="--city:' + c.colour + '"><b>' + esc(c.label) + "</b>" + rows + "</div>";
    }).join("") + legendHTML(D.nodes[id] && D.nodes[id].l === "program" ? "programme" : "policy");
  }
  function counterpartRows(id) {
    const rows = [["source_id", "source_title", "target_city", "rank", "target_id", "target_title", "score", "confidence", "shared_terms", "shared_themes"]];
    const a = D.align[id] || {};
    Object.entries(a).forEach(([c, list]) => list.forEach(([tid, rank, score, conf, terms, themes]) =>
      rows.push([id, D.nodes[id].t, city[c].label, rank, tid, tid ? D.nodes[tid].t : "", score, conf, terms, themes])));
    return rows;
  }
  function showNode(id) {
    const n = D.nodes[id];
    const box = $("#detail");
    if (!n) { box.hidden = true; document.body.classList.remove("with-detail"); treesCue(); return; }
    const c = city[n.c];
    const rel = n.rf ? '<p class="relisted">【再掲】 listed again — first listing: <a href="' + nodeHref(n.rf) + '">' +
      esc(D.nodes[n.rf] ? D.nodes[n.rf].t : n.rf) + "</a></p>" : "";
    const owners = n.ow ? "<p><b>担当局等 owners:</b> " + esc(n.ow.split(";").join("、")) + " <span class='ev'>(" + esc(n.pid) + ")</span></p>" : "";
    box.innerHTML = '<button class="close" title="close">×</button><h2 style="color:' + c.colour + '">' + esc(c.label) +
      (c.draft ? ' <span class="draft-flag">未確認の下書き unreviewed draft</span>' : "") + "</h2>" +
      '<div class="meta">' + esc(pathOf(id)) + "</div>" +
      "<h2>" + esc(n.lb && n.lb !== n.t ? n.lb + " " : "") + esc(n.t) + "</h2>" +
      '<div class="meta">' + esc(D.levels[n.l] || n.l) + " · " + esc(D.parts[n.p] || n.p) + " · " + esc(n.f) + ", line " +
      n.ls + (n.le !== n.ls ? "–" + n.le : "") + " · <code>" + esc(id) + "</code></div>" + rel + owners +
      (n.b ? '<div class="body">' + esc(n.b) + "</div>" : "") +
      '<p><button id="add-compare">＋比較表 add to comparison table</button> <button id="cp-csv">CSV 対応表 counterparts</button></p>' +
      "<h3>対応する要素 Counterparts in the other plans</h3>" + counterpartsHTML(id);
    box.hidden = false;
    document.body.classList.add("with-detail");
    treesCue();
    box.querySelector(".close").onclick = () => {        // close the element only: view and comparison stay
      const h = new URLSearchParams(location.hash.slice(1));
      h.delete("node");
      location.hash = h.toString();
    };
    box.querySelector("#add-compare").onclick = () => {
      if (!compareIds.includes(id)) compareIds.push(id);
      renderCompare();
      writeState({ compare: compareIds.join(",") });
    };
    box.querySelector("#cp-csv").onclick = () => download("counterparts-" + id + ".csv", csv(counterpartRows(id)));
    reveal(id);
  }

  // ------------------------------------------------------------------ KWIC
  // Two matchings, both shown: the string (NFKC, case-insensitive, inside compounds too: compare.kwic) and the word
  // form — every token whose Sudachi normalized form (the lemma the figures count) is the term's, so 見守り finds
  // 見守る, 見守っ…, and 繋ぐ finds つなぐ. A hit found both ways counts once.
  function lemmaOf(t) { return D.words.lemmas[t] ? t : D.words.forms[t] || null; }
  function kwic(term, all) {
    const t = term.normalize("NFKC").toLowerCase().trim();
    if (!t) return [];
    const hits = [], seen = new Set();
    D.passages.forEach(([nid, field, c, text, norm, path, first, file, line], k) => {
      let i = norm.indexOf(t);
      while (i !== -1) {
        hits.push({ k, nid, field, c, text, norm, path, first, file, line, i, j: i + t.length, listings: 1, how: "string" });
        seen.add(k + ":" + i);
        i = norm.indexOf(t, i + 1);
      }
    });
    const lemma = lemmaOf(t);
    for (const [k, i, j] of (lemma && D.words.lemmas[lemma]) || []) {
      if (seen.has(k + ":" + i)) { continue; }
      const [nid, field, c, text, norm, path, first, file, line] = D.passages[k];
      hits.push({ k, nid, field, c, text, norm, path, first, file, line, i, j, listings: 1, how: "form of " + lemma });
    }
    hits.sort((a, b) => a.k - b.k || a.i - b.i);
    if (all) return hits;
    const key = new Map(hits.map((h, k) => [h.nid + "|" + h.field + "|" + h.i, k]));
    const normOf = new Map(hits.map((h) => [h.nid + "|" + h.field, h.norm]));
    const drop = new Set();
    hits.forEach((h, k) => {
      if (h.first && normOf.get(h.first + "|" + h.field) === h.norm && key.has(h.first + "|" + h.field + "|" + h.i)) {
        hits[key.get(h.first + "|" + h.field + "|" + h.i)].listings += 1;
        drop.add(k);
      }
    });
    return hits.filter((_, k) => !drop.has(k));
  }
  let lastHits = [];
  const left = (h, w) => h.text.slice(Math.max(0, h.i - w), h.i), right = (h, w) => h.text.slice(h.j, h.j + w);
  const rev = (s) => [...s].reverse().join("");
  function sortHits(hs, how, w) {
    if (how === "left") return hs.slice().sort((a, b) => rev(left(a, w)).localeCompare(rev(left(b, w)), "ja"));
    if (how === "right") return hs.slice().sort((a, b) => right(a, w).localeCompare(right(b, w), "ja"));
    return hs;
  }
  function renderKwic(term) {
    $("#kwic-input").value = term;
    const w = +$("#kwic-window").value, order = $("#kwic-sort").value;
    const hits = lastHits = kwic(term, $("#kwic-all").checked);
    const byCity = D.cities.map((c) => [c, hits.filter((h) => h.c === c.id)]);
    const rate = (c, n) => D.words.tokens[c.id] ? (1000 * n / D.words.tokens[c.id]).toFixed(2) : "–";
    const lemma = lemmaOf(term.normalize("NFKC").toLowerCase().trim());
    const forms = hits.filter((h) => h.how !== "string").length;
    $("#kwic-results").style.setProperty("--w", w);
    $("#kwic-results").innerHTML = "<p><b>" + hits.length + "</b> occurrences" + (lemma ? ": " + (hits.length - forms) +
      " as the string, " + forms + " as other forms of <b>" + esc(lemma) + "</b> 語形" : " (string matches)") + " <button id='kwic-csv'>CSV</button></p>" +
      '<table class="kwic-counts"><tr><th>市 city</th><th>occurrences</th><th>per 1,000 tokens</th></tr>' +
      byCity.map(([c, hs]) => '<tr><td style="color:' + c.colour + '">' + esc(c.label) + "</td><td>" + hs.length + "</td><td>" + rate(c, hs.length) + "</td></tr>").join("") +
      "</table>" +
      byCity.filter(([, hs]) => hs.length).map(([c, hs]) =>
        '<div class="kwic-city" data-city="' + esc(c.id) + '" style="--city:' + c.colour + '"><b>' + esc(c.label) + '</b> <span class="count-badge">' + hs.length + " occurrences</span>" +
        sortHits(hs, order, w).map((h) => '<div class="kwic-row"><span class="path"><a href="' + (D.nodes[h.nid] ? nodeHref(h.nid) : "#") + '">' +
          esc(h.path) + "</a> · " + esc(h.file) + ":" + h.line + (h.listings > 1 ? " · " + h.listings + " listings" : "") +
          (h.how !== "string" ? ' · <span class="how">' + esc(h.how) + "</span>" : "") + '</span><span class="l"><span>' +
          esc(left(h, w)) + '</span></span><span class="kw">' + esc(h.text.slice(h.i, h.j)) + '</span><span class="r">' +
          esc(right(h, w)) + "</span></div>").join("") + "</div>").join("");
    $("#kwic-csv").onclick = () => download("kwic-" + term + ".csv", csv([["city", "node_id", "field", "left", "keyword", "right", "matched", "listings", "path", "source_file", "line"]].concat(
      lastHits.map((h) => [city[h.c].label, h.nid, h.field, left(h, w), h.text.slice(h.i, h.j), right(h, w), h.how, h.listings, h.path, h.file, h.line]))));
  }

  // ------------------------------------------------------------------ comparison table (比較表) and CSV
  // a cell a spreadsheet would run as a formula: = + - @ (or full-width ＝＋－＠) after any white space, or a tab / CR
  function excelSafe(v) { v = String(v == null ? "" : v); return /^(?:[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r])/.test(v) ? "'" + v : v; }
  function csv(rows) {
    return "\ufeff" + rows.map((r) => r.map((v) => { v = excelSafe(v); return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }).join(",")).join("\r\n") + "\r\n";
  }
  window.explorerCsv = csv;   // for the browser test
  function download(name, text) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
  }
  function compareRows() {
    return [["city", "node_id", "level", "part", "label", "title", "text", "path", "source", "best counterparts"]].concat(
      compareIds.map((id) => {
        const n = D.nodes[id]; const a = D.align[id] || {};
        const best = Object.entries(a).map(([c, rows]) => city[c].short + ": " + (rows[0][0] ? D.nodes[rows[0][0]].t + " (" + rows[0][3] + ")" : "no counterpart")).join(" / ");
        return [city[n.c].label, id, n.l, n.p, n.lb, n.t, n.b, pathOf(id), n.f + ":" + n.ls, best];
      }));
  }
  function renderCompare() {
    $("#compare-count").textContent = compareIds.length ? "(" + compareIds.length + ")" : "";
    const rows = compareRows();
    $("#compare-table").innerHTML = compareIds.length ? "<table><tr>" + rows[0].map((h) => "<th>" + esc(h) + "</th>").join("") + "</tr>" +
      rows.slice(1).map((r, k) => "<tr>" + r.map((v, j) => "<td>" + (j === 1 ? '<a href="' + nodeHref(compareIds[k]) + '">' + esc(v) + "</a>" : esc(v)) + "</td>").join("") + "</tr>").join("") + "</table>"
      : '<p class="hint">No element chosen yet.</p>';
  }

  // ------------------------------------------------------------------ themes
  function renderThemes() {
    const view = $("#theme-view").value;
    const T = D.themes.views[view];
    const cells = {};
    T.cells.forEach(([c, t, hits, per, sup, q, resid]) => { cells[c + "|" + t] = { hits, per, sup, q, resid }; });
    const themes = [...new Set(T.cells.map((x) => x[1]))];
    const maxResid = Math.max(1e-9, ...T.cells.map((x) => Math.abs(x[6] || 0)));
    // every cell shaded by its standardized residual (red: more than expected, blue: less); * marks q < 0.05
    const shade = (r) => { const a = Math.min(1, Math.abs(r || 0) / maxResid) * 0.55;
      return r > 0 ? "rgba(213,94,0," + a.toFixed(3) + ")" : "rgba(0,114,178," + a.toFixed(3) + ")"; };
    $("#theme-nodes").innerHTML = "";
    $("#theme-table").innerHTML = "<p class='ev'>χ² = " + T.test.chi2.toFixed(1) + ", df = " + T.test.dof + ", Monte Carlo p = " +
      T.test.p_monte_carlo.toFixed(4) + " (" + T.test.draws + " tables). Each cell: elements with the theme's keywords " +
      "(hits), and in brackets hits per 1,000 tokens; shading: the standardized residual (red more, blue fewer than " +
      "expected from the other cities), * the city differs at q &lt; 0.05. 各セル: 該当要素数（1,000語あたり）</p>" +
      "<table><tr><th>theme</th>" +
      D.cities.map((c) => '<th style="color:' + c.colour + '">' + esc(c.short) + "</th>").join("") + "</tr>" +
      themes.map((t) => "<tr><td>" + esc(t + " " + D.themes.labels[t]) + " <span class='ev'>" + esc(D.themes.gloss[t] || "") + "</span></td>" +
        D.cities.map((c) => {
          const x = cells[c.id + "|" + t];
          if (!x) return "<td></td>";
          const cls = x.sup ? (x.resid > 0 ? " more" : " less") : "";
          return '<td class="cell num' + cls + '" style="background:' + shade(x.resid) + '" data-key="' + esc(c.id + "|" + t) +
            '" title="' + x.hits + " hits, " + x.per.toFixed(1) + " per 1,000 tokens, residual " + (x.resid == null ? "—" : x.resid) +
            ", q = " + (x.q == null ? "—" : x.q) + '">' +
            x.hits + " <span class='ev'>(" + x.per.toFixed(1) + ")</span>" + (x.sup ? " *" : "") + "</td>";
        }).join("") + "</tr>").join("") + "</table>";
    document.querySelectorAll("#theme-table td.cell").forEach((td) => td.onclick = () => {
      document.querySelectorAll("td.cell.sel").forEach((e) => e.classList.remove("sel"));
      td.classList.add("sel");
      const ids = D.themes.nodes[td.dataset.key] || [];
      const [c, t] = td.dataset.key.split("|");
      $("#theme-nodes").innerHTML = "<h3>" + esc(city[c].label + " · " + t + " " + D.themes.labels[t]) + " — " + ids.length + " elements</h3>" +
        ids.map((id) => "<div>" + nodeLine(id) + "</div>").join("");
    });
  }

  // ------------------------------------------------------------------ networks (Cytoscape.js)
  function evidenceHTML(ids) {
    return ids.length ? "<ol>" + ids.map((id) => "<li>" + (D.nodes[id] ? nodeLine(id) : esc(id)) + "</li>").join("") + "</ol>" : "<p class='ev'>—</p>";
  }
  function renderNetwork(id) {
    const net = D.networks.find((n) => n.id === id) || D.networks[0];
    if (!net) return;
    $("#net-select").value = net.id;
    const c = city[net.city];
    const maxSize = Math.max(1, ...net.elements.nodes.map((n) => n.data.size));
    const maxW = Math.max(1e-9, ...net.elements.edges.map((e) => e.data.weight));
    const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#999933", "#663333", "#44AA99"];
    const kinds = [...new Set(net.elements.nodes.map((n) => n.data.kind))].sort();
    if (cy) cy.destroy();
    const tip = $("#net-tip");
    tip.hidden = true;
    if (!net.elements.nodes.length) {                // an empty network: say so instead of a blank, giant-label canvas
      cy = null;
      $("#cy").innerHTML = "<p class='hint' style='padding:1em'>このネットワークには要素がありません — no links in this network " +
        "(no two of its nodes are named in the same element).</p>";
      $("#net-info").innerHTML = "<h3 style='color:" + c.colour + "'>" + esc(c.label) + "</h3><p>" + esc(net.title) + "</p>";
      return;
    }
    $("#cy").innerHTML = "";
    const counts = net.kind !== "terms";             // owners and actors: weights are counts of shared elements
    const fmtW = (w) => counts ? String(Math.round(+w)) : (+w).toFixed(3);
    // cose draws random numbers: a seeded generator stands in while it runs, so every load gives the same picture
    const random = Math.random;
    let seed = 20261202;
    Math.random = () => { seed = (seed + 0x6D2B79F5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };   // mulberry32
    try {
    cy = cytoscape({
      container: $("#cy"),
      elements: net.elements,
      style: [
        { selector: "node", style: { "label": "data(label)", "font-family": "IPAexGothic, sans-serif", "font-size": 11,
          "width": (n) => 12 + 38 * Math.sqrt(n.data("size") / maxSize), "height": (n) => 12 + 38 * Math.sqrt(n.data("size") / maxSize),
          "background-color": (n) => n.data("colour") || palette[kinds.indexOf(n.data("kind")) % palette.length], "text-valign": "top",
          "text-background-color": "#fff", "text-background-opacity": 0.7 } },
        { selector: "edge", style: { "width": (e) => 0.8 + 7 * e.data("weight") / maxW, "line-color": "#a0a0a0", "opacity": 0.75, "curve-style": "haystack" } },
        { selector: ":selected", style: { "line-color": c.colour, "background-color": c.colour, "opacity": 1 } },
      ],
      // cose spreads the nodes from the positions the data brings (the static figure's seeded layout) and draws
      // no random numbers when it does not randomize: the same picture on every load
      layout: { name: "cose", randomize: false, animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 80 },
      wheelSensitivity: 0.3,
    });
    } finally { Math.random = random; }
    if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(); }      // a small network is not blown up to giant labels
    const readable = () => cy.style().selector("node").style("font-size", 12 / cy.zoom()).update();
    readable();                                       // labels stay 12 px on screen at any zoom
    cy.on("zoom", readable);
    $("#cy").onmouseleave = () => { tip.hidden = true; };
    window.cyEdges = () => cy.edges().length;
    window.cyPositions = () => cy.nodes().map((n) => [n.id(), Math.round(n.position("x")), Math.round(n.position("y"))]);
    window.cyTapEdge = (i) => { cy.edges()[i].emit("tap"); };
    window.cyTapNode = (i) => { cy.nodes().filter((n) => n.degree() > 0)[i].emit("tap"); };   // returns nothing: a Cytoscape collection would be serialised by the test driver
    cy.on("mouseover", "node, edge", (ev) => {
      const d = ev.target.data();
      tip.textContent = ev.target.isNode() ? d.label + " · " + d.kind + " · size " + d.size
        : d.source + " — " + d.target + " · " + (counts ? "shared elements " : "Jaccard ") + fmtW(d.weight) + " · " + d.ev.length + " elements";
      tip.hidden = false;
    });
    cy.on("mousemove", (ev) => { tip.style.left = ev.originalEvent.clientX + 12 + "px"; tip.style.top = ev.originalEvent.clientY + 12 + "px"; });
    cy.on("mouseout", "node, edge", () => { tip.hidden = true; });
    const termLink = (label) => net.kind === "owners" ? "" : ' <a href="#term=' + encodeURIComponent(label) + '">用例 passages</a>';
    cy.on("tap", "edge", (ev) => {
      tip.hidden = true;
      const d = ev.target.data();
      $("#net-info").innerHTML = "<h3>" + esc(d.source + " — " + d.target) + "</h3><p class='ev'>" +
        (counts ? "shared elements 共通要素 " : "Jaccard ") + fmtW(d.weight) + "</p><p>Behind this link (" + d.ev.length + "):</p>" + evidenceHTML(d.ev);
    });
    cy.on("tap", "node", (ev) => {
      tip.hidden = true;
      const d = ev.target.data();
      const edges = ev.target.connectedEdges().map((e) => e.data());
      $("#net-info").innerHTML = "<h3>" + esc(d.label) + "</h3><p class='ev'>" + esc(d.kind) + " · size " + d.size + termLink(d.label) +
        "</p><p>Linked to (select one):</p><ul>" + edges.map((e) => { const other = e.source === d.id ? e.target : e.source;
          return '<li><a href="#" class="nb" data-id="' + esc(other) + '">' + esc(cy.getElementById(other).data("label")) + "</a> (" +
            e.ev.length + " elements)</li>"; }).join("") + "</ul>";
      document.querySelectorAll("#net-info a.nb").forEach((a) => a.onclick = (e2) => {
        e2.preventDefault(); const n = cy.getElementById(a.dataset.id); cy.elements().unselect(); n.select(); n.emit("tap"); });
    });
    // the key: each kind (community for terms) in the colour the static figure gives it
    const keyOf = {};
    net.elements.nodes.forEach((n) => { if (!(n.data.kind in keyOf)) keyOf[n.data.kind] = n.data.colour || palette[kinds.indexOf(n.data.kind) % palette.length]; });
    const kindName = (k) => net.kind === "terms" ? (+k ? "community " + k : "no community") : (D.ownerKinds && D.ownerKinds[k] ? D.ownerKinds[k] + " " + k : k);
    // the nodes linked most (counts: the shared elements of all their links; terms: the summed Jaccard)
    const strength = cy.nodes().map((n) => [n.data("label"), n.id(), n.connectedEdges().reduce((a, e) => a + e.data("weight"), 0)])
      .filter((x) => x[2] > 0).sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    $("#net-info").innerHTML = "<h3 style='color:" + c.colour + "'>" + esc(c.label) + "</h3><p>" + esc(net.title) + "</p><p class='ev'>色 colour: " +
      kinds.map((k) => '<span style="color:' + keyOf[k] + '">●</span> ' + esc(kindName(k))).join(" ") + "; 大きさ size: " +
      (net.kind === "owners" ? "programmes" : "plan elements") + "; 太さ width: " + (net.kind === "terms" ? "Jaccard" : "shared elements") + "</p>" +
      "<p>最も多く結ばれた Most linked" + (counts ? " (shared elements over all links)" : " (summed Jaccard)") + ":</p><ol class='most'>" +
      strength.map(([lab, id, w]) => '<li><a href="#" class="nb" data-id="' + esc(id) + '">' + esc(lab) + "</a> " + fmtW(w) + "</li>").join("") + "</ol>" +
      "<p class='hint'>Select a link or a node.</p>";
    document.querySelectorAll("#net-info a.nb").forEach((a) => a.onclick = (e2) => {
      e2.preventDefault(); const n = cy.getElementById(a.dataset.id); cy.elements().unselect(); n.select(); n.emit("tap"); });
  }

  // ------------------------------------------------------------------ routing
  function setView(v) {
    document.querySelectorAll(".view").forEach((s) => s.classList.toggle("active", s.id === "view-" + v));
    document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === v));
    if (v === "networks") renderNetwork($("#net-select").value);
  }
  // The state a reader would share (view, comparison) is written to the URL without a reload or a hashchange.
  function writeState(changes) {
    const h = new URLSearchParams(location.hash.slice(1));
    Object.entries(changes).forEach(([k, v]) => (v === null || v === undefined || v === "" ? h.delete(k) : h.set(k, v)));
    history.replaceState(null, "", "#" + h.toString());
  }
  function route() {
    const h = new URLSearchParams(location.hash.slice(1));
    if (h.has("compare")) { compareIds = h.get("compare").split(",").filter((id) => D.nodes[id]); renderCompare(); }
    showCities(h.has("cities") ? h.get("cities").split(",").filter((c) => city[c]) : null);
    if (h.has("term")) { setView("kwic"); renderKwic(h.get("term")); }
    else if (h.has("net")) { setView("networks"); renderNetwork(h.get("net")); }
    else if (h.has("view")) setView(h.get("view"));
    else setView(document.querySelector(".view.active") ? document.querySelector(".view.active").id.slice(5) : "plans");
    showNode(h.get("node"));
  }

  // The page's state is its URL: copy it (the clipboard where the browser allows it, else a box to copy from).
  function copyLink() {
    const url = location.href, btn = $("#copy-link");
    const done = () => { btn.textContent = "コピーしました Copied"; setTimeout(() => { btn.textContent = "リンクをコピー Copy link"; }, 1800); };
    const fallback = () => { const box = $("#link-box"); box.hidden = false; box.value = url; box.select(); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, fallback);
    else fallback();
  }
  // Printing shows every level of the plans: closed branches open for the printout, then close again.
  let closedForPrint = [];
  window.addEventListener("beforeprint", () => {
    closedForPrint = [...document.querySelectorAll("#trees details:not([open])")];
    closedForPrint.forEach((d) => { d.open = true; });
  });
  window.addEventListener("afterprint", () => { closedForPrint.forEach((d) => { d.open = false; }); closedForPrint = []; });
  function init() {
    $("#copy-link").onclick = copyLink;
    renderTrees();
    renderGoals();
    $("#theme-view").innerHTML = Object.keys(D.themes.views).map((v) => "<option>" + esc(v) + "</option>").join("");
    $("#theme-view").onchange = renderThemes;
    renderThemes();
    $("#net-select").innerHTML = D.networks.map((n) => '<option value="' + esc(n.id) + '">' + esc(city[n.city].short + " — " + n.title) + "</option>").join("");
    $("#net-select").onchange = () => { location.hash = "net=" + encodeURIComponent($("#net-select").value); };
    document.querySelectorAll("#tabs button").forEach((b) => b.onclick = () => {
      const v = b.dataset.view, h = new URLSearchParams(location.hash.slice(1));
      setView(v);
      writeState({ view: v, term: v === "kwic" ? h.get("term") : null, net: v === "networks" ? h.get("net") : null });
    });
    $("#kwic-form").onsubmit = (e) => { e.preventDefault(); location.hash = "term=" + encodeURIComponent($("#kwic-input").value); };
    $("#kwic-all").onchange = () => renderKwic($("#kwic-input").value);
    $("#kwic-window").onchange = $("#kwic-sort").onchange = () => renderKwic($("#kwic-input").value);
    $("#compare-csv").onclick = () => download("comparison.csv", csv(compareRows()));
    $("#compare-clear").onclick = () => { compareIds = []; renderCompare(); writeState({ compare: null }); };
    renderCompare();
    window.addEventListener("hashchange", route);
    route();
    document.body.dataset.ready = "true";
  }
  window.explorer = { kwic };          // for the browser tests (and a curious reader's console)
  init();
})();
