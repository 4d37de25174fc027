import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderComparison } from '../renderComparison.js';
import { renderSweepReport } from '../renderSweepReport.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import type { SweepReportInput } from '../types.js';

const finished = momentumSweepFixture();
const running: SweepReportInput = { ...finished, inProgress: { done: 3, total: 8, reloadSeconds: 5 } };

/** Exactly what an in-progress page adds to the head (see page.ts reloadAfter). */
const RELOAD = '<noscript><meta http-equiv="refresh" content="5"></noscript>\n<script>setTimeout(() => location.reload(), 5000);</script>\n';
const BANNER = /<p class="note in-progress" role="status">.*?<\/p>\n/s;

describe('a report while its sweep runs', () => {
  const markup = renderSweepReport(running);
  const document = parseHTML(markup).document;

  it('says how many runs are done, that it reloads, and how to write the finished report, at the top', () => {
    const banner = document.querySelector('header.report-header > :first-child')!;
    expect(banner.getAttribute('class')).toBe('note in-progress');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toBe(
      'In progress: 3 of 8 runs done (of those planned so far). This page reloads every 5 s while exp run works on the sweep; ' +
        'if it has stopped, pnpm exp report momentum writes the finished report.',
    );
  });

  it('reloads itself after the given seconds, by script and (without scripts) by a refresh', () => {
    expect(markup).toContain(`<meta name="viewport" content="width=device-width, initial-scale=1">\n${RELOAD}<title>`);
    const inHead = document.head.querySelector('noscript')!;
    expect(inHead.innerHTML).toBe('<meta http-equiv="refresh" content="5">');
    const fast = renderSweepReport({ ...finished, inProgress: { done: 0, total: 8, reloadSeconds: 1 } });
    expect(fast).toContain('setTimeout(() => location.reload(), 1000);');
    expect(fast).toContain('<meta http-equiv="refresh" content="1">');
  });

  it('names the command the sweep was run with (npx in a project that installed Descent)', () => {
    const installed = renderSweepReport({ ...running, sweep: { ...running.sweep, command: 'npx exp run sweeps/momentum.yaml' } });
    expect(parseHTML(installed).document.querySelector('p.in-progress code:last-of-type')!.textContent).toBe('npx exp report momentum');
  });

  it('refuses a reload interval that is not a whole number of seconds ≥ 1, and runs done beyond the total', () => {
    for (const reloadSeconds of [0, 2.5, -1, Number.NaN])
      expect(() => renderSweepReport({ ...finished, inProgress: { done: 0, total: 8, reloadSeconds } })).toThrow(`inProgress.reloadSeconds must be a whole number of seconds ≥ 1 (got ${reloadSeconds})`);
    for (const [done, total] of [[9, 8], [-1, 8], [1.5, 8]])
      expect(() => renderSweepReport({ ...finished, inProgress: { done, total, reloadSeconds: 5 } })).toThrow(`inProgress: done and total must be whole numbers with 0 ≤ done ≤ total (got ${done} of ${total})`);
  });
});

describe('a finished report', () => {
  const markup = renderSweepReport(finished);

  it('has no banner and never reloads', () => {
    expect(markup).not.toContain('http-equiv="refresh"');
    expect(markup).not.toContain('location.reload');
    expect(markup).not.toContain('In progress');
    expect(parseHTML(markup).document.querySelector('.in-progress')).toBeNull();
  });

  it('is the in-progress page byte for byte without the reload and the banner: the state changes nothing else', () => {
    const running = renderSweepReport({ ...finished, inProgress: { done: 3, total: 8, reloadSeconds: 5 } });
    expect(running).toContain(RELOAD);
    expect(running).toMatch(BANNER);
    expect(running.replace(RELOAD, '').replace(BANNER, '')).toBe(markup);
  });

  it('is what an input with the state left undefined gives', () => {
    expect(renderSweepReport({ ...finished, inProgress: undefined })).toBe(markup);
  });

  it('a comparison never reloads, even of a sweep still running', () => {
    const comparison = renderComparison([running, momentumSweepFixture('other')]);
    expect(comparison).not.toContain('location.reload');
    expect(comparison).not.toContain('In progress');
  });
});
