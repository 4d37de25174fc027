import { formatRate, type BenchResults } from './runBenchmark.js';

/** "1.52M" for a rate, "−" where the contender did not run. */
function cell(value: number | undefined): string {
  return value === undefined ? '−' : formatRate(value);
}

/** "830x", "2.1x", "0.48x". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  return `${ratio >= 100 ? Math.round(ratio) : ratio.toPrecision(2)}x`;
}

/**
 * The results as a Markdown table: one row per workload, each contender's median rate, then Descent's
 * median divided by the others'. This is the table packages/bench/README.md shows.
 */
export function markdownTable(results: BenchResults): string {
  const names = results.contenders.map((c) => c.name);
  const label = new Map(results.contenders.map((c) => [c.name, c.label]));
  const versus = names.filter((n) => n !== 'descent' && results.workloads.some((w) => w.ratios.some((r) => r.contender === 'descent' && r.versus === n)));
  const header = ['workload', 'unit', ...names.map((n) => label.get(n)!), ...versus.map((n) => `Descent ÷ ${label.get(n)}`)];
  const rows = results.workloads.map((w) => {
    const rate = new Map(w.results.map((r) => [r.contender, r.rate.median]));
    const ratio = new Map(w.ratios.filter((r) => r.contender === 'descent').map((r) => [r.versus, r.ratio]));
    return [w.title, w.unit, ...names.map((n) => cell(rate.get(n))), ...versus.map((n) => (ratio.has(n) ? formatRatio(ratio.get(n)!) : '−'))];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
