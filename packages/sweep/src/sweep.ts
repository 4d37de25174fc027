import type { Claim } from './claims.js';
import type { EarlyTerminate } from './earlyTerminate.js';
import type { Pairing, ResolvedConfig } from './config.js';
import type { StreamSeeds } from './identity.js';
import type { SearchMethod } from './sweepSettings.js';
import type { MapNode, NumberDistribution, Position, SweepNode } from './tree.js';

/** One search dimension: a dotted key and the values it takes. */
export type SweepParameter = ValuesParameter | RangeParameter;

interface ParameterBase {
  /** As written, e.g. `optimizer.lr`. */
  key: string;
  /** The key split at dots: `['optimizer', 'lr']`. */
  path: string[];
  keyPos: Position;
}

/** `values: [...]` (grid, or a uniform pick in random search), `distribution: categorical`, or `value: x` (one value). */
export interface ValuesParameter extends ParameterBase {
  kind: 'values';
  values: SweepNode[];
}

/** A random-search range: uniform in [min, max), exp(uniform(log min, log max)), or an integer in [min, max]. */
export interface RangeParameter extends ParameterBase {
  kind: NumberDistribution;
  min: number;
  max: number;
  minPos: Position;
  maxPos: Position;
  /** Where `distribution:` names it. */
  distributionPos: Position;
}

/** A validated sweep file: everything `expandSweep` needs. */
export interface Sweep {
  file: string;
  /** A safe folder name (the file name without extension unless `name:` says otherwise). */
  name: string;
  description: string | null;
  seed: number;
  /** Replicates of every configuration: the fixed count, or with `adaptive` the first round's (`min`). */
  replicates: number;
  /** `replicates: { min, max, step }`: more replicates, in rounds, only where the verdict is open; null for a fixed count. */
  adaptive: AdaptiveReplicates | null;
  method: SearchMethod;
  /** Random, quasirandom and bayes search only: configurations drawn (bayes: in all, startup included). */
  samples: number | null;
  /** `method: bayes` only: its rounds (bayes.ts); null for every other method. */
  bayes: BayesSettings | null;
  /** `early_terminate:` (earlyTerminate.ts): configurations stopped at rungs of growing budget; null without it. */
  earlyTerminate: EarlyTerminate | null;
  /** Whether replicate k of every configuration shares the random streams its settings allow. */
  pairing: Pairing;
  /**
   * `delta:`, the smallest difference in the metric that matters (verdicts call two configurations equivalent
   * within ±delta); null: the default rule (defaultDelta: a fraction of the metric's spread over the sweep).
   * Like claims, never part of a run's config, so declaring it changes no run id.
   */
  delta: number | null;
  /** The `plugins:` list as written. */
  plugins: string[];
  /** The base configuration: the sections problem, optimizer, schedule, train, metric as written. */
  base: MapNode;
  parameters: SweepParameter[];
  /** What the sweep is meant to show, checked against its runs (claims.ts); never part of a run's config. */
  claims: Claim[];
}

/** `method: bayes` as validated: 1 ≤ startup ≤ samples, batch ≥ 1. */
export interface BayesSettings {
  /** Quasirandom configurations of the first round, before TPE proposes. */
  startup: number;
  /** Configurations TPE proposes per later round (the last round takes what is left of `samples`). */
  batch: number;
}

/** `replicates: { min, max, step }` as validated: 2 ≤ min ≤ max, max ≥ REPLICATES_TO_DECIDE_A_DIRECTION, step ≥ 1. */
export interface AdaptiveReplicates {
  min: number;
  max: number;
  /** Replicates added per round to each configuration still undecided. */
  step: number;
}

/** One run to do: its complete configuration, replicate index, identity, seed and the seeds of its random streams. */
export interface RunSpec {
  config: ResolvedConfig;
  replicate: number;
  runId: string;
  seed: string;
  /** Seeds of the run's named random streams (identity.ts, streamSeeds); null for a stream its problem has not. */
  seeds: StreamSeeds;
  /**
   * Early termination's rung: train only this much of the budget (in train:'s unit), as the prefix of the full run
   * (its schedule and logging are the full run's), and evaluate at the end. Absent: the whole budget.
   */
  horizon?: number;
}
