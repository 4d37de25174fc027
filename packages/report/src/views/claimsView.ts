import type { ClaimVerdict } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { formatNumber } from '../format.js';
import { section } from '../page.js';
import type { ReportModel } from '../reportModel.js';

export const CLAIMS_SECTION_ID = 'claims';

export const showsClaims = (model: ReportModel): boolean => (model.claims ?? []).length > 0;

/** `a: optimizer.momentum = 0.9` for a selection, as the sweep file wrote it. */
function selection(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
    .join(', ');
}

function evidence(v: ClaimVerdict): SafeHtml {
  if (v.effect === null || v.interval === null) return html`no pairs of runs to compare`;
  if (v.exact) return html`effect ${formatNumber(v.effect)}, exact (no randomness: every replicate is the same run)`;
  const p = v.adjustedPValue === null ? '' : `; p ${formatNumber(v.adjustedPValue, 2)} after Holm`;
  return html`effect ${formatNumber(v.effect)} (95 % CI ${formatNumber(v.interval.low)} to ${formatNumber(v.interval.high)}${p})`;
}

function claimRow(v: ClaimVerdict): SafeHtml {
  const { claim } = v;
  const where = Object.keys(claim.where).length > 0 ? ` where ${selection(claim.where)}` : '';
  const needed = v.replicatesNeeded !== null ? html`<br>about ${v.replicatesNeeded} replicates per configuration would probably decide it` : html``;
  return html`<tr class="claim-${v.verdict}">
<td><strong>${claim.claim}</strong><br><span class="mono">${claim.metric}: a ${claim.expect.slice(2, 3)} b; a: ${selection(claim.a)}; b: ${selection(claim.b)}${where}</span></td>
<td class="verdict"><strong>${v.verdict}</strong><br>${v.reason}</td>
<td>${evidence(v)}; ${v.pairs} pairs; δ ${formatNumber(v.delta)}${needed}${v.notes.map((note) => html`<br>${note}`)}</td>
</tr>`;
}

/** The sweep's declared claims and what its runs say about each: the first thing a report answers. */
export function claimsView(model: ReportModel): SafeHtml {
  const verdicts = model.claims ?? [];
  const held = verdicts.filter((v) => v.verdict === 'held').length;
  return section({
    id: CLAIMS_SECTION_ID,
    title: `Claims: ${held} of ${verdicts.length} held`,
    caption:
      'What this sweep is meant to show, checked on its runs. Each configuration of a is paired with the configuration of b that agrees on every other setting, replicate with replicate; the effect is the mean paired difference, positive in the claim’s direction. Held: the interval excludes 0 on the claim’s side and the Holm-corrected Wilcoxon p ≤ 0.05; refuted: the opposite is decided, or the interval lies within ±δ; undecided otherwise.',
    body: html`<div class="table-wrap"><table class="claims">
<thead><tr><th scope="col">claim</th><th scope="col">verdict</th><th scope="col">evidence</th></tr></thead>
<tbody>${verdicts.map(claimRow)}</tbody>
</table></div>`,
  });
}
