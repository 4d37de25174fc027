import { smallestRankTestPValue, type Decision } from '@descent/stats';
import { html, type SafeHtml } from '../_html.js';
import type { Configuration } from '../configurations.js';
import { formatCount, formatNumber, formatPercent } from '../format.js';
import type { DecidedVerdict, LeaderComparison, WinnerVerdict } from '../winner.js';
import {
  configurationCount,
  confidenceOf,
  describe,
  eachOther,
  effectWithInterval,
  intervalText,
  listOf,
  marginText,
  relativeLead,
  wordingFor,
  type Wording,
} from './_verdictWording.js';

/** "about 9 replicates per configuration would decide it (the sweep has 3)", or why no number would. */
function replicatesToDecide(decision: Decision, replicates: number): string {
  const needed = decision.replicatesNeeded;
  return needed === undefined
    ? `no number of replicates would probably decide it: the difference is too small for its spread, yet not inside ±δ`
    : `about ${formatCount(needed.replicates)} replicates per configuration would decide it (the sweep has ${replicates})`;
}

/** The smallest Holm-adjusted p-value a comparison's rank test could reach with its replicates, among m comparisons. */
function adjustedPFloor(decision: Decision, comparisons: number): number {
  const { sizes, paired } = decision.comparison;
  return Math.min(1, comparisons * smallestRankTestPValue(Math.min(sizes.a, sizes.b), paired));
}

/**
 * Why an open comparison is open: its interval includes 0, or the rank test's adjusted p is above α (and,
 * when that is all the replicates allow, says so: with few replicates no result could reach α after Holm).
 */
function whyOpen(decision: Decision, verdict: DecidedVerdict): string {
  const { comparison, adjustedPValue } = decision;
  const p = formatNumber(adjustedPValue, 2);
  if (comparison.interval.high < 0) return `an interval below 0 (Holm-adjusted p = ${p})`;
  if (comparison.interval.low <= 0) return `an interval that includes 0 (Holm-adjusted p = ${p})`;
  const m = verdict.comparisons.length;
  const floor = adjustedPFloor(decision, m);
  const cannot =
    floor > verdict.alpha
      ? ` (with ${Math.min(comparison.sizes.a, comparison.sizes.b)} replicates per configuration${m > 1 ? ` and ${m} comparisons` : ''} it cannot fall below ${formatNumber(floor, 2)})`
      : '';
  return `but the rank test's Holm-adjusted p = ${p} is above ${formatNumber(verdict.alpha)}${cannot}`;
}

/** The statement of a leader compared with every other eligible configuration. Never calls an open lead a win. */
function decidedStatement(verdict: DecidedVerdict, wording: Wording, excludedNote: SafeHtml): SafeHtml {
  const { best, comparisons } = verdict;
  const { labelOf, metric, better, ahead } = wording;
  const leader = labelOf(best.configuration);
  const replicates = best.metricValues.length;
  const withVerdict = (wanted: Decision['verdict'][]) => comparisons.filter(({ decision }) => wanted.includes(decision.verdict));
  const names = (rows: LeaderComparison[]) => listOf(rows.map(({ other }) => labelOf(other.configuration)));
  const betterThan = withVerdict(['better']);
  const equivalent = withVerdict(['equivalent']);
  // `worse` cannot really happen to the best mean, but if an interval said so, the lead is not settled either.
  const open = withVerdict(['undecided', 'worse']);
  const against = ({ other, decision }: LeaderComparison) =>
    `against ${labelOf(other.configuration)}, ${describe(other)}, its ${metric} is ${ahead} by ${effectWithInterval(decision)}`;
  switch (verdict.kind) {
    case 'won': {
      const [runnerUp] = comparisons;
      const { effect } = runnerUp.decision.comparison;
      const share = runnerUp.other.mean !== 0 ? `${formatPercent(effect / Math.abs(runnerUp.other.mean))} of the runner-up's value; ` : '';
      return html`<p class="statement winner">Winner: <strong>${leader}</strong>, ${metric} ${describe(best)} ${better}. It is better than ${eachOther(comparisons.length)} (${confidenceOf(runnerUp.decision)} intervals above 0, Holm-adjusted p ≤ ${formatNumber(verdict.alpha)}). Against the runner-up ${labelOf(
        runnerUp.other.configuration,
      )}, ${describe(runnerUp.other)}, its ${metric} is ${ahead} by ${formatNumber(effect)} (${share}${confidenceOf(runnerUp.decision)} CI ${intervalText(
        runnerUp.decision,
      )}).${excludedNote}</p>`;
    }
    case 'equivalent': {
      const [closestBeaten] = betterThan;
      const beaten =
        closestBeaten === undefined
          ? ''
          : betterThan.length === 1
            ? ` It is better than the remaining configuration: ${against(closestBeaten)}.`
            : ` It is better than the remaining ${betterThan.length} configurations; the closest of them: ${against(closestBeaten)}.`;
      return html`<p class="statement equivalent">Equivalent: <strong>${leader}</strong> has the best mean ${metric} ${better}, ${describe(best)}, but ${names(equivalent)} ${
        equivalent.length === 1 ? 'is' : 'are'
      } equivalent to it: the interval of ${equivalent.length === 1 ? 'the' : 'each'} difference lies within ${marginText(
        verdict.margin,
        metric,
      )}, too small to matter.${beaten}${excludedNote}</p>`;
    }
    case 'undecided': {
      const [first, ...rest] = open;
      const m = comparisons.length;
      const neededForAll = open.every(({ decision }) => decision.replicatesNeeded !== undefined)
        ? Math.max(...open.map(({ decision }) => decision.replicatesNeeded!.replicates))
        : undefined;
      const settled = [
        ...(betterThan.length > 0 ? [`better than ${configurationCount(betterThan.length)}`] : []),
        ...(equivalent.length > 0 ? [`equivalent to ${names(equivalent)} within ${marginText(verdict.margin, metric)}`] : []),
      ];
      const settledText = settled.length > 0 ? ` It is ${settled.join(' and ')}.` : '';
      const opening = html`Undecided: <strong>${leader}</strong> has the best mean ${metric} ${better}, ${describe(best)}, but`;
      // With few replicates and many comparisons no rank test can reach α after Holm: say that first, it is the whole story.
      if (comparisons.every(({ decision }) => adjustedPFloor(decision, m) > verdict.alpha)) {
        const all =
          rest.length === 0 || neededForAll === undefined
            ? ''
            : ` About ${formatCount(neededForAll)} replicates per configuration would decide all ${open.length} open comparisons if the differences and their spread stay as observed (replicates: ${neededForAll} in the sweep file).`;
        return html`<p class="statement undecided">${opening} its lead cannot be established from these runs: with ${replicates} ${
          verdict.paired ? 'paired' : 'independent'
        } replicates per configuration${m > 1 ? ` and ${m} comparisons` : ''}, no rank test can reach a Holm-adjusted p ≤ ${formatNumber(
          verdict.alpha,
        )}. The closest comparison: ${against(first)}; ${replicatesToDecide(first.decision, replicates)}.${all}${settledText}${excludedNote}</p>`;
      }
      const moreOpen =
        rest.length === 0
          ? ''
          : ` ${rest.length} more comparison${rest.length === 1 ? ' is' : 's are'} open too (${names(rest)})${
              neededForAll === undefined ? '' : `; about ${formatCount(neededForAll)} replicates per configuration would decide them all`
            }.`;
      return html`<p class="statement undecided">${opening} its lead is not established: ${against(first)}, ${whyOpen(
        first.decision,
        verdict,
      )}; ${replicatesToDecide(first.decision, replicates)}.${moreOpen}${settledText}${excludedNote}</p>`;
    }
  }
}

/** The statement at the top of a report: which configuration leads, and what the comparisons with it decide. */
export function winnerStatement(
  verdict: WinnerVerdict,
  metricName: string,
  goal: 'minimize' | 'maximize',
  labelOf: (configuration: Configuration) => string = (configuration) => configuration.label,
  /** How many of the excluded configurations early termination pruned (they are excluded for that, not for breaking). */
  pruned = 0,
): SafeHtml {
  const wording = wordingFor(metricName, goal, labelOf);
  const { metric, better } = wording;
  const broken = verdict.excluded - pruned;
  const excludedNote = html`${
    broken > 0 ? ` ${broken} configuration${broken === 1 ? '' : 's'} had a replicate diverge or fail and cannot win.` : ''
  }${
    pruned > 0
      ? ` ${pruned} configuration${pruned === 1 ?' was' : 's were'} pruned by early termination: stopped on a smaller budget, ${pruned === 1 ? 'it is' : 'they are'} not ranked against full runs.`
      : ''
  }`;
  switch (verdict.kind) {
    case 'no-eligible':
      return html`<p class="statement undecided">No configuration finished all of its replicates, so none can be called best.${excludedNote}</p>`;
    case 'only-one':
      return html`<p class="statement undecided">Only one configuration finished all of its replicates: <strong>${labelOf(verdict.best.configuration)}</strong>, ${metric} ${describe(verdict.best)}. There is nothing to compare it with.${excludedNote}</p>`;
    case 'single-replicate':
      return html`<p class="statement undecided"><strong>${labelOf(verdict.best.configuration)}</strong> has the best ${metric} ${better}: ${describe(verdict.best)}, ahead of ${labelOf(verdict.runnerUp.configuration)} at ${describe(verdict.runnerUp)} by ${formatNumber(verdict.lead)}. With a single replicate seed noise cannot be measured, so this is not a demonstrated lead: add replicates.${excludedNote}</p>`;
    case 'exact':
      return verdict.lead === 0
        ? html`<p class="statement exact"><strong>${labelOf(verdict.best.configuration)}</strong> and ${labelOf(verdict.runnerUp.configuration)} tie exactly: ${metric} ${formatNumber(verdict.best.mean)}. These runs involve no randomness (exact gradients from a fixed start), so replicates would repeat them.${excludedNote}</p>`
        : html`<p class="statement winner">Best: <strong>${labelOf(verdict.best.configuration)}</strong>, ${metric} ${formatNumber(verdict.best.mean)} ${better}, ahead of ${labelOf(verdict.runnerUp.configuration)} at ${formatNumber(verdict.runnerUp.mean)} by ${formatNumber(verdict.lead)}${relativeLead(verdict.lead, verdict.runnerUp)}. These runs involve no randomness (exact gradients from a fixed start), so replicates would repeat them: the lead is exact, not a sample.${excludedNote}</p>`;
    default:
      return decidedStatement(verdict, wording, excludedNote);
  }
}
