import { rerunCommand, varyingKeys, type RunSpec, type Sweep } from '@descent/sweep';
import type { SweepInfo } from './types.js';

/**
 * What the store keeps about a sweep besides its runs (sweep.json), from the sweep as validated and its runs:
 * written before anything trains, by `exp run` and by the optimizer bench alike, so reports, `exp list` and
 * `exp doctor` read every sweep of a store the same way.
 * `file` is the sweep file as the reader should see it (relative to the workspace when inside it); `invocation`
 * how to call exp there (rerunCommand).
 */
export function sweepInfoOf(sweep: Sweep, specs: readonly RunSpec[], file: string, invocation?: readonly string[]): SweepInfo {
  return {
    schema: 1,
    name: sweep.name,
    file,
    description: sweep.description,
    seed: sweep.seed,
    method: sweep.method,
    replicates: sweep.replicates,
    varied: varyingKeys(specs),
    metric: specs[0].config.metric,
    plugins: sweep.plugins,
    runIds: specs.map((s) => s.runId),
    command: rerunCommand(file, invocation),
    ...(sweep.claims.length > 0 ? { claims: sweep.claims } : {}),
    ...(sweep.delta !== null ? { delta: sweep.delta } : {}),
    ...(sweep.earlyTerminate !== null ? { earlyTerminate: sweep.earlyTerminate } : {}),
    ...(sweep.bayes !== null ? { bayes: { startup: sweep.bayes.startup } } : {}),
  };
}
