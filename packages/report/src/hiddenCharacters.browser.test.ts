import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSweepReport } from './renderSweepReport.js';
import { openReport, type OpenedReport } from './testing/browser.js';
import { momentumSweepFixture } from './testing/sampleSweeps.js';

// Issue 15, class 7, in a real browser: a right-to-left override in a description does not reverse what follows it.

describe('hidden characters in a real browser (Debian Chromium via playwright-core)', () => {
  let directory: string;
  let opened: OpenedReport;

  beforeAll(async () => {
    directory = tempFolder('descent-report-');
    const input = momentumSweepFixture();
    input.sweep.description = 'Check \u202Eevil\u200B here';
    await writeFile(join(directory, 'hostile.html'), renderSweepReport(input));
    opened = await openReport(join(directory, 'hostile.html'));
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('shows each hidden character as a visible, titled code, and lays the text out left to right as written', async () => {
    const { page } = opened;
    const description = page.locator('header p', { hasText: 'Check' });
    expect(await description.innerText()).toBe('Check ‹U+202E›evil‹U+200B› here');
    const marks = description.locator('mark.hidden-char');
    expect(await marks.count()).toBe(2);
    expect(await marks.first().isVisible()).toBe(true);
    expect(await marks.first().getAttribute('title')).toBe('U+202E RIGHT-TO-LEFT OVERRIDE: a hidden character, shown as its code');
    // Where each piece is drawn: with the override live, "evil here" would be drawn reversed, right of its mark's left.
    const boxes = await description.evaluate((p) => {
      const range = document.createRange();
      const words = [...p.querySelectorAll('bdi')[0].childNodes];
      return words.map((node) => {
        range.selectNodeContents(node);
        const rect = range.getBoundingClientRect();
        return { text: node.textContent, left: rect.left, right: rect.right };
      });
    });
    expect(boxes.map((box) => box.text)).toEqual(['Check ', '‹U+202E›', 'evil', '‹U+200B›', ' here']);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i].left, boxes[i].text!).toBeGreaterThanOrEqual(boxes[i - 1].right - 0.5);
    expect(opened.problems).toEqual([]);
  }, 30_000);
});
