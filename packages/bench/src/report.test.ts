import { describe, expect, it } from 'vitest';
import { renderBenchReport } from './renderBenchReport.js';
import type { BenchResults } from './runBenchmark.js';
import { formatRatio, markdownTable } from './summaryTable.js';
import { checkTargets } from './targets.js';

const rate = (median: number) => ({ rounds: [median], median, min: median * 0.9, max: median * 1.1 });

// A hand-made result of two workloads; Descent's ratios are median ÷ median.
const RESULTS: BenchResults = {
  schema: 1,
  date: '2025-01-01T00:00:00.000Z',
  environment: { node: 'v20', v8: '11', cpu: 'Test <CPU>', cores: 2, platform: 'linux x64', kernels: 'wasm-simd', rounds: 1, blockMs: 10, agreementSteps: 3 },
  contenders: [
    { name: 'hand', label: 'hand-written loops', description: 'by hand' },
    { name: 'descent', label: 'Descent', description: 'fused' },
    { name: 'tfjs-wasm', label: 'TF.js wasm', description: 'XNNPACK' },
  ],
  workloads: [
    {
      id: 'lecture-b1',
      title: '3-4-1 net, batch 1',
      kind: 'mlp',
      unit: 'samples/s',
      agreement: { reference: 'hand', compared: 'losses', tolerance: 1e-4, deviations: { descent: 1e-7, 'tfjs-wasm': 2e-7 } },
      results: [
        { contender: 'hand', rate: rate(2e6) },
        { contender: 'descent', rate: rate(1.5e6) },
        { contender: 'tfjs-wasm', rate: rate(1500) },
      ],
      ratios: [
        { contender: 'descent', versus: 'hand', ratio: 0.75 },
        { contender: 'descent', versus: 'tfjs-wasm', ratio: 1000 },
      ],
    },
    {
      id: 'matmul-512',
      title: 'matmul 512',
      kind: 'matmul',
      unit: 'GFLOP/s',
      agreement: { reference: 'hand', compared: 'C', tolerance: 1e-4, deviations: { descent: 0, 'tfjs-wasm': 1e-7 } },
      results: [
        { contender: 'hand', rate: rate(0.5) },
        { contender: 'descent', rate: rate(20) },
        { contender: 'tfjs-wasm', rate: rate(25) },
      ],
      ratios: [
        { contender: 'descent', versus: 'hand', ratio: 40 },
        { contender: 'descent', versus: 'tfjs-wasm', ratio: 0.8 },
      ],
    },
  ],
};

describe('reporting results', () => {
  it('checks the targets the workloads allow, from the measured ratios', () => {
    expect(checkTargets(RESULTS).map((t) => [t.workload, t.versus, t.met])).toEqual([
      ['lecture-b1', 'hand', true], // 0.75 ≥ 0.5: within 2x
      ['lecture-b1', 'tfjs-wasm', true], // 1000 ≥ 100
      ['matmul-512', 'tfjs-wasm', false], // 0.8 < 1
    ]);
  });

  it('checks PyTorch on the 3-4-1 net and on MNIST (issue 20: 1x at batch 32, 0.5x at 256), not on matmul (for information)', () => {
    const versusTorch = (id: string, ratio: number) => ({ ...RESULTS.workloads[0], id, ratios: [{ contender: 'descent', versus: 'pytorch', ratio }] });
    const withTorch: BenchResults = {
      ...RESULTS,
      workloads: [
        versusTorch('lecture-b1', 99),
        versusTorch('lecture-b32', 10),
        versusTorch('lecture-b1024', 1.2),
        versusTorch('mnist-b32', 0.7),
        versusTorch('mnist-b256', 0.5),
        versusTorch('matmul-512', 0.1),
      ],
    };
    expect(checkTargets(withTorch).map((t) => [t.workload, t.needed, t.met])).toEqual([
      ['lecture-b1', 100, false], // 99 < 100
      ['lecture-b32', 10, true], // 10 ≥ 10
      ['lecture-b1024', 1, true], // 1.2 ≥ 1
      ['mnist-b32', 1, false], // 0.7 < 1
      ['mnist-b256', 0.5, true], // 0.5 ≥ 0.5
    ]);
  });

  it('names the machine in the page: vector flags, relaxed SIMD and the WebAssembly ceiling, when the results hold them', () => {
    const ceiling = { simd: rate(30.25), relaxedSimd: rate(48.5) };
    const workloads = RESULTS.workloads.map((w, i) => (i === 0 ? { ...w, wasmCeiling: ceiling } : w));
    const page = renderBenchReport({ ...RESULTS, workloads, environment: { ...RESULTS.environment, vectorFlags: ['avx2', 'fma'], relaxedSimd: true } });
    expect(page).toContain('CPU vector flags: avx2 fma.');
    expect(page).toContain('WebAssembly relaxed SIMD on.');
    expect(page).toContain(`${RESULTS.workloads[0].id}: 30.3 GFLOP/s with SIMD, 48.5 with relaxed SIMD&#39;s multiply-add`);
    // Results written before these fields existed still render, without the note.
    expect(renderBenchReport(RESULTS)).not.toContain('CPU vector flags');
  });

  it('adds the worker-scaling target when the run measured it, from the median of exp run\'s own ratio', () => {
    const scaling = (ratio: number): BenchResults['sweepScaling'] => ({
      sweep: 'momentum',
      rounds: 1,
      oneWorker: rate(50),
      twoWorkers: rate(50 * ratio),
      ratio: rate(ratio),
      processRatio: rate(ratio - 0.1),
      computePeerRatio: rate(1.98),
      coresOfOneWorker: rate(1.17),
      independentRatio: rate(1.68),
      disturbedRounds: [],
      pool: { oneCold: rate(47), twoCold: rate(62), oneWarm: rate(52), twoWarm: rate(96), coldRatio: rate(1.32), warmRatio: rate(1.85) },
    });
    const last = (ratio: number) => checkTargets({ ...RESULTS, sweepScaling: scaling(ratio) }).at(-1);
    expect(last(1.4)).toMatchObject({ workload: 'momentum sweep', versus: '1 worker', ratio: 1.4, needed: 1.8, met: false });
    expect(last(1.8)).toMatchObject({ met: true });
    expect(checkTargets(RESULTS).some((t) => t.versus === '1 worker')).toBe(false);

    const page = renderBenchReport({ ...RESULTS, sweepScaling: scaling(1.4) });
    expect(page).toContain('Worker scaling: the momentum sweep');
    // exp run's ratio, the cold and warm pool ratios and the CPU loop, as formatScaling prints them.
    for (const shown of ['1.40x (1.26–1.54x)', '1.32x (1.19–1.45x)', '1.85x (1.67–2.04x)', '1.98x (1.78–2.18x)']) expect(page).toContain(shown);
    // The peers of the workload itself: two 1-worker processes, and the ceiling the cores of one worker leave (2 ÷ 1.17).
    expect(page).toContain('<td>the sweep in 2 processes of 1 worker at once ÷ 1 alone</td><td class="num"></td><td class="num"></td><td class="num">1.68x (1.51–1.85x)</td>');
    expect(page).toContain('used 1.17 (1.05–1.29) cores');
    expect(page).toContain('at most 2 ÷ 1.17 ≈ 1.71x');
    expect(page).toContain('<td>2 workers ≥ 1.8x the runs/s of 1</td>');
    expect(renderBenchReport(RESULTS)).toContain('Worker scaling was not measured in this run');
    // Quiet rounds: no warning. Rounds where the CPU loop did not get two cores: said, and which.
    expect(page).not.toContain('Not a quiet run');
    const busy = renderBenchReport({ ...RESULTS, sweepScaling: { ...scaling(1.4)!, rounds: 3, disturbedRounds: [1, 3] } });
    expect(busy).toContain('<b>Not a quiet run:</b> in rounds 1 and 3 of 3 the CPU loop gave less than 1.85x');
    expect(renderBenchReport({ ...RESULTS, sweepScaling: { ...scaling(1.4)!, rounds: 3, disturbedRounds: [2] } })).toContain('in round 2 of 3');
  });

  it('adds the target of every shipped sweep in one exp run when the run measured it: 1 worker\'s whole-process time over 2 workers\'', () => {
    const scaling = (together: number): BenchResults['sweepScaling'] => ({
      sweep: 'momentum',
      rounds: 1,
      oneWorker: rate(50),
      twoWorkers: rate(80),
      ratio: rate(1.6),
      processRatio: rate(1.5),
      computePeerRatio: rate(1.98),
      coresOfOneWorker: rate(1.17),
      independentRatio: rate(1.68),
      disturbedRounds: [],
      pool: { oneCold: rate(47), twoCold: rate(62), oneWarm: rate(52), twoWarm: rate(96), coldRatio: rate(1.32), warmRatio: rate(1.85) },
      shipped: { sweeps: ['lecture', 'momentum'], runs: 476, trainingSecondsOneWorker: rate(52.5), oneWorkerSeconds: rate(54.4), twoWorkersSeconds: rate(54.4 / together), ratio: rate(together) },
    });
    const checks = checkTargets({ ...RESULTS, sweepScaling: scaling(1.44) });
    // The momentum sweep's own target, then the shipped sweeps'.
    expect(checks.at(-2)).toMatchObject({ workload: 'momentum sweep', ratio: 1.6, met: false });
    expect(checks.at(-1)).toMatchObject({ workload: 'every shipped sweep in one exp run (2 sweeps, 476 runs, 53 s of training on 1 worker)', versus: '1 worker', ratio: 1.44, needed: 1.8, met: false });
    expect(checkTargets({ ...RESULTS, sweepScaling: scaling(1.8) }).at(-1)).toMatchObject({ met: true });
    const page = renderBenchReport({ ...RESULTS, sweepScaling: scaling(1.44) });
    expect(page).toContain('Every shipped sweep (<code>lecture</code>, <code>momentum</code>: 476 runs) in one <code>exp run</code>');
    expect(page).toContain('<strong>1.44x (1.30–1.58x)</strong>');
    // A result without it (written before it was measured) renders without the paragraph and adds no target.
    const { shipped: _shipped, ...without } = scaling(1.44)!;
    expect(renderBenchReport({ ...RESULTS, sweepScaling: without })).not.toContain('Every shipped sweep');
    expect(checkTargets({ ...RESULTS, sweepScaling: without }).at(-1)).toMatchObject({ workload: 'momentum sweep' });
  });

  it('adds the PyTorch sweep target when the run measured it: the median of the paired runs/s ratios against 100x', () => {
    const torchSweep = (ratio: number): BenchResults['torchSweep'] => ({
      sweep: 'momentum',
      runs: 440,
      rounds: 1,
      torch: '1.13.0',
      descent: rate(2.5 * ratio),
      pytorch: rate(2.5),
      ratio: rate(ratio),
      processRatio: rate(ratio / 2),
      cpuRatio: rate(ratio * 2),
      finalMetric: { descent: 0.071, pytorch: 0.068 },
    });
    const check = (ratio: number) => checkTargets({ ...RESULTS, torchSweep: torchSweep(ratio) }).find((t) => t.versus === 'pytorch');
    expect(check(13)).toMatchObject({ workload: 'momentum sweep per core', target: '≥ 100x PyTorch (1 thread), runs/s of the whole sweep (440 runs)', ratio: 13, needed: 100, met: false });
    expect(check(100)).toMatchObject({ met: true });
    expect(checkTargets(RESULTS).some((t) => t.versus === 'pytorch')).toBe(false);

    const page = renderBenchReport({ ...RESULTS, torchSweep: torchSweep(13) });
    expect(page).toContain('The momentum sweep per core: Descent against PyTorch');
    // Descent 32.5 runs/s against 2.50, their ratio, the whole processes' and the CPU seconds' as formatScaling prints them.
    for (const shown of ['32.50 <span class="note">(29.25–35.75)</span>', '2.50 <span class="note">(2.25–2.75)</span>', '13.00x (11.70–14.30x)', '6.50x (5.85–7.15x)', '26.00x (23.40–28.60x)', '0.0710', '0.0680']) expect(page).toContain(shown);
    expect(renderBenchReport(RESULTS)).not.toContain('Descent against PyTorch');
  });

  it('adds the --help target when the run timed pnpm exp, met at 1.5 s or less, and shows how the command starts', () => {
    const cliStart = (seconds: number): BenchResults['cliStart'] => ({ rounds: 1, pnpm: rate(seconds), built: rate(0.2), pnpmExtra: rate(seconds - 0.2) });
    const help = (seconds: number) => checkTargets({ ...RESULTS, cliStart: cliStart(seconds) }).find((t) => t.workload === 'pnpm exp --help');
    expect(help(0.6)).toMatchObject({ target: 'answers in ≤ 1.5 s (here 0.60 s)', ratio: 2.5, needed: 1, met: true });
    expect(help(1.5)).toMatchObject({ met: true });
    expect(help(1.6)).toMatchObject({ met: false });
    // No pnpm on PATH: no target rather than a made-up one.
    expect(checkTargets({ ...RESULTS, cliStart: { ...cliStart(0.6)!, pnpm: null } }).some((t) => t.workload === 'pnpm exp --help')).toBe(false);

    const page = renderBenchReport({ ...RESULTS, cliStart: cliStart(0.6) });
    expect(page).toContain('Start of the exp command');
    for (const shown of ['0.60 <span class="note">(0.54–0.66)</span>', '0.20 <span class="note">(0.18–0.22)</span>', '0.40 <span class="note">(0.36–0.44)</span>']) expect(page).toContain(shown);
  });

  it('tabulates medians and Descent’s ratios in Markdown', () => {
    expect(markdownTable(RESULTS).split('\n')).toEqual([
      '| workload | unit | hand-written loops | Descent | TF.js wasm | Descent ÷ hand-written loops | Descent ÷ TF.js wasm |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| 3-4-1 net, batch 1 | samples/s | 2.00M | 1.50M | 1.50k | 0.75x | 1000x |',
      '| matmul 512 | GFLOP/s | 0.500 | 20.0 | 25.0 | 40x | 0.80x |',
    ]);
    expect(formatRatio(830.4)).toBe('830x');
  });

  it('renders one chart per workload into a page that escapes what it prints', () => {
    const page = renderBenchReport(RESULTS);
    expect(page.match(/<svg/g)).toHaveLength(2);
    expect(page).toContain('Test &lt;CPU&gt;');
    expect(page).not.toContain('Test <CPU>');
    expect(page).toContain('<td>not met</td>');
    expect(page).toContain('wasm-simd');
  });
});
