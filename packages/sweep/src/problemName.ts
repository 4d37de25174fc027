import type { ResolvedConfig } from './config.js';

/**
 * What a run minimises: its landscape's or its dataset's name. Losses of different problems are different
 * functions, so verdicts (the report's, adaptive replicates') compare configurations within one problem only.
 */
export function problemName(config: ResolvedConfig): string {
  const { problem } = config;
  return problem.kind === 'landscape' ? problem.landscape.name : problem.dataset.name;
}

/**
 * True when a run involves no randomness: a landscape with exact gradients (noise 0) starts at a fixed
 * point and needs no data, so every replicate would repeat it step for step.
 */
export function isDeterministicConfig(config: ResolvedConfig): boolean {
  const { problem } = config;
  return problem.kind === 'landscape' && problem.landscape.noise === 0;
}
