import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exploreSession } from './_exploreSession.js';
import { makeReportRun, makeSweepInput } from './testing/fixtures.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';
import type { ReportRun } from './types.js';

// Issue 19, first slice, in a real Chromium with real mouse and keyboard input. What the page should show is
// computed here from the run records, never read from the page's own data island.

const input = momentumSweepFixture();
const idsWhere = (test: (run: ReportRun) => boolean) => input.runs.filter(test).map((run) => run.record.runId).sort();
const lrOf = (run: ReportRun) => Number(run.record.config.optimizer.lr);

/** The run ids of the table rows a reader sees (laid out: not display: none); a row's id is `run-<run id>`. */
function visibleRows(page: Page): Promise<string[]> {
  return page.locator('#runs tbody tr').evaluateAll((rows) =>
    (rows as HTMLTableRowElement[]).filter((row) => row.getClientRects().length > 0).map((row) => row.id.replace(/^run-/, '')).sort(),
  );
}

/** The mouse reaches only what is in the viewport: scroll the chart into it. */
async function chartInView(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelector('[data-explore="parallel-coordinates"]')!.scrollIntoView({ block: 'center' }));
}

/** In the page: whether the table of runs is at the top of the window (or as near as the page's end lets it come). */
function runsAtTop(): boolean {
  const top = document.getElementById('runs')!.getBoundingClientRect().top;
  const atEnd = Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight;
  return Math.abs(top) < 2 || (top > 0 && atEnd);
}

const barText = (page: Page) => page.locator('#explore .selection-bar .selection-text').innerText();

/** An axis as drawn: its x and the y of each tick label, read from the rendered text like a reader would. */
async function axisOnScreen(page: Page, title: string): Promise<{ x: number; ticks: Record<string, number> }> {
  await chartInView(page);
  return page.evaluate((title) => {
    const mount = document.querySelector('[data-explore="parallel-coordinates"]')!;
    const texts = [...mount.querySelectorAll('svg text')] as SVGTextElement[];
    const heading = texts.find((text) => text.textContent === title)!;
    const headingBox = heading.getBoundingClientRect();
    const x = headingBox.left + headingBox.width / 2;
    const ticks: Record<string, number> = {};
    for (const text of texts) {
      const box = text.getBoundingClientRect();
      // Tick labels end just left of their axis.
      if (text !== heading && box.right <= x && box.right > x - 20) ticks[text.textContent!] = box.top + box.height / 2;
    }
    return { x, ticks };
  }, title);
}

describe('an explorable sweep report in a real browser (Debian Chromium via playwright-core)', () => {
  const session = exploreSession(input, 'descent-explore-');

  it('draws one line per run and shows every row', async () => {
    const { page } = session.opened;
    expect(await page.locator('#explore .explore-fallback').count()).toBe(0);
    expect(await page.locator('[data-explore="parallel-coordinates"] svg[aria-label]').getAttribute('aria-label')).toBe('Parallel coordinates of 36 runs');
    // Diverged and failed runs have lines of their own kind.
    expect(await page.locator('g.pc-runs path').count()).toBe(28);
    expect(await page.locator('g.pc-diverged path').count()).toBe(7);
    expect(await page.locator('g.pc-failed path').count()).toBe(1);
    expect(await visibleRows(page)).toEqual(idsWhere(() => true));
    expect(await barText(page)).toMatch(/^All 36 runs shown/);
    expect(await page.locator('#explore .selection-bar button').isDisabled()).toBe(true);
  });

  it('brushing the lr axis shows exactly the runs whose lr lies in the range; reload with the hash restores it; Clear shows all', async () => {
    const { page } = session.opened;
    const lr = await axisOnScreen(page, 'lr');
    expect(Object.keys(lr.ticks)).toEqual(expect.arrayContaining(['0.01', '0.1', '1']));
    // From just above the 0.1 tick to just below the 0.01 tick: lr 0.01 and 0.1, not 1.
    await page.mouse.move(lr.x, lr.ticks['0.1'] - 10);
    await page.mouse.down();
    await page.mouse.move(lr.x, lr.ticks['0.01'] + 10, { steps: 6 });
    await page.mouse.up();
    const expected = idsWhere((run) => lrOf(run) >= 0.01 && lrOf(run) <= 0.1);
    expect(expected).toHaveLength(24);
    expect(await visibleRows(page)).toEqual(expected);
    const bar = await barText(page);
    expect(bar).toMatch(new RegExp(`^24 of 36 runs selected: lr [\\d.e-]+–[\\d.e-]+$`));
    const [low, high] = bar.replace(/^.*lr /, '').split('–').map(Number);
    expect(low).toBeLessThan(0.01);
    expect(low).toBeGreaterThan(0.001);
    expect(high).toBeGreaterThan(0.1);
    expect(high).toBeLessThan(1);

    // The hash holds the exact range; it selects the same runs by the records' lr.
    await page.waitForFunction(() => location.hash.startsWith('#explore:'));
    const hash = await page.evaluate(() => location.hash);
    const [min, max] = /optimizer\.lr=([^&.]*\.?[^&.]*)\.\.([^&]*)/.exec(hash)!.slice(1).map(Number);
    expect(idsWhere((run) => lrOf(run) >= min && lrOf(run) <= max)).toEqual(expected);

    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    expect(await visibleRows(page)).toEqual(expected);
    expect(await barText(page)).toBe(bar);
    // The brush is drawn where it was.
    expect(await page.locator('g.pc-brush[aria-label="brush on lr"] rect.selection').isVisible()).toBe(true);
    expect(await page.locator('g.pc-runs path.pc-dim').count()).toBe(28 - idsWhere((run) => lrOf(run) <= 0.1 && run.record.status === 'finished').length);

    await page.locator('#explore .selection-bar button').click();
    expect(await visibleRows(page)).toHaveLength(36);
    expect(await barText(page)).toMatch(/^All 36 runs shown/);
    expect(await page.locator('path.pc-dim').count()).toBe(0);
    await page.waitForFunction(() => location.hash === '');
    expect(session.opened.problems).toEqual([]);
  }, 30_000);

  it('brushes on two axes are AND-ed', async () => {
    const { page } = session.opened;
    const lr = await axisOnScreen(page, 'lr');
    const momentum = await axisOnScreen(page, 'momentum');
    const drag = async (x: number, from: number, to: number) => {
      await page.mouse.move(x, from);
      await page.mouse.down();
      await page.mouse.move(x, to, { steps: 5 });
      await page.mouse.up();
    };
    await drag(lr.x, lr.ticks['1'] - 10, lr.ticks['0.1'] + 10);
    // The runs' momenta, 0 and 0.9, are the axis's ticks. Brush from just below 0.9 up past the axis's top.
    expect(Object.keys(momentum.ticks).sort()).toEqual(['0', '0.9']);
    await drag(momentum.x, momentum.ticks['0.9'] + 5, momentum.ticks['0.9'] - 300);
    const expected = idsWhere((run) => lrOf(run) >= 0.1 && Number(run.record.config.optimizer.momentum) >= 0.8);
    expect(expected).toHaveLength(12);
    expect(await visibleRows(page)).toEqual(expected);
    expect(await barText(page)).toMatch(/^12 of 36 runs selected: lr .*, momentum .*$/);
  }, 30_000);

  it('types a range on the lr axis from the keyboard: the table shows exactly those runs, and the brush is drawn', async () => {
    const { page } = session.opened;
    const summary = page.locator('details.select-by-value > summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(await focused()).toBe('lr from');
    await page.keyboard.type('5e-3');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('lr to');
    await page.keyboard.type('0.5');
    await page.keyboard.press('Enter');

    const expected = idsWhere((run) => lrOf(run) >= 0.005 && lrOf(run) <= 0.5);
    expect(expected).toHaveLength(24);
    expect(await visibleRows(page)).toEqual(expected);
    expect(await barText(page)).toBe('24 of 36 runs selected: lr 0.005–0.5');
    await page.waitForFunction(() => location.hash === '#explore:optimizer.lr=0.005..0.5');
    // The brush on the chart covers the 0.01 and 0.1 ticks, not the 1.
    const lr = await axisOnScreen(page, 'lr');
    const brush = page.locator('g.pc-brush[aria-label="brush on lr"] rect.selection');
    expect(await brush.isVisible()).toBe(true);
    const box = (await brush.boundingBox())!;
    expect(box.y).toBeLessThan(lr.ticks['0.1']);
    expect(box.y + box.height).toBeGreaterThan(lr.ticks['0.01']);
    expect(box.y).toBeGreaterThan(lr.ticks['1']);

    // An open end: 'to' emptied keeps every lr from 0.005 up.
    const to = page.getByRole('textbox', { name: 'lr to' });
    await to.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    expect(await barText(page)).toBe('36 of 36 runs selected: lr ≥ 0.005');
  }, 30_000);

  it('fills the inputs from a brush drawn with the mouse, keeps its exact end when the other is edited, and empties them on Clear', async () => {
    const { page } = session.opened;
    await page.locator('details.select-by-value > summary').click();
    const lr = await axisOnScreen(page, 'lr');
    await page.mouse.move(lr.x, lr.ticks['0.1'] - 10);
    await page.mouse.down();
    await page.mouse.move(lr.x, lr.ticks['0.01'] + 10, { steps: 6 });
    await page.mouse.up();
    const from = page.getByRole('textbox', { name: 'lr from' });
    const to = page.getByRole('textbox', { name: 'lr to' });
    const [low, high] = (await barText(page)).replace(/^.*lr /, '').split('–');
    expect(await from.inputValue()).toBe(low);
    expect(await to.inputValue()).toBe(high);
    expect(Number(low)).toBeLessThan(0.01);
    expect(Number(high)).toBeGreaterThan(0.1);

    await page.waitForFunction(() => location.hash.startsWith('#explore:optimizer.lr='));
    const brushedMin = /optimizer\.lr=(.*)\.\./.exec(await page.evaluate(() => location.hash))![1];
    await to.fill('0.05');
    await to.press('Enter');
    expect(await visibleRows(page)).toEqual(idsWhere((run) => lrOf(run) === 0.01));
    // The brush's own lower end, every digit of it, not the rounded text.
    await page.waitForFunction((min) => location.hash === `#explore:optimizer.lr=${min}..0.05`, brushedMin);

    await page.locator('#explore .selection-bar button').click();
    expect(await from.inputValue()).toBe('');
    expect(await to.inputValue()).toBe('');
    expect(await visibleRows(page)).toHaveLength(36);
  }, 30_000);

  it('says politely what is wrong with typed values and changes nothing', async () => {
    const { page } = session.opened;
    await page.locator('details.select-by-value > summary').click();
    const from = page.getByRole('textbox', { name: 'lr from' });
    const to = page.getByRole('textbox', { name: 'lr to' });
    await from.fill('0.1');
    await from.press('Tab');
    const before = await visibleRows(page);
    expect(before).toEqual(idsWhere((run) => lrOf(run) >= 0.1));
    const bar = await barText(page);
    await page.waitForFunction(() => location.hash === '#explore:optimizer.lr=0.1..Infinity');
    const message = page.locator('.select-message');
    expect(await message.getAttribute('aria-live')).toBe('polite');

    await from.fill('abc');
    await from.press('Enter');
    expect(await message.innerText()).toBe("lr from: 'abc' is not a number (write 0.01 or 1e-3)");
    expect(await message.isVisible()).toBe(true);
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect(await visibleRows(page)).toEqual(before);
    expect(await barText(page)).toBe(bar);

    // 'from' still reads 'abc': put back the 0.1 in force, then a 'to' below it.
    await from.fill('0.1');
    await to.fill('0.05');
    await to.press('Enter');
    expect(await message.innerText()).toBe('lr: from (0.1) is above to (0.05)');
    expect(await visibleRows(page)).toEqual(before);
    expect(await barText(page)).toBe(bar);
    expect(await page.evaluate(() => location.hash)).toBe('#explore:optimizer.lr=0.1..Infinity');

    // A valid range clears the complaint.
    await from.fill('0.01');
    await from.press('Enter');
    expect(await message.innerText()).toBe('');
    expect(await from.getAttribute('aria-invalid')).toBeNull();
    expect(await visibleRows(page)).toEqual(idsWhere((run) => lrOf(run) >= 0.01 && lrOf(run) <= 0.05));
  }, 30_000);

  it('does not pin the tip when a press on an axis starts a brush', async () => {
    const { page } = session.opened;
    const lr = await axisOnScreen(page, 'lr');
    const tips = () => page.locator('[data-explore="parallel-coordinates"] g[aria-label="tip"] text').count();
    // Beside the lr = 0.1 vertices, a tip shows; a press there would pin it (Plot's click-to-pin).
    await page.mouse.move(lr.x, lr.ticks['0.1'] - 3);
    await page.mouse.move(lr.x, lr.ticks['0.1'] - 5);
    expect(await tips()).toBe(1);
    await page.mouse.down();
    await page.mouse.move(lr.x, lr.ticks['0.1'] + 60, { steps: 4 });
    await page.mouse.up();
    await page.mouse.move(5, 5);
    expect(await tips()).toBe(0);
  }, 30_000);

  it('names the run under the pointer in a tip', async () => {
    const { page } = session.opened;
    // The worst finished run ends highest on the metric axis (minimized): point at the end of its line.
    const finished = input.runs.filter((run) => Number.isFinite(run.record.summary.finalMetric));
    const worst = finished.reduce((a, b) => (b.record.summary.finalMetric > a.record.summary.finalMetric ? b : a));
    await chartInView(page);
    const end = await page.locator('g.pc-runs path').evaluateAll((paths) => {
      const ends = (paths as SVGPathElement[]).map((path) => {
        const point = path.getPointAtLength(path.getTotalLength());
        const screen = new DOMPoint(point.x, point.y).matrixTransform(path.getScreenCTM()!);
        return { x: screen.x, y: screen.y };
      });
      return ends.reduce((a, b) => (b.y < a.y ? b : a));
    });
    await page.mouse.move(end.x - 1, end.y + 1);
    const tip = page.locator('[data-explore="parallel-coordinates"] g[aria-label="tip"]');
    // Plot starts each line of a tip with a zero-width space.
    const tipText = async () => ((await tip.textContent()) ?? '').replace(/\u200b/g, '');
    await expect.poll(tipText).toContain(`run ${worst.record.runId} (replicate ${worst.record.replicate})`);
    const text = await tipText();
    expect(text).toContain('status finished');
    expect(text).toContain(`lr ${worst.record.config.optimizer.lr}`);
    expect(await page.locator('path.pc-hover').count()).toBe(1);
  }, 30_000);

  it('picks a configuration by clicking a row or pressing Enter on it; Clear is reachable from the keyboard', async () => {
    const { page } = session.opened;
    const row = page.locator('#runs tbody tr').nth(4);
    const id = (await row.getAttribute('id'))!.replace(/^run-/, '');
    const record = input.runs.find((run) => run.record.runId === id)!.record;
    const expected = idsWhere(({ record: other }) =>
      other.config.optimizer.lr === record.config.optimizer.lr &&
      other.config.optimizer.momentum === record.config.optimizer.momentum &&
      other.config.train.batch_size === record.config.train.batch_size,
    );
    await row.locator('td').nth(2).click();
    expect(await visibleRows(page)).toEqual(expected);
    expect(await barText(page)).toMatch(/^3 of 36 runs selected: configuration lr=/);
    await row.locator('td').nth(2).click();
    expect(await visibleRows(page)).toHaveLength(36);

    await row.focus();
    await page.keyboard.press('Enter');
    expect(await visibleRows(page)).toEqual(expected);
    const clear = page.locator('#runs .selection-bar button');
    await clear.focus();
    expect(await clear.evaluate((button) => document.activeElement === button)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await visibleRows(page)).toHaveLength(36);
  }, 30_000);

  it('a link to a section keeps the state in the hash, beside the section; a reload restores both', async () => {
    const { page } = session.opened;
    const lr = await axisOnScreen(page, 'lr');
    await page.mouse.move(lr.x, lr.ticks['0.01'] - 10);
    await page.mouse.down();
    await page.mouse.move(lr.x, lr.ticks['0.01'] + 10, { steps: 3 });
    await page.mouse.up();
    await page.waitForFunction(() => location.hash.startsWith('#explore:optimizer.lr='));
    const state = await page.evaluate(() => location.hash);
    await page.locator('nav.sections a', { hasText: 'All runs' }).click();
    await page.waitForFunction((state) => location.hash === `${state}&at=runs`, state);
    // At once, within the click, as the browser's own anchors do (and so no motion for a reader who asks for less).
    expect(await page.evaluate(runsAtTop)).toBe(true);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(1000);
    // The keyboard's place moves there too, as following the anchor would.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('runs');
    // The selection stays (12 runs have lr 0.01), and the table's own bar says so.
    const expected = idsWhere((run) => lrOf(run) === 0.01);
    expect(await visibleRows(page)).toEqual(expected);
    expect(await page.locator('#runs .selection-bar .selection-text').innerText()).toMatch(/^12 of 36 runs selected: lr /);

    // The link a reader copies, opened afresh (not a reload, whose scroll the browser would restore itself).
    const link = await page.evaluate(() => location.href);
    await page.goto('about:blank');
    await page.goto(link, { waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    expect(await visibleRows(page)).toEqual(expected);
    await page.waitForFunction(runsAtTop);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(1000);

    // Clear: no state left, the hash is the section's plain anchor.
    await page.locator('#runs .selection-bar button').click();
    await page.waitForFunction(() => location.hash === '#runs');
  }, 30_000);

  it('leaves plain section links to the browser while nothing is selected', async () => {
    const { page } = session.opened;
    const plain = session.url + '#runs';
    await page.goto('about:blank');
    await page.goto(plain, { waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByName('explore:ready').length === 1);
    expect(await page.evaluate(() => location.hash)).toBe('#runs');
    // The browser's own jump to the anchor, which it may make after the script has run.
    await page.waitForFunction(runsAtTop);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(1000);
    await page.locator('nav.sections a', { hasText: /^Explore$/ }).click();
    await page.waitForFunction(() => location.hash === '#explore');
    // A selection made after that keeps the section it started from.
    await page.locator('#runs tbody tr').first().click();
    await page.waitForFunction(() => /^#explore:pick=[^&]+&at=explore$/.test(location.hash));
  }, 30_000);

  it('prints the static content: every row, no selection bar or brushes', async () => {
    const { page } = session.opened;
    const lr = await axisOnScreen(page, 'lr');
    await page.mouse.move(lr.x, lr.ticks['0.01'] - 10);
    await page.mouse.down();
    await page.mouse.move(lr.x, lr.ticks['0.01'] + 10, { steps: 3 });
    await page.mouse.up();
    expect((await visibleRows(page)).length).toBe(12);
    await page.emulateMedia({ media: 'print' });
    expect(await visibleRows(page)).toHaveLength(36);
    expect(await page.locator('#explore .selection-bar').isVisible()).toBe(false);
    expect(await page.locator('details.select-by-value').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('details.select-by-value').isVisible()).toBe(true);
  }, 30_000);

  it('without JavaScript, says where the runs are and shows the whole table', async () => {
    const { page, context } = session.opened;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(session.url, { waitUntil: 'load' });
    expect(await page.locator('#explore .explore-fallback').isVisible()).toBe(true);
    expect(await page.locator('.selection-bar').first().isVisible()).toBe(false);
    expect(await visibleRows(page)).toHaveLength(36);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    expect(session.opened.problems).toEqual([]);
  }, 30_000);
});

describe('a categorical axis selected from the keyboard (Chromium)', () => {
  const runs = ['sgd', 'adam', 'lion'].flatMap((optimizer) => [0, 1].map((replicate) => makeReportRun({ optimizer, replicate, lr: 0.01 * (replicate + 1) })));
  const session = exploreSession(makeSweepInput({ varied: ['optimizer.name', 'optimizer.lr'], runs }), 'descent-explore-categories-');

  it('a checkbox per category: Space on one drops its runs from the table and draws the brush; a brush fills the boxes', async () => {
    const { page } = session.opened;
    await page.locator('details.select-by-value > summary').focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    // The boxes in the axis's order (the report's: sorted), every one checked while nothing is selected.
    for (const category of ['adam', 'lion', 'sgd']) {
      await page.keyboard.press('Tab');
      expect(await focused()).toBe(category);
      expect(await page.getByRole('checkbox', { name: category }).isChecked()).toBe(true);
    }
    await page.keyboard.press('Space');
    const kept = runs.filter(({ record }) => record.config.optimizer.name !== 'sgd').map(({ record }) => record.runId).sort();
    expect(kept).toHaveLength(4);
    expect(await visibleRows(page)).toEqual(kept);
    expect(await page.locator('#explore .selection-bar .selection-text').innerText()).toBe('4 of 6 runs selected: optimizer adam, lion');
    expect(await page.locator('g.pc-brush[aria-label="brush on optimizer"] rect.selection').isVisible()).toBe(true);
    await page.waitForFunction(() => location.hash === '#explore:optimizer.name=adam,lion');

    // Clear checks every box again; a brush drawn with the mouse around 'adam' alone then leaves only its box checked.
    await page.locator('#explore .selection-bar button').click();
    for (const category of ['adam', 'lion', 'sgd']) expect(await page.getByRole('checkbox', { name: category }).isChecked()).toBe(true);
    expect(await visibleRows(page)).toHaveLength(6);
    const optimizer = await axisOnScreen(page, 'optimizer');
    await page.mouse.move(optimizer.x, optimizer.ticks['adam'] - 10);
    await page.mouse.down();
    await page.mouse.move(optimizer.x, optimizer.ticks['adam'] + 10, { steps: 3 });
    await page.mouse.up();
    expect(await page.getByRole('checkbox', { name: 'adam' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'lion' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'sgd' }).isChecked()).toBe(false);
    expect(await visibleRows(page)).toEqual(runs.filter(({ record }) => record.config.optimizer.name === 'adam').map(({ record }) => record.runId).sort());
  }, 30_000);
});
