import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderSweepReport } from '../renderSweepReport.js';
import { landscapeSweepFixture } from '../testing/sampleSweeps.js';

describe('the winner of a sweep over several problems', () => {
  const document = parseHTML(renderSweepReport(landscapeSweepFixture())).document;

  it('judges each landscape on its own, and calls a lead without randomness exact', () => {
    const section = document.querySelector('#winner')!;
    expect([...section.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['saddle', 'two_minima']);
    const statements = [...section.querySelectorAll('.statement')].map((p) => p.textContent!);
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect(statement).toContain('These runs involve no randomness');
      expect(statement).not.toContain('landscape=');
    }
    expect(section.querySelectorAll('[data-chart^="winner-intervals-"]')).toHaveLength(2);
  });
});
