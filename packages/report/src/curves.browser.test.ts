import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { brushAxis, exploreSession } from './_exploreSession.js';
import { meanCurve } from './curves.js';
import { sweepModel } from './reportModel.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';
import type { ReportRun } from './types.js';

// Issue 19: the learning curves follow the selection, group by a setting, and two runs side by side, in a real
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
});
