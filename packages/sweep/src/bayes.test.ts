import { describe, expect, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { bayesStartup, proposeBayes } from './bayes.js';
import { canonicalJson, countRuns, expandSweep, formatIssue, parseSweepText, pointOfAssignment, specsOfAssignments, validateSweep, type Sweep } from './index.js';
import { assignmentOfPoint, tpeSpace } from './tpeSpace.js';

function sweepOf(text: string): Sweep {
  const result = validateSweep(parseSweepText(text, 'b.yaml'), 'b.yaml', testCatalog);
  if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.sweep;
}

const PARAMETERS = [
  '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 0.1 }',
  '  optimizer.momentum: { distribution: uniform, min: 0, max: 0.9 }',
  '  train.steps: { distribution: int_uniform, min: 5, max: 20 }',
  '  train.batch_size: { values: [1, 2, 2] }',
  '  optimizer.nesterov: { value: true }',
];
const text = (method: string, settings: string[]) =>
  ['seed: 4', `method: ${method}`, ...settings, 'problem: { landscape: { name: ravine, noise: 0.1 } }', 'optimizer: { name: momentum }', 'train: { steps: 10 }', 'parameters:', ...PARAMETERS].join('\n');

describe('method: bayes in the sweep package', () => {
  it('defaults: startup min(10, samples), batch 4; counts samples × replicates', () => {
    expect(sweepOf(text('bayes', ['samples: 30', 'replicates: 2'])).bayes).toEqual({ startup: 10, batch: 4 });
    expect(sweepOf(text('bayes', ['samples: 6'])).bayes).toEqual({ startup: 6, batch: 4 });
    expect(countRuns(sweepOf(text('bayes', ['samples: 30', 'replicates: 2'])))).toBe(60);
    expect(sweepOf(text('quasirandom', ['samples: 6'])).bayes).toBeNull();
  });

  it('maps the parameters onto TPE dimensions once: ranges by kind, lists as categorical choices, single values left out', () => {
    expect(tpeSpace(sweepOf(text('bayes', ['samples: 8'])).parameters)).toEqual({
      'optimizer.lr': { kind: 'log', min: 0.001, max: 0.1 },
      'optimizer.momentum': { kind: 'uniform', min: 0, max: 0.9 },
      'train.steps': { kind: 'int', min: 5, max: 20 },
      'train.batch_size': { kind: 'categorical', choices: ['1', '2'] },
    });
  });

  it('expands to its startup: the first `startup` configurations of the quasirandom search with the same seed, run ids and all', () => {
    const bayes = expandSweep(sweepOf(text('bayes', ['samples: 20', 'startup: 6', 'replicates: 2'])), testCatalog);
    const quasirandom = expandSweep(sweepOf(text('quasirandom', ['samples: 6', 'replicates: 2'])), testCatalog);
    expect(bayes.map((s) => s.runId)).toEqual(quasirandom.map((s) => s.runId));
    expect(bayes).toHaveLength(12);
  });

  it('builds the runs of a point as expandSweep builds them, and a point survives the round trip through an assignment', () => {
    const sweep = sweepOf(text('bayes', ['samples: 20', 'startup: 6', 'replicates: 2']));
    const startup = bayesStartup(sweep);
    const points = startup.map(pointOfAssignment);
    const again = points.map((point) => assignmentOfPoint(sweep.parameters, point));
    expect(again.map(pointOfAssignment)).toEqual(points);
    expect(specsOfAssignments(sweep, testCatalog, again).map((s) => s.runId)).toEqual(expandSweep(sweep, testCatalog).map((s) => s.runId));
  });

  it('proposes a batch from the history alone: the same for any order of it, inside the declared ranges, none a startup point', () => {
    const sweep = sweepOf(text('bayes', ['samples: 20', 'startup: 6']));
    const points = bayesStartup(sweep).map(pointOfAssignment);
    const history = points.map((point, i) => ({ point, value: i === 2 ? NaN : Math.abs(Math.log((point['optimizer.lr'] as number) / 0.01)) }));
    const propose = (h: typeof history) => proposeBayes(sweep, h, { batch: 0, size: 4, goal: 'minimize' }).map(pointOfAssignment);
    const proposed = propose(history);
    expect(proposed).toHaveLength(4);
    expect(propose([...history].reverse())).toEqual(proposed);
    const seen = new Set(points.map((p) => canonicalJson(p)));
    for (const point of proposed) {
      expect(seen.has(canonicalJson(point))).toBe(false);
      seen.add(canonicalJson(point));
      expect(point['optimizer.lr']).toBeGreaterThanOrEqual(0.001);
      expect(point['optimizer.lr']).toBeLessThanOrEqual(0.1);
      expect(Number.isInteger(point['train.steps'])).toBe(true);
      expect(['1', '2']).toContain(point['train.batch_size']);
    }
    // Another batch index draws other points.
    expect(proposeBayes(sweep, history, { batch: 1, size: 4, goal: 'minimize' }).map(pointOfAssignment)).not.toEqual(proposed);
  });
});
