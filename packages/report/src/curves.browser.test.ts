import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { brushAxis, exploreSession } from './_exploreSession.js';
import { meanCurve } from './curves.js';
import { sweepModel } from './reportModel.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';
import type { ReportRun } from './types.js';

// Issue 19: the learning curves follow the selection, group by a setting, two runs or two configurations side by side, in a real
// Chromium with real mouse and keyboard input. What the page should show is computed here from the records.

const input = momentumSweepFixture();
const idsWhere = (test: (run: ReportRun) => boolean) => input.runs.filter(test).map((run) => run.record.runId).sort();
const lrOf = (run: ReportRun) => Number(run.record.config.optimizer.lr);
const labelOf = ({ record }: ReportRun) => `lr=${record.config.optimizer.lr} · momentum=${record.config.optimizer.momentum} · batch=${record.config.train.batch_size}`;

const CURVES = '[data-explore="learning-curves"]';

function visibleRows(page: Page): Promise<string[]> {
  return page.locator('#runs tbody tr').evaluateAll((rows) =>
    (rows as HTMLTableRowElement[]).filter((row) => row.getClientRects().length > 0).map((row) => row.id.replace(/^run-/, '')).sort(),
  );
}

/** The legend's entries and the drawn mean lines' colours. */
async function drawnCurves(page: Page): Promise<{ legend: string[]; swatches: string[]; lines: string[] }> {
  return page.evaluate((mount) => {
    const root = document.querySelector(mount)!;
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('.curve-legend button')];
    const rgb = (colour: string) => {
      const probe = document.createElement('span');
      probe.style.color = colour;
      document.body.append(probe);
      const computed = getComputedStyle(probe).color;
      probe.remove();
      return computed;
    };
    return {
      legend: buttons.map((button) => button.textContent!),
      swatches: buttons.map((button) => getComputedStyle(button.querySelector('.line-swatch')!).backgroundColor),
      lines: [...root.querySelectorAll('g.curve-mean path')].map((path) => rgb(path.getAttribute('stroke')!)),
    };
  }, CURVES);
}

async function shiftClickRow(page: Page, id: string): Promise<void> {
  await page.keyboard.down('Shift');
  await page.locator(`#runs tbody tr[id="run-${id}"] td`).nth(2).click();
  await page.keyboard.up('Shift');
}

const DIFF = '[data-explore="run-diff"]';

/** A verdict table row by its configuration's label (a cell of it, exactly). */
const verdictRow = (page: Page, label: string) => page.locator('table.verdict-table tbody tr').filter({ has: page.getByRole('cell', { name: label, exact: true }) });

async function shiftClick(page: Page, target: ReturnType<Page['locator']>, position?: { x: number; y: number }): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await page.keyboard.down('Shift');
  await target.click({ position });
  await page.keyboard.up('Shift');
}

/** What the configuration diff shows: its table's column names, the marked config keys, its facts by name, the drawn means and bands. */
async function configurationDiff(page: Page): Promise<{ names: string[]; marked: string[]; facts: Record<string, [string, string]>; means: number; bands: number }> {
  return page.evaluate((mount) => {
    const root = document.querySelector(mount)!;
    const table = root.querySelector('table.run-diff');
    const facts: Record<string, [string, string]> = {};
    // The metric's name left out of the final metric's rows: 'mean final', 'min–max final'.
    for (const row of root.querySelectorAll<HTMLTableRowElement>('table.run-diff tr.diff-fact')) facts[row.dataset.key!.replace(/^(mean|min–max) final .*$/, '$1 final')] = [row.cells[2].textContent!, row.cells[3].textContent!];
    return {
      names: table === null ? [] : [...table.querySelectorAll('thead th')].slice(2).map((th) => th.textContent!),
      marked: [...root.querySelectorAll<HTMLElement>('table.run-diff tr.diff-config.differs')].map((row) => row.dataset.key!),
      facts,
      means: root.querySelectorAll('g.curve-mean path').length,
      bands: root.querySelectorAll('g.curve-band path').length,
    };
  }, DIFF);
}

/** What the diff should say of a configuration, from its records: replicates, counts by status, mean and min–max of the finished ones' final metric. */
function expectedFacts(label: string) {
  const runs = input.runs.filter((run) => labelOf(run) === label);
  const finals = runs.filter((run) => run.record.status === 'finished').map((run) => run.record.summary.finalMetric!);
  const count = (status: string) => runs.filter((run) => run.record.status === status).length;
  return { replicates: runs.length, finished: count('finished'), diverged: count('diverged'), mean: finals.reduce((sum, value) => sum + value, 0) / finals.length, min: Math.min(...finals), max: Math.max(...finals) };
}

/** The config keys whose values differ between two configurations (one record of each). */
function differingKeys(a: string, b: string): string[] {
  const [left, right] = [a, b].map((label) => leaves(input.runs.find((run) => labelOf(run) === label)!.record.config));
  return [...new Set([...left.keys(), ...right.keys()])].filter((key) => left.get(key) !== right.get(key)).sort();
}

/** A config's leaves by dotted key, as JSON. */
function leaves(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, path === '' ? key : `${path}.${key}`, out);
  } else out.set(path, JSON.stringify(value));
  return out;
}

describe('learning curves, group by and run diff in a real browser (Debian Chromium via playwright-core)', () => {
  const session = exploreSession(input, 'descent-curves-');

  it('shows the static charts until runs are selected, then exactly the selected configurations', async () => {
    const { page } = session.opened;
    expect(await page.locator(CURVES).isVisible()).toBe(false);
    expect(await page.locator('#learning-curves .curves-static').isVisible()).toBe(true);

    await brushAxis(page, 'lr', '0.1', '0.01');
    const selected = input.runs.filter((run) => lrOf(run) <= 0.1);
    const expected = [...new Set(selected.map(labelOf))].sort();
    expect(expected).toHaveLength(8);
    await expect.poll(() => page.locator(CURVES).isVisible()).toBe(true);
    expect(await page.locator('#learning-curves .curves-static').isVisible()).toBe(false);
    const drawn = await drawnCurves(page);
    expect([...drawn.legend].sort()).toEqual(expected);
    expect(drawn.lines).toHaveLength(8);
    expect(new Set(drawn.lines)).toEqual(new Set(drawn.swatches));
    expect(await page.locator(`${CURVES} .curves-note`).innerText()).toContain(`${selected.length} runs`);

    // Hovering a line names its configuration, the examples seen and the value.
    const point = await page.locator(`${CURVES} g.curve-mean path`).first().evaluate((path: SVGPathElement) => {
      path.scrollIntoView({ block: 'center' });
      const at = path.getPointAtLength(path.getTotalLength() * 0.3);
      const screen = new DOMPoint(at.x, at.y).matrixTransform(path.getScreenCTM()!);
      return { x: screen.x, y: screen.y };
    });
    await page.mouse.move(point.x, point.y);
    const tip = page.locator(`${CURVES} g[aria-label="tip"]`);
    await expect.poll(async () => ((await tip.textContent()) ?? '').replace(/\u200b/g, '')).toMatch(/lr=.* · momentum=.* · batch=\d+examples seen [\d.,e+]+training loss \(whole training set\) [\d.e-]+/);
    const named = ((await tip.textContent()) ?? '').replace(/\u200b/g, '');
    expect(expected.some((label) => named.startsWith(label))).toBe(true);

    // Printing shows the static charts, whatever is selected.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#learning-curves .curves-static').isVisible()).toBe(true);
    expect(await page.locator(CURVES).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  }, 30_000);

  it("cuts a diverging curve as the static charts do: the y-axis stops at 2× the highest starting loss, and a ✕ ends each diverged run's curve", async () => {
    const { page } = session.opened;
    await brushAxis(page, 'lr', '1', '1');
    await expect.poll(() => page.locator(CURVES).isVisible()).toBe(true);
    // What the selected configurations start at, from the records: the cut is twice the highest start.
    const selected = sweepModel(input).configurations.filter((configuration) => lrOf(configuration.runs[0]) === 1);
    expect(selected).toHaveLength(4);
    const ceiling = 2 * Math.max(...selected.map((configuration) => meanCurve(configuration.runs, 'examples', 'loss')[0].mean));
    // Uncut, the diverged runs (×3 per evaluation) would stretch the axis past 10⁹.
    const highest = Math.max(...selected.flatMap((configuration) => meanCurve(configuration.runs, 'examples', 'loss').map((point) => point.high)));
    expect(highest).toBeGreaterThan(1e9);

    const drawn = await page.evaluate((mount) => {
      const svg = document.querySelector(`${mount} svg`)!;
      const ticks = [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((text) => Number(text.textContent!.replace('\u2212', '-')));
      const frame = svg.getBoundingClientRect();
      const ends = [...svg.querySelectorAll('g.curve-end text')].map((text) => {
        const box = text.getBoundingClientRect();
        return { text: text.textContent, inside: box.top >= frame.top && box.bottom <= frame.bottom };
      });
      return { ticks, ends, label: svg.querySelector('g[aria-label="y-axis label"]')?.textContent ?? '' };
    }, CURVES);
    expect(drawn.ticks.length).toBeGreaterThan(2);
    expect(Math.max(...drawn.ticks)).toBeLessThanOrEqual(ceiling * 1.005);
    expect(Math.max(...drawn.ticks)).toBeGreaterThanOrEqual(ceiling / 2);
    expect(drawn.label).toContain('cut at the top');
    const diverged = input.runs.filter((run) => lrOf(run) === 1 && run.record.status === 'diverged');
    expect(diverged.length).toBe(7);
    expect(drawn.ends).toEqual(diverged.map(() => ({ text: '✕', inside: true })));
    expect(await page.locator(`${CURVES} .curves-note`).innerText()).toContain("✕ marks where a diverged run's curve ends");
  }, 30_000);

  it('groups by momentum from the keyboard: one line per momentum; its legend entry selects those runs everywhere; the hash keeps it', async () => {
    const { page } = session.opened;
    const select = page.getByLabel('Group runs by');
    await select.focus();
    await page.keyboard.press('ArrowDown'); // the first setting after "configuration": lr
    await page.keyboard.press('ArrowDown'); // momentum
    expect(await select.inputValue()).toBe('optimizer.momentum');
    await expect.poll(async () => (await drawnCurves(page)).legend).toEqual(['momentum=0', 'momentum=0.9']);
    const drawn = await drawnCurves(page);
    expect(drawn.lines).toHaveLength(2);
    expect(new Set(drawn.lines)).toEqual(new Set(drawn.swatches));
    expect(await visibleRows(page)).toHaveLength(36);

    await page.locator(`${CURVES} .curve-legend button`, { hasText: 'momentum=0.9' }).click();
    const expected = idsWhere((run) => run.record.config.optimizer.momentum === 0.9);
    expect(await visibleRows(page)).toEqual(expected);
    expect(await page.locator('#explore .selection-bar .selection-text').innerText()).toMatch(/^18 of 36 runs selected: momentum 0\.9–0\.9$/);
    // The parallel coordinates dim the other runs' lines (finished ones: momentum 0 minus its diverged and failed).
    const dimmed = input.runs.filter((run) => run.record.config.optimizer.momentum === 0 && run.record.status === 'finished').length;
    expect(await page.locator('g.pc-runs path.pc-dim').count()).toBe(dimmed);
    // Still grouped: only the selected group is drawn.
    expect((await drawnCurves(page)).legend).toEqual(['momentum=0.9']);

    await page.waitForFunction(() => location.hash.includes('group=optimizer.momentum') && location.hash.includes('optimizer.momentum=0.9..0.9'));
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    expect(await page.getByLabel('Group runs by').inputValue()).toBe('optimizer.momentum');
    expect((await drawnCurves(page)).legend).toEqual(['momentum=0.9']);
    expect(await visibleRows(page)).toEqual(expected);
  }, 30_000);

  it('puts two shift-clicked runs side by side: exactly the differing keys marked, two curves overlaid; the hash restores it; Clear empties it', async () => {
    const { page } = session.opened;
    const a = input.runs.find((run) => lrOf(run) === 0.1 && run.record.config.optimizer.momentum === 0 && run.record.config.train.batch_size === 8 && run.record.replicate === 0)!;
    const b = input.runs.find((run) => lrOf(run) === 0.01 && run.record.config.optimizer.momentum === 0.9 && run.record.config.train.batch_size === 8 && run.record.replicate === 1)!;
    await shiftClickRow(page, a.record.runId);
    expect(await page.locator('#explore .diff-hint').innerText()).toContain(a.record.runId);
    await shiftClickRow(page, b.record.runId);
    // A shift-click is not a pick: every row still shows.
    expect(await visibleRows(page)).toHaveLength(36);

    const [left, right] = [leaves(a.record.config), leaves(b.record.config)];
    const differing = [...new Set([...left.keys(), ...right.keys()])].filter((key) => left.get(key) !== right.get(key)).sort();
    expect(differing).toEqual(['optimizer.lr', 'optimizer.momentum']);
    const marked = () => page.locator('#explore table.run-diff tr.diff-config.differs').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.key!));
    expect(await marked()).toEqual(differing);
    expect(await page.locator('#explore table.run-diff tr.diff-config').count()).toBe(left.size);
    expect(await page.locator('#explore table.run-diff tr[data-key="replicate"]').getAttribute('class')).toContain('differs');
    expect(await page.locator('#explore g.diff-curve path').count()).toBe(2);
    expect(await page.locator('#runs tr.compared').evaluateAll((rows) => rows.map((row) => row.id.replace(/^run-/, '')).sort())).toEqual([a.record.runId, b.record.runId].sort());

    await page.waitForFunction((ids) => location.hash.includes(`diff=${ids}`), `${a.record.runId},${b.record.runId}`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    expect(await marked()).toEqual(differing);
    expect(await page.locator('#explore g.diff-curve path').count()).toBe(2);

    // From the keyboard: C on a focused row takes a run out again.
    await page.locator(`#runs tbody tr[id="run-${a.record.runId}"]`).focus();
    await page.keyboard.press('c');
    expect(await page.locator('#explore table.run-diff').count()).toBe(0);
    expect(await page.locator('#explore .diff-hint').innerText()).toContain(b.record.runId);
    await page.locator('#explore button.diff-clear').click();
    await page.waitForFunction(() => location.hash === '');
    expect(await page.locator('#runs tr.compared').count()).toBe(0);
  }, 30_000);

  it('puts two configurations side by side from the verdict table: labels, differing keys marked, replicates and final metric, two means and two bands; the hash restores it', async () => {
    const { page } = session.opened;
    const [a, b] = ['lr=0.1 · momentum=0.9 · batch=8', 'lr=0.01 · momentum=0 · batch=8'];
    await shiftClick(page, verdictRow(page, a).locator('td').nth(1));
    expect(await page.locator(`${DIFF} .diff-hint`).innerText()).toContain(`Configuration diff: ${a} is in`);
    await shiftClick(page, verdictRow(page, b).locator('td').nth(1));
    // A shift-click is not a pick: nothing is selected.
    expect(await visibleRows(page)).toHaveLength(36);

    const check = async () => {
      const shown = await configurationDiff(page);
      expect(shown.names).toEqual([a, b]);
      expect(await page.locator(`${DIFF} h3`).innerText()).toBe(`${a} vs ${b}: 2 config keys differ`);
      expect(shown.marked).toEqual(differingKeys(a, b));
      expect(shown.marked).toEqual(['optimizer.lr', 'optimizer.momentum']);
      for (const [label, column] of [[a, 0], [b, 1]] as const) {
        const expected = expectedFacts(label);
        expect(shown.facts.replicates[column]).toBe(String(expected.replicates));
        expect(shown.facts.finished[column]).toBe(String(expected.finished));
        expect(Number(shown.facts['mean final'][column]) / expected.mean - 1).toBeCloseTo(0, 3);
        const [low, high] = shown.facts['min–max final'][column].split('–').map(Number);
        expect(low / expected.min - 1).toBeCloseTo(0, 3);
        expect(high / expected.max - 1).toBeCloseTo(0, 3);
      }
      expect(shown.means).toBe(2);
      expect(shown.bands).toBe(2);
      // The legend under the chart names both.
      expect(await page.locator(`${DIFF} figure`).innerText()).toMatch(new RegExp(`${a.replace(/\./g, '\\.')}[\\s\\S]*${b.replace(/\./g, '\\.')}`));
      expect(await page.locator('table.verdict-table tr.compared td:first-child').allTextContents()).toEqual([a, b]);
    };
    await check();
    const [indexA, indexB] = [await verdictRow(page, a).getAttribute('data-configuration'), await verdictRow(page, b).getAttribute('data-configuration')];
    await page.waitForFunction((part) => location.hash.endsWith(part), `diff=c:${indexA},c:${indexB}`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    await check();

    // From the keyboard: C on a focused heatmap cell puts that configuration in, in place of the older one.
    const c = 'lr=1 · momentum=0 · batch=8';
    await page.locator(`[data-chart="metric-heatmap"] rect[aria-label^="${c}:"]`).focus();
    await page.keyboard.press('c');
    const shown = await configurationDiff(page);
    expect(shown.names).toEqual([b, c]);
    expect(shown.marked).toEqual(differingKeys(b, c));
    // One replicate of c diverged: counted apart, and left out of its final metric.
    const expected = expectedFacts(c);
    expect(expected.diverged).toBe(1);
    expect(shown.facts.diverged).toEqual(['0', '1']);
    expect(shown.facts.finished).toEqual([String(expectedFacts(b).finished), String(expected.finished)]);
    expect(Number(shown.facts['mean final'][1]) / expected.mean - 1).toBeCloseTo(0, 3);
    expect(await page.locator('[data-chart="metric-heatmap"] rect[tabindex].compared').evaluateAll((rects) => rects.map((rect) => rect.getAttribute('aria-label')!.replace(/: .*$/, '')).sort())).toEqual([b, c].sort());
    // The pick for the selection is untouched by the diff's keys.
    expect(await visibleRows(page)).toHaveLength(36);

    // C on a focused verdict row takes its configuration out again; Clear empties the diff.
    expect(await verdictRow(page, b).getAttribute('aria-keyshortcuts')).toBe('C');
    await verdictRow(page, b).focus();
    await page.keyboard.press('c');
    expect(await page.locator(`${DIFF} .diff-hint`).innerText()).toContain(`Configuration diff: ${c} is in`);
    await page.locator(`${DIFF} button.diff-clear`).click();
    await page.waitForFunction(() => location.hash === '');
    expect(await page.locator('table.verdict-table tr.compared').count()).toBe(0);
  }, 60_000);

  it('reads a link with an unknown configuration index politely: the known one is kept, nothing breaks', async () => {
    const { page } = session.opened;
    const label = 'lr=0.1 · momentum=0.9 · batch=8';
    const index = await verdictRow(page, label).getAttribute('data-configuration');
    // Opened afresh with the link, and followed from within the open page (a change of the hash alone).
    for (const open of ['load', 'hashchange']) {
      await page.goto(`${session.url}#explore:diff=c:999,c:${index}`, { waitUntil: 'load' });
      if (open === 'load') {
        await page.reload({ waitUntil: 'load' });
        await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
      }
      await expect.poll(() => page.locator(`${DIFF} .diff-hint`).innerText()).toContain(`Configuration diff: ${label} is in`);
      await page.goto(session.url, { waitUntil: 'load' });
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    }
    expect(await page.locator(`${DIFF} table.run-diff`).count()).toBe(0);
  }, 30_000);

  it("widens two runs to their configurations with the diff's button, and Shift+C on a run's row puts its configuration in", async () => {
    const { page } = session.opened;
    const [a, b, c] = ['lr=0.01 · momentum=0.9 · batch=64', 'lr=1 · momentum=0.9 · batch=64', 'lr=0.1 · momentum=0 · batch=64'];
    const runOf = (label: string) => input.runs.find((run) => labelOf(run) === label)!.record.runId;
    await shiftClickRow(page, runOf(a));
    await shiftClickRow(page, runOf(b));
    expect(await page.locator(`${DIFF} g.diff-curve path`).count()).toBe(2);
    await page.locator(`${DIFF} button.diff-widen`).click();
    let shown = await configurationDiff(page);
    expect(shown.names).toEqual([a, b]);
    expect(shown.marked).toEqual(differingKeys(a, b));
    expect([shown.means, shown.bands]).toEqual([2, 2]);
    // Every replicate of b diverged: no final metric to summarise.
    expect(expectedFacts(b).finished).toBe(0);
    expect(shown.facts.diverged).toEqual(['0', '3']);
    expect(shown.facts['mean final'][1]).toBe('–');
    expect(await page.locator(`${DIFF} g.diff-curve path`).count()).toBe(0);

    await page.locator(`#runs tbody tr[id="run-${runOf(c)}"]`).focus();
    await page.keyboard.press('Shift+C');
    shown = await configurationDiff(page);
    expect(shown.names).toEqual([b, c]);

    // A shift-click on a heatmap cell (its corner: the centre holds its value) puts its configuration in; it is not a pick.
    const d = 'lr=0.01 · momentum=0 · batch=64';
    await shiftClick(page, page.locator(`[data-chart="metric-heatmap"] rect[aria-label^="${d}:"]`), { x: 4, y: 4 });
    shown = await configurationDiff(page);
    expect(shown.names).toEqual([c, d]);
    // d's third replicate failed: counted apart, its two finished replicates summarised.
    expect(shown.facts.failed).toEqual(['0', '1']);
    expect(shown.facts.finished).toEqual(['3', '2']);
    expect(await visibleRows(page)).toHaveLength(36);
    await page.waitForFunction(() => /diff=c:\d+,c:\d+$/.test(location.hash));
  }, 30_000);
});
