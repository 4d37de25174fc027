import { describe, expect, it } from 'vitest';
import type { ClaimVerdict } from '@descent/runner';
import type { Claim } from '@descent/sweep';
import { renderSweepReport, sweepReportSections } from '../renderSweepReport.js';
import { momentumSweepFixture } from '../testing/index.js';

const claim: Omit<Claim, 'claim'> = { metric: 'final_metric', a: { 'optimizer.momentum': 0.9 }, b: { 'optimizer.momentum': 0 }, where: {}, expect: 'a < b', compared: ['optimizer.momentum'] };

const held: ClaimVerdict = {
  claim: { ...claim, claim: 'momentum <speeds> training' },
  verdict: 'held',
  reason: 'a < b decided',
  pairs: 30,
  effect: 0.0942,
  interval: { low: 0.0653, high: 0.125 },
  pValue: 0.000002,
  adjustedPValue: 0.000004,
  delta: 0.0066,
  exact: false,
  replicatesNeeded: null,
  notes: [],
};
const undecided: ClaimVerdict = { ...held, claim: { ...claim, claim: 'momentum 0.5 helps too', where: { 'optimizer.lr': 0.01 } }, verdict: 'undecided', reason: 'the interval reaches 0', interval: { low: -0.01, high: 0.05 }, replicatesNeeded: 9 };

describe('the claims view', () => {
  it('comes first in a report whose sweep declares claims, with each verdict, effect and interval', () => {
    const input = { ...momentumSweepFixture(), claims: [held, undecided] };
    expect(sweepReportSections(input)[0]).toEqual({ id: 'claims', title: 'Claims', hasChart: false });
    const page = renderSweepReport(input);
    const section = page.slice(page.indexOf('<section class="view" id="claims"'), page.indexOf('</section>', page.indexOf('id="claims"')));
    expect(section).toContain('Claims: 1 of 2 held');
    expect(section).toContain('momentum &lt;speeds&gt; training'); // escaped: a claim is text from the sweep file
    expect(section).toContain('<tr class="claim-held">');
    expect(section).toContain('effect 0.0942 (95 % CI 0.0653 to 0.125');
    expect(section).toContain('<tr class="claim-undecided">');
    expect(section).toContain('about 9 replicates per configuration would probably decide it');
    expect(section).toContain('where optimizer.lr = 0.01');
  });

  it('is absent when the sweep declares none', () => {
    expect(sweepReportSections(momentumSweepFixture()).map((s) => s.id)).not.toContain('claims');
  });
});
