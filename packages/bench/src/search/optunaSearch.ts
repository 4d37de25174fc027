import type { OpenedSweep } from '@descent/runner';
import { specsOfAssignments, type Assignment, type RunSpec } from '@descent/sweep';
import type { OptunaMethod } from './methods.js';
import type { SearchObjective } from './objectives.js';
import type { OptunaDimension, OptunaProcess } from './optunaProcess.js';

/** What a search needs of the Optuna process. */
export type OptunaStudies = Pick<OptunaProcess, 'create' | 'ask' | 'tell' | 'drop'>;
import { executeRequest, openSearchSweep, storedRecord, type SearchWorkspace } from './searchWorkspace.js';
import { searchSweepText } from './sweepText.js';
import { metricCurve, trialOfRecord, type Trial } from './trials.js';

/**
 * One Optuna study of `trials` trials on the workspace's objective: Optuna asks, Descent trains the proposed
 * configuration as a run of the objective's sweep (the same config, data and seed rule as Descent's own
 * searches of this seed, so a configuration both propose is the same run), and Optuna is told its curve.
 * A pruned trial counts the examples up to the last point reported to it.
 */
export async function searchWithOptuna(optuna: OptunaStudies, workspace: SearchWorkspace, method: OptunaMethod, trials: number): Promise<Trial[]> {
  const { objective, seed } = workspace;
  // A sweep whose parameters are the objective's space: the proposals become its runs.
  const opened = await openSearchSweep(workspace, `${method.id}.yaml`, searchSweepText(objective, { seed, sweepKeys: { method: 'random' }, samples: 1 }));
  const request = executeRequest(workspace, opened);
  const study = `${objective.id}/${method.id}/seed ${seed}`;
  await optuna.create({ study, sampler: method.sampler, pruner: method.pruner, seed, direction: objective.goal, space: optunaSpace(objective) });
  const result: Trial[] = [];
  try {
    for (let n = 0; n < trials; n++) {
      const { trial, params } = await optuna.ask(study);
      const spec = runOfProposal(opened, objective, params);
      await workspace.executor.execute([spec], request);
      const record = storedRecord(workspace, spec.runId);
      const curve = metricCurve(record);
      const told = await optuna.tell(study, trial, curve.map((p) => p.value), record.status === 'finished' ? record.summary.finalMetric : null);
      const trained = trialOfRecord(record);
      result.push(told.state === 'pruned' ? { value: NaN, examples: curve[told.reported - 1].examples, pruned: true } : trained);
    }
  } finally {
    await optuna.drop(study);
  }
  return result;
}

/** The objective's space as Optuna's distributions: the same bounds and scales; listed choices by their JSON text. */
export function optunaSpace(objective: SearchObjective): OptunaDimension[] {
  return objective.space.map((d) =>
    'choices' in d ? { name: d.key, kind: 'categorical', choices: d.choices.map((c) => JSON.stringify(c)) } : { name: d.key, kind: 'float', low: d.min, high: d.max, log: d.scale === 'log' },
  );
}

/** The run of the sweep that trains Optuna's proposal (one replicate). */
export function runOfProposal(opened: OpenedSweep, objective: SearchObjective, params: Record<string, number | string>): RunSpec {
  const assignment: Assignment[] = opened.sweep.parameters.map((parameter) => {
    const dimension = objective.space.find((d) => d.key === parameter.key);
    const value = params[parameter.key];
    if (dimension === undefined || value === undefined) throw new Error(`bench search: Optuna proposed no value for ${parameter.key}`);
    if ('choices' in dimension) {
      // The sweep lists the choices in the order declared, so a choice's index is its node's.
      const index = dimension.choices.findIndex((c) => JSON.stringify(c) === value);
      if (parameter.kind !== 'values' || index < 0) throw new Error(`bench search: ${parameter.key}: Optuna proposed ${value}, not one of the choices`);
      return { parameter, value: parameter.values[index] };
    }
    if (typeof value !== 'number') throw new Error(`bench search: ${parameter.key}: Optuna proposed ${value}, not a number`);
    return { parameter, value: { kind: 'scalar', value, pos: parameter.kind === 'values' ? parameter.keyPos : parameter.minPos } };
  });
  const [spec] = specsOfAssignments(opened.sweep, opened.catalog, [assignment]);
  return spec;
}
