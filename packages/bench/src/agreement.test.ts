import { describe, expect, it } from 'vitest';
import { AgreementError } from './agreement.js';
import type { Contender, MlpSetup } from './contender.js';
import { descent, descentAutograd } from './contenders/descent.js';
import { handLoops } from './contenders/handLoops.js';
import { tfjsCpu, tfjsWasm } from './contenders/tfjs.js';
import { runBenchmark } from './runBenchmark.js';
import { WORKLOADS, type MatmulWorkload, type MlpWorkload } from './workloads.js';

// Tiny versions of the real workloads: the same networks, data and seeds, small batches and sizes.
const lecture = { ...(WORKLOADS[0] as MlpWorkload), id: 'lecture-b4', title: '3-4-1 net, batch 4', batchSize: 4 };
const digits = { ...(WORKLOADS[3] as MlpWorkload), id: 'mnist-b8', title: '784-128-10 net, batch 8', batchSize: 8 };
const matmul: MatmulWorkload = { kind: 'matmul', id: 'matmul-24', title: 'matmul 24×24', size: 24 };
const TINY = { rounds: 1, blockMs: 2, agreementSteps: 3, digitsSize: 200 };

/** The hand-written loops, with a learning rate 1% off: the kind of slip the agreement check exists for. */
const slightlyWrong: Contender = {
  ...handLoops,
  name: 'off-by-one-percent',
  mlp: (setup: MlpSetup) => handLoops.mlp!({ ...setup, workload: { ...setup.workload, lr: setup.workload.lr * 1.01 } }),
};

describe('the agreement check', () => {
  it('passes when every contender trains the same network: Descent (both paths), TF.js cpu and wasm, hand loops', async () => {
    const results = await runBenchmark({ workloads: [lecture, digits, matmul], contenders: [handLoops, descent, descentAutograd, tfjsCpu, tfjsWasm], ...TINY });
    const [lectureResult, digitsResult, matmulResult] = results.workloads;
    expect(lectureResult.agreement.reference).toBe('hand');
    expect(Object.keys(lectureResult.agreement.deviations)).toEqual(['descent', 'descent-autograd', 'tfjs-cpu', 'tfjs-wasm']);
    // float32 libraries summing in different orders: about 1e-6 apart, far inside the 1e-4 tolerance
    for (const result of results.workloads) for (const d of Object.values(result.agreement.deviations)) expect(d).toBeLessThan(1e-5);
    // hand loops exist for the 3-4-1 net only, so Descent is the reference on the digits
    expect(digitsResult.agreement.reference).toBe('descent');
    expect(matmulResult.results.map((r) => r.contender)).toEqual(['hand', 'descent', 'tfjs-cpu', 'tfjs-wasm']);
    // every contender got a positive rate, and Descent a ratio against each of the others
    for (const result of results.workloads) for (const r of result.results) expect(r.rate.median).toBeGreaterThan(0);
    expect(lectureResult.ratios.filter((r) => r.contender === 'descent').map((r) => r.versus)).toEqual(['hand', 'descent-autograd', 'tfjs-cpu', 'tfjs-wasm']);
  }, 60_000);

  it('stops before timing when a contender computes something else, naming it and the workload', async () => {
    const run = runBenchmark({ workloads: [lecture], contenders: [handLoops, descent, slightlyWrong], ...TINY });
    await expect(run).rejects.toThrow(AgreementError);
    await expect(runBenchmark({ workloads: [lecture], contenders: [handLoops, slightlyWrong], ...TINY })).rejects.toThrow(
      /3-4-1 net, batch 4: the contenders disagree[\s\S]*off-by-one-percent: relative difference/,
    );
  });
});
