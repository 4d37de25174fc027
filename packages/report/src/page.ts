import { html, showHiddenCharacters, trustedHtml, type SafeHtml } from './_html.js';

/**
 * The document shell shared by sweep reports, comparisons and the index: inline CSS (dark on light,
 * print friendly, system fonts only), the sections, and one tiny inline script that sorts tables.
 * Nothing here loads anything: no fonts, no stylesheets, no scripts by URL.
 */

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --panel: #f6f6f4; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 1.5rem 1.25rem 4rem; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 0 0 .2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
p { margin: .4rem 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
a { color: #0057a0; }
header.report-header { border-bottom: 2px solid var(--ink); padding-bottom: .6rem; margin-bottom: 1rem; }
.facts { color: var(--muted); }
nav.sections { margin: .5rem 0 0; font-size: .9rem; }
nav.sections a { margin-right: .9rem; white-space: nowrap; }
section.view { margin: 2rem 0; padding-top: .4rem; border-top: 1px solid var(--rule); break-inside: avoid-page; }
p.caption { color: var(--muted); margin: 0 0 .6rem; max-width: 62rem; }
p.note, details.note { background: var(--panel); border-left: 3px solid #999; padding: .3rem .6rem; font-size: .9rem; }
.statement { font-size: 1.1rem; background: var(--panel); border-left: 4px solid var(--ink); padding: .6rem .9rem; }
.statement.within-noise, .statement.undecided { border-left-color: #b35806; }
.statement.winner { border-left-color: #1b7837; }
.statement.equivalent { border-left-color: #0072B2; }
details.comparisons { margin: .4rem 0 .8rem; }
details.comparisons > summary { cursor: pointer; font-weight: 600; }
table.verdict-table th, table.verdict-table td { white-space: nowrap; }
/* Tables of a row per configuration mark no numeric cell (hundreds of rows of class="number" add up): after the configuration, cells are numbers, except the verdict. */
table.verdict-table td, table.target-table td { text-align: right; font-variant-numeric: tabular-nums; }
table.verdict-table td:first-child, table.target-table td:first-child, table.verdict-table td:last-child { text-align: left; font-variant-numeric: normal; }
tr.leader td { font-weight: 600; }
td.verdict-better { color: #1b7837; }
td.verdict-equivalent { color: #0072B2; }
td.verdict-undecided, td.verdict-worse { color: #b35806; }
tr.claim-held td.verdict { color: #1b7837; } tr.claim-refuted td.verdict { color: #b2182b; } tr.claim-undecided td.verdict { color: #b35806; }
.chart { margin: .4rem 0 1rem; overflow-x: auto; }
.chart svg { background: #fff; }
.panels { display: flex; flex-wrap: wrap; gap: 1.2rem; }
.panels > figure { margin: 0; max-width: 600px; }
.axis-switch > input { margin-left: .8rem; }
.axis-switch > label { margin-right: .2rem; }
.axis-panel { display: none; }
.axis-switch > input[value="steps"]:checked ~ .axis-panels > .axis-panel[data-axis="steps"],
.axis-switch > input[value="epochs"]:checked ~ .axis-panels > .axis-panel[data-axis="epochs"],
.axis-switch > input[value="examples"]:checked ~ .axis-panels > .axis-panel[data-axis="examples"],
.axis-switch > input[value="wall"]:checked ~ .axis-panels > .axis-panel[data-axis="wall"] { display: block; }
.key { display: flex; flex-wrap: wrap; gap: 1.2rem; font-size: .85rem; color: var(--ink); margin: .2rem 0 .6rem; }
.key span { display: inline-flex; align-items: center; gap: .35rem; }
.key .swatch { display: inline-block; width: 1.4rem; height: 1rem; border: 1px solid #999; background: #e5e5e5;
  text-align: center; line-height: 1rem; font-size: .8rem; }
.key .swatch.beyond { border: 3px solid #d55e00; background: none; }
.key .line-swatch { display: inline-block; width: 1.2rem; height: .25rem; border-radius: 1px; }
.series-key { font-size: .8rem; gap: .3rem 1rem; }
.panels > .chart { margin: 0; }
.chart figure { margin: 0; }
.curve-groups { display: flex; flex-wrap: wrap; gap: 0 1.2rem; }
.never { font-size: .85rem; }
details.note { display: block; margin: .4rem 0; }
details.note summary { cursor: pointer; }
.never-label { white-space: nowrap; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
th { background: var(--panel); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
.table-wrap { overflow-x: auto; max-height: 80vh; }
/* A table out of view is not laid out or painted: a brush that hides 800 of 1,000 rows then costs the table nothing until it is scrolled to. */
.table-wrap { content-visibility: auto; contain-intrinsic-size: auto 600px; }
/* The table of runs writes no class on its numeric cells (a thousand rows of class="number" add up): its cells are numbers unless marked. */
table.runs td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.runs td.status, table.runs td.value, table.runs td.details { text-align: left; font-variant-numeric: normal; }
/* Its first column is the run id, the one before last the seed (runTableView.ts keeps them there). */
table.runs td:first-child, table.runs td:nth-last-child(2) { text-align: left; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
table.runs td.details { white-space: normal; }
td.status { font-weight: 600; }
td.number, td.mono, td.status, td.value { white-space: nowrap; }
/* A finished row has no class (a thousand rows would carry it): green is the default. */
table.runs td.status { color: #1b7837; }
tr.status-diverged td.status { color: #b35806; }
tr.status-failed td.status { color: #b2182b; }
tr.status-diverged { background: #fff4e6; }
tr.status-failed { background: #fde8e8; }
tr.status-pruned td.status { color: #5e3c99; }
tr.status-pruned { background: #f2eef8; }
table.pruning td { white-space: nowrap; }
dl.facts-list { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts-list dt { font-weight: 600; }
dl.facts-list dd { margin: 0; }
ol.profile-key { list-style: none; padding: 0; }
ol.profile-key li.baseline { color: var(--muted); }
table.bench-results td.verdict-worse { color: #b2182b; }
table.bench-results td.verdict { font-weight: 600; white-space: nowrap; }
table.bench-results tr.nobody-reached { background: #f2f2f2; }
.nobody { color: #b2182b; font-size: .8rem; white-space: nowrap; }
.other-time { color: var(--muted); font-size: .8rem; }
td.warn { color: #b35806; font-weight: 600; }
p.conformance.failing { border-left: 3px solid #b2182b; padding-left: .6rem; }
figure.bench-curve { margin: 0; max-width: 560px; }
figure.bench-curve figcaption { font-size: .85rem; }
mark.hidden-char { background: #fde8e8; color: #b2182b; border-radius: 2px; padding: 0 .1em; font: .8em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
/* Explore (src/client): shown once the page's script runs; the static page stays complete without it. */
.selection-bar { display: none; }
.explorable .selection-bar { display: flex; flex-wrap: wrap; gap: .3rem .8rem; align-items: center; position: sticky; top: 0; z-index: 2;
  background: #fff; border: 1px solid var(--rule); border-left: 4px solid #0072B2; padding: .3rem .6rem; margin: .3rem 0 .6rem; font-size: .9rem; }
.selection-bar button { font: inherit; padding: .05rem .7rem; cursor: pointer; }
.explorable .explore-fallback { display: none; }
.pc-brush .selection { fill: #0072B2; fill-opacity: .15; stroke: #0072B2; }
table.runs tr.pickable { cursor: pointer; }
table.runs tr.picked td { box-shadow: inset 0 0 0 999px rgba(0, 114, 178, .12); }
table.runs tr.pickable:focus { outline: 2px solid #0072B2; outline-offset: -2px; }
/* Curves that follow the selection (src/client/curves.ts), group by and run diff. */
.explore-tools:empty, .run-diff:empty { display: none; }
.explore-tools { margin: .4rem 0; }
.explore-tools select { font: inherit; margin-left: .3rem; }
/* Select by value (src/client/selectByValue.ts): each axis's brush as typed values, one compact line per axis. */
.select-by-value > summary { cursor: pointer; font-size: .9rem; }
.select-by-value fieldset { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .6rem; border: 0; margin: 0; padding: .15rem 0; font-size: .9rem; }
.select-by-value legend { float: left; min-width: 8rem; padding: 0; font-weight: 600; }
.select-by-value input[type="text"] { font: inherit; width: 7em; }
.select-by-value input[aria-invalid="true"] { outline: 2px solid #b2182b; }
.select-message { margin: .2rem 0; color: #b2182b; font-size: .9rem; }
.select-message:empty { margin: 0; }
.curve-legend button { display: inline-flex; align-items: center; gap: .35rem; font: inherit; font-size: .85rem; border: 1px solid var(--rule); background: #fff; border-radius: 3px; padding: .05rem .4rem; cursor: pointer; }
.curve-legend button[aria-pressed="true"] { border-color: #0072B2; box-shadow: inset 0 0 0 1px #0072B2; }
table.run-diff tr.differs td { background: #fff4d6; font-weight: 600; }
table.run-diff td:first-child { color: #b35806; width: 1.2em; }
table.runs tr.compared td:first-child, table.verdict-table tr.compared td:first-child { box-shadow: inset 4px 0 0 #E69F00; }
table.verdict-table tr[tabindex]:focus { outline: 2px solid #0072B2; outline-offset: -2px; }
.run-diff button + button { margin-left: .5rem; }
[data-chart="metric-heatmap"] rect.pickable { cursor: pointer; }
@media screen {
  .explore-active > .curves-static, .explore-active > .winner-static { display: none; }
  /* Configurations without a selected run, in the views drawn on the server (src/client/heatmap.ts, verdictTable.ts). */
  [data-chart="metric-heatmap"] .dimmed { opacity: .15; }
  table.verdict-table tr.dimmed { opacity: .35; }
  [data-chart="metric-heatmap"] rect.compared { stroke: #E69F00; stroke-width: 3; }
  [data-chart="metric-heatmap"] rect.picked, [data-chart="metric-heatmap"] rect.pickable:focus { stroke: #0072B2; stroke-width: 3; outline: none; }
  .explore-mount path.pc-dim { stroke: #c8c8c8; stroke-opacity: .3; }
  .explore-mount path.pc-hover { stroke-width: 3.5; stroke-opacity: 1; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .selection-bar, .pc-brush { display: none !important; }
  .explore-curves, .explore-winner, .explore-tools, .diff-hint, .run-diff button { display: none !important; }
  table.runs tr[hidden] { display: table-row; }
  .axis-panel { display: block; }
  .axis-switch > input, .axis-switch > label, .axis-switch > .axis-choice { display: none; }
  .table-wrap { max-height: none; overflow: visible; }
  th { position: static; }
  a { color: inherit; }
}
`;

// Sorts a table by the clicked header: numbers by their data-sort value, else by their text with thousands
// separators left out ('2,000'); empty or unreadable = not a number, always last. Text by code points. The
// static table is complete and readable without it. _sortableTable.ts reads cells the same way.
const SORT_SCRIPT = `
for (const table of document.querySelectorAll('table[data-sortable]')) {
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((header, column) => {
    const button = header.querySelector('button');
    if (!button) return;
    button.addEventListener('click', () => {
      const ascending = header.getAttribute('aria-sort') !== 'ascending';
      for (const other of headers) other.removeAttribute('aria-sort');
      header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const numeric = header.dataset.type === 'number';
      const body = table.tBodies[0];
      const keyOf = (row) => {
        const cell = row.cells[column];
        return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
      };
      const rows = Array.from(body.rows);
      rows.sort((rowA, rowB) => {
        const a = keyOf(rowA), b = keyOf(rowB);
        if (numeric) {
          const x = a === '' ? NaN : Number(a.replace(/,/g, '')), y = b === '' ? NaN : Number(b.replace(/,/g, ''));
          if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) - Number.isNaN(y);
          return ascending ? x - y : y - x;
        }
        return (a < b ? -1 : a > b ? 1 : 0) * (ascending ? 1 : -1);
      });
      body.append(...rows);
    });
  });
}
`;

export interface PageContent {
  title: string;
  header: SafeHtml;
  sections: SafeHtml[];
  /** Elements after the sort script: a data island and the script that reads it (sweep reports). */
  scripts?: SafeHtml[];
  /** Reload the page after this many seconds (a report rewritten while its sweep runs); absent: never. */
  reloadSeconds?: number;
}

/** One complete HTML document. Hidden characters that reached it other than through `html` (in Plot's SVG text) are shown as their codes too. */
export function renderPage({ title, header, sections, scripts = [], reloadSeconds }: PageContent): string {
  return showHiddenCharacters(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${reloadSeconds === undefined ? html`` : reloadAfter(reloadSeconds)}<title>${title}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
${header}
<main>
${sections}
</main>
<script>${trustedHtml(SORT_SCRIPT)}</script>
${scripts}
</body>
</html>
`.value);
}

/**
 * Reload the page after `seconds`. A script, because Chromium's `<meta http-equiv="refresh">` does not reload a
 * URL with a hash (it scrolls to the fragment instead), and a report keeps its state in the hash; location.reload()
 * keeps the hash, even one changed since the page opened, and the browser restores the scroll position. Without
 * scripts the meta in <noscript> reloads it (a URL without a hash).
 */
function reloadAfter(seconds: number): SafeHtml {
  return html`<noscript><meta http-equiv="refresh" content="${seconds}"></noscript>
<script>setTimeout(() => location.reload(), ${seconds * 1000});</script>
`;
}

export interface SectionContent {
  id: string;
  title: string;
  /** One line: what to look for. */
  caption: string | SafeHtml;
  body: SafeHtml | SafeHtml[];
}

/** A report view: <section id> with a title and a one-line caption saying what to look for. */
export function section({ id, title, caption, body }: SectionContent): SafeHtml {
  return html`<section class="view" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${title}</h2>
<p class="caption">${caption}</p>
${body}
</section>
`;
}

/** A navigation bar linking to sections by id (in-page anchors, not requests). */
export function sectionNav(entries: { id: string; title: string }[]): SafeHtml {
  return html`<nav class="sections" aria-label="Sections">${entries.map(
    (entry) => html`<a href="#${entry.id}">${entry.title}</a>`,
  )}</nav>`;
}

export function note(text: string | SafeHtml): SafeHtml {
  return html`<p class="note">${text}</p>`;
}
