import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { formatCeiling, formatRate, type BenchResults, type WorkloadResult } from './runBenchmark.js';
import { formatRatio } from './summaryTable.js';
import { HELP_SECONDS_NEEDED, type CliStartResult } from './cliStart.js';
import { formatScaling, QUIET_PEER_RATIO, type ShippedSweepsScaling, type SweepScalingResult } from './sweepScaling.js';
import { checkTargets, SWEEP_SCALING_NEEDED, TORCH_SWEEP_NEEDED } from './targets.js';
import type { TorchSweepResult } from './torchSweep.js';

// One server-side document for every chart: Plot only creates elements in it, nothing is attached.
const { document: serverDocument } = parseHTML('<!doctype html><html><head></head><body></body></html>');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The vector flags, relaxed SIMD and the WebAssembly ceiling per workload, where the results have them (from issue 20 on). */
function environmentNote(results: BenchResults): string {
  const env = results.environment;
  const flags = env.vectorFlags === undefined ? '' : ` CPU vector flags: ${env.vectorFlags === null ? 'unknown' : env.vectorFlags.join(' ') || 'none of avx2, fma, avx512f'}.`;
  const relaxed = env.relaxedSimd === undefined ? '' : ` WebAssembly relaxed SIMD ${env.relaxedSimd ? 'on' : 'off'}.`;
  const ceilings = results.workloads.filter((w) => w.wasmCeiling !== undefined).map((w) => `${escapeHtml(w.id)}: ${escapeHtml(formatCeiling(w.wasmCeiling!))}`);
  const ceiling = ceilings.length === 0 ? '' : ` WebAssembly ceiling (the matmul tile's arithmetic alone, timed with each workload): ${ceilings.join('; ')}.`;
  return flags + relaxed + ceiling;
}

/**
 * Median rate per contender as a dot on a log axis, with a line from the slowest to the fastest round:
 * the contenders of one workload can be thousands of times apart, and a log axis shows every ratio
 * at its true size.
 */
function chart(workload: WorkloadResult, labels: ReadonlyMap<string, string>): string {
  const rows = workload.results.map((r) => ({ contender: labels.get(r.contender) ?? r.contender, median: r.rate.median, min: r.rate.min, max: r.rate.max }));
  const figure = Plot.plot({
    document: serverDocument as never,
    width: 720,
    height: 40 + 28 * rows.length,
    marginLeft: 150,
    marginRight: 60,
    x: { type: 'log', label: `${workload.unit} (log scale) →`, tickFormat: workload.unit === 'GFLOP/s' ? '~g' : '~s', grid: true },
    y: { label: null, domain: rows.map((r) => r.contender) },
    marks: [
      Plot.ruleY(rows, { y: 'contender', x1: 'min', x2: 'max', stroke: '#999', strokeWidth: 3 }),
      Plot.dot(rows, { y: 'contender', x: 'median', fill: 'currentColor', r: 4 }),
      Plot.text(rows, { y: 'contender', x: 'max', text: (d: { median: number }) => formatRate(d.median), dx: 8, textAnchor: 'start' }),
    ],
  });
  return (figure as unknown as { outerHTML: string }).outerHTML;
}

function workloadSection(workload: WorkloadResult, labels: ReadonlyMap<string, string>): string {
  const descentRatios = new Map(workload.ratios.filter((r) => r.contender === 'descent').map((r) => [r.versus, r.ratio]));
  const rows = workload.results
    .map((r) => {
      const ratio = descentRatios.get(r.contender);
      const deviation = workload.agreement.deviations[r.contender];
      return `<tr><td>${escapeHtml(labels.get(r.contender) ?? r.contender)}</td><td class="num">${formatRate(r.rate.median)}</td><td class="num">${formatRate(r.rate.min)} – ${formatRate(r.rate.max)}</td><td class="num">${ratio === undefined ? '' : formatRatio(ratio)}</td><td class="num">${deviation === undefined ? 'reference' : deviation.toExponential(1)}</td></tr>`;
    })
    .join('\n');
  return `<section>
<h2>${escapeHtml(workload.title)}</h2>
${chart(workload, labels)}
<table>
<thead><tr><th>contender</th><th>median ${escapeHtml(workload.unit)}</th><th>min – max of rounds</th><th>Descent ÷ this</th><th>agreement (relative difference)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">Agreement: ${escapeHtml(workload.agreement.compared)} against ${escapeHtml(labels.get(workload.agreement.reference) ?? workload.agreement.reference)}, checked before timing (tolerance ${workload.agreement.tolerance}).</p>
</section>`;
}

/** The benchmark results as one self-contained HTML page (charts rendered here, no scripts). */
/** `exp run` with 1 and 2 workers on a shipped sweep, from a cold start and on warm threads, next to a CPU loop. */
function sweepSection(sweep: SweepScalingResult): string {
  const runs = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(1)} <span class="note">(${r.min.toFixed(1)}–${r.max.toFixed(1)})</span>`;
  const row = (what: string, one: string, two: string, ratio: string) => `<tr><td>${what}</td><td class="num">${one}</td><td class="num">${two}</td><td class="num">${escapeHtml(ratio)}</td></tr>`;
  const { pool } = sweep;
  return `<section>
<h2>Worker scaling: the ${escapeHtml(sweep.sweep)} sweep</h2>
<p>Runs per second of <code>exp run sweeps/${escapeHtml(sweep.sweep)}.yaml</code> from scratch with 1 and 2 worker threads, medians of
${sweep.rounds} interleaved rounds (min–max); issue 6 asks 2 workers for ≥ ${SWEEP_SCALING_NEEDED}x. The same rounds run the sweep three
times in a row on one pool of threads: the first sweep meets cold threads (each a V8 isolate that optimises the training code from
scratch), the third warm ones. A pure CPU loop in one process and in two shows what the machine's cores allowed at the time; the
sweep in two separate processes of 1 worker each, what they allowed this workload with no pool shared.</p>
<table>
<thead><tr><th></th><th>1 worker, runs/s</th><th>2 workers, runs/s</th><th>2 ÷ 1</th></tr></thead>
<tbody>
${row('<code>exp run</code>, as it reports (the runs only)', runs(sweep.oneWorker), runs(sweep.twoWorkers), formatScaling(sweep.ratio))}
${row('<code>exp run</code>, whole process', '', '', formatScaling(sweep.processRatio))}
${row('one pool, first sweep (cold threads)', runs(pool.oneCold), runs(pool.twoCold), formatScaling(pool.coldRatio))}
${row('one pool, third sweep (warm threads)', runs(pool.oneWarm), runs(pool.twoWarm), formatScaling(pool.warmRatio))}
${row('CPU loop, 2 processes ÷ 1', '', '', formatScaling(sweep.computePeerRatio))}
${row('the sweep in 2 processes of 1 worker at once ÷ 1 alone', '', '', formatScaling(sweep.independentRatio))}
</tbody>
</table>
<p>The 1-worker process used ${escapeHtml(formatCores(sweep.coresOfOneWorker))} cores (its CPU seconds, every thread, over its wall seconds): what ran beside
the training thread (the main thread, V8's compiler and collector) had the second core to itself. With 2 workers it competes with training, so on
2 cores they can give at most 2 ÷ ${sweep.coresOfOneWorker.median.toFixed(2)} ≈ ${(2 / sweep.coresOfOneWorker.median).toFixed(2)}x.</p>
${sweep.shipped ? shippedSection(sweep.shipped) : ''}
${disturbedNote(sweep)}
</section>`;
}

/** `1.17 (1.16–1.18)`: median and range of a number of cores. */
const formatCores = (rate: { median: number; min: number; max: number }) => `${rate.median.toFixed(2)} (${rate.min.toFixed(2)}–${rate.max.toFixed(2)})`;

/** Every shipped sweep in one `exp run`, 1 worker against 2, whole processes. */
function shippedSection(shipped: ShippedSweepsScaling): string {
  const seconds = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(1)} <span class="note">(${r.min.toFixed(1)}–${r.max.toFixed(1)})</span>`;
  return `<p>Every shipped sweep (${shipped.sweeps.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ')}: ${shipped.runs} runs) in one <code>exp run</code>, which trains them
on one pool of threads, from scratch: with 1 worker ${seconds(shipped.oneWorkerSeconds)} s for the whole process, ${seconds(shipped.trainingSecondsOneWorker)} s of it
training; with 2 workers ${seconds(shipped.twoWorkersSeconds)} s. 1 worker's time ÷ 2 workers', cold start included: <strong>${escapeHtml(formatScaling(shipped.ratio))}</strong>
(issue 20 asks ≥ ${SWEEP_SCALING_NEEDED}x on a sweep of at least 30 s of training and on the shipped sweeps together).</p>`;
}

/** The whole momentum sweep, Descent on 1 worker against the same runs in PyTorch on 1 thread. */
function torchSweepSection(sweep: TorchSweepResult): string {
  const runs = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(2)} <span class="note">(${r.min.toFixed(2)}–${r.max.toFixed(2)})</span>`;
  return `<section>
<h2>The ${escapeHtml(sweep.sweep)} sweep per core: Descent against PyTorch</h2>
<p>The whole sweep (${sweep.runs} runs, its adaptive replicates included): <code>exp run sweeps/${escapeHtml(sweep.sweep)}.yaml --workers 1</code>
from scratch, then the same runs (Descent's resolved configurations, handed over as a file) in PyTorch ${escapeHtml(sweep.torch)} on one thread
(<code>packages/bench/python/torch_sweep.py</code>: the same data sizes, model, loss, optimizer, schedule, batch sizes, epochs, logged steps and
whole-set evaluations, its own random numbers). Before the ratio counts, every run is checked to have taken the same steps, evaluations and
logged steps on both sides. Issue 20 asks ≥ ${TORCH_SWEEP_NEEDED}x. Medians of ${sweep.rounds} round(s) (min–max).</p>
<table>
<thead><tr><th></th><th>runs/s</th><th>median final test loss</th></tr></thead>
<tbody>
<tr><td>Descent, 1 worker (as <code>exp run</code> reports it)</td><td class="num">${runs(sweep.descent)}</td><td class="num">${sweep.finalMetric.descent.toFixed(4)}</td></tr>
<tr><td>PyTorch, 1 thread (as the script times itself)</td><td class="num">${runs(sweep.pytorch)}</td><td class="num">${sweep.finalMetric.pytorch.toFixed(4)}</td></tr>
<tr><td>Descent ÷ PyTorch</td><td class="num">${escapeHtml(formatScaling(sweep.ratio))}</td><td></td></tr>
<tr><td>the same from whole processes (start-up included)</td><td class="num">${escapeHtml(formatScaling(sweep.processRatio))}</td><td></td></tr>
<tr><td>runs per CPU second (Descent's whole process ÷ PyTorch's runs): per core, whatever else ran</td><td class="num">${escapeHtml(formatScaling(sweep.cpuRatio))}</td><td></td></tr>
</tbody>
</table>
</section>`;
}

/** A warning when the CPU loop showed the machine busy in some rounds (empty when every round was quiet). */
function disturbedNote(sweep: SweepScalingResult): string {
  const rounds = sweep.disturbedRounds;
  if (rounds.length === 0) return '';
  const which = rounds.length === 1 ? `round ${rounds[0]}` : `rounds ${rounds.slice(0, -1).join(', ')} and ${rounds.at(-1)}`;
  return `<p class="note"><b>Not a quiet run:</b> in ${which} of ${sweep.rounds} the CPU loop gave less than ${QUIET_PEER_RATIO}x (two cores give
~1.97x when nothing else runs), so something else was using the cores; read this section's ratios with that in mind.</p>`;
}

/** How long `exp --help` takes from a shell: through pnpm, and the CLI's build run by node directly. */
function cliStartSection(start: CliStartResult): string {
  const seconds = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(2)} <span class="note">(${r.min.toFixed(2)}–${r.max.toFixed(2)})</span>`;
  const row = (what: string, rate: CliStartResult['built'] | null) => (rate ? `<tr><td>${what}</td><td class="num">${seconds(rate)}</td></tr>` : '');
  return `<section>
<h2>Start of the exp command</h2>
<p>Seconds from a shell to the end of <code>exp --help</code>, medians of ${start.rounds} interleaved rounds (min–max); issue 6 asks
<code>pnpm exp --help</code> for ≤ ${HELP_SECONDS_NEEDED} s. <code>pnpm exp</code> runs <code>scripts/run-built.mjs</code>: turbo rebuilds what changed
(here nothing), then the CLI runs from its build, <code>packages/cli/dist/bin.js</code>.</p>
<table>
<thead><tr><th></th><th>seconds</th></tr></thead>
<tbody>
${row('<code>pnpm exp --help</code>', start.pnpm)}
${row('<code>node packages/cli/dist/bin.js --help</code> (the build alone)', start.built)}
${row('what pnpm and turbo add (paired per round)', start.pnpmExtra)}
</tbody>
</table>
</section>`;
}

export function renderBenchReport(results: BenchResults): string {
  const labels = new Map(results.contenders.map((c) => [c.name, c.label]));
  const env = results.environment;
  const targets = checkTargets(results)
    .map(
      (t) =>
        `<tr><td>${escapeHtml(t.workload)}</td><td>${escapeHtml(t.target)}</td><td>${escapeHtml(labels.get(t.versus) ?? t.versus)}</td><td class="num">${formatRatio(t.ratio)}</td><td class="num">${formatRatio(t.needed)}</td><td>${t.met ? 'met' : 'not met'}</td></tr>`,
    )
    .join('\n');
  const contenders = results.contenders.map((c) => `<li><b>${escapeHtml(c.label)}</b>: ${escapeHtml(c.description)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Descent benchmark</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #666; font-size: 12px; }
section { margin: 2.5em 0; }
</style>
</head>
<body>
<h1>Descent against TensorFlow.js, side by side</h1>
<p>Training throughput (examples per second, including forward, loss, backward and a momentum update, reading the loss
every step) and matmul GFLOP/s. Same data, same starting weights, same batch order for every contender; their losses
and parameters are compared before any timing. Each contender runs ${env.rounds} timed blocks of about ${env.blockMs} ms,
interleaved with the others; the dot is the median block, the line spans the slowest to the fastest.</p>
<p class="note">Run ${escapeHtml(results.date)} on ${escapeHtml(env.cpu)} (${env.cores} cores), Node ${escapeHtml(env.node)} (V8 ${escapeHtml(env.v8)}),
${escapeHtml(env.platform)}; Descent kernels: <b>${escapeHtml(env.kernels)}</b>. One thread per contender.${environmentNote(results)}</p>
<h2>Targets of issues 6 and 20 in this run</h2>
<table>
<thead><tr><th>workload</th><th>target</th><th>versus</th><th>ratio</th><th>needed</th><th></th></tr></thead>
<tbody>
${targets}
</tbody>
</table>
<p class="note">Measured, not asserted: a shared machine makes single runs noisy.${results.sweepScaling ? '' : ' Worker scaling was not measured in this run (<code>--quick</code>).'}</p>
${results.workloads.map((w) => workloadSection(w, labels)).join('\n')}
${results.sweepScaling ? sweepSection(results.sweepScaling) : ''}
${results.torchSweep ? torchSweepSection(results.torchSweep) : ''}
${results.cliStart ? cliStartSection(results.cliStart) : ''}
<h2>Contenders</h2>
<ul>
${contenders}
</ul>
</body>
</html>
`;
}
