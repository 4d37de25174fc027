import type { RunSpec } from '@descent/sweep';
import { RECORD_SCHEMA, type RunRecord } from './types.js';

/**
 * The record of a run that produced no result of its own (cut off by its time limit, its thread died,
 * or its queue job failed for good: refused by every worker that took it, or its worker died too often). Stored like any failed run, so the sweep
 * goes on, `exp run` exits non-zero, and `--force` tries it again.
 */
export function failedRecord(spec: RunSpec, sweep: string, message: string, plugin: string | null): RunRecord {
  return {
    schema: RECORD_SCHEMA,
    runId: spec.runId,
    sweep,
    replicate: spec.replicate,
    seed: spec.seed,
    seeds: spec.seeds,
    config: spec.config,
    status: 'failed',
    error: { message, plugin },
    divergence: null,
    steps: [],
    epochs: [],
    trajectory: [],
    summary: {
      steps: 0,
      examples: 0,
      finalLoss: NaN,
      bestLoss: NaN,
      finalMetric: NaN,
      bestMetric: NaN,
      finalTrainAccuracy: null,
      finalTestAccuracy: null,
      stepsToTarget: null,
      examplesToTarget: null,
      lossNoise: NaN,
    },
  };
}
