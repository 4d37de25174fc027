import { join } from 'node:path';
import { checkClaims, RunStore } from '@descent/runner';
import { describe, expect, it, vi } from 'vitest';
import { storedClaimVerdicts } from '../src/claims.js';
import { expIn, makeWorkspace, sweepRunIds, writeSweep } from './_exp.js';

// `exp run` and `exp check` check a sweep's claims on its runs' listings (settings and summary), not their whole
// records, unless a claim reads a series (path_length reads the trajectory). The verdicts must be those of the records.

/** Heavy ball against plain gradient descent on a noisy ravine (random runs, so verdicts need statistics), 3 replicates. */
const RAVINE = `
name: ravine-claims
seed: 5
replicates: 3
problem:
  landscape: { name: ravine, condition: 10, noise: 0.5 }
optimizer: { name: momentum, lr: 0.02, momentum: 0 }
train: { batch_size: 1, steps: 60, max_points: 100 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { values: [0.01, 0.02] }
  optimizer.momentum: { values: [0, 0.5] }
claims:
  - claim: heavy ball ends lower than plain gradient descent
    metric: final_loss
    a: { optimizer.momentum: 0.5 }
    b: { optimizer.momentum: 0 }
    expect: a < b
  - claim: heavy ball diverges no more often
    metric: diverged
    a: { optimizer.momentum: 0.5 }
    b: { optimizer.momentum: 0 }
    expect: a < b
`;

const PATH = `
  - claim: heavy ball travels a shorter path
    metric: path_length
    a: { optimizer.momentum: 0.5 }
    b: { optimizer.momentum: 0 }
    expect: a < b
`;

describe('claims checked on the stored runs', () => {
  it('reads the listings for claims on summaries, whole records for a claim on a series, to the same verdicts', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'ravine-claims', RAVINE + PATH);
    expect((await expIn(root, ['run', 'sweeps/ravine-claims.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    const store = new RunStore(join(root, 'experiments', 'runs'));
    const runIds = sweepRunIds(root, 'ravine-claims');
    const info = store.sweepInfoEntry('ravine-claims');
    if (info.state !== 'valid') throw new Error('no sweep info');
    const claims = info.info.claims!;
    expect(claims.map((c) => c.metric)).toEqual(['final_loss', 'diverged', 'path_length']);
    const fromRecords = checkClaims(claims, store.readAll('ravine-claims').map(({ record }) => record), { seed: 5 });
    expect(fromRecords.some((v) => !v.exact && v.adjustedPValue !== null)).toBe(true);

    // Claims on summaries only: no record read whole, the same verdicts as from the records.
    const readAll = vi.spyOn(store, 'readAll');
    const summaryOnly = { name: 'ravine-claims', seed: 5, claims: claims.slice(0, 2) };
    expect(storedClaimVerdicts(store, summaryOnly, runIds)).toEqual(checkClaims(summaryOnly.claims, store.entries('ravine-claims').flatMap((e) => (e.state === 'current' ? [e.run.record] : [])), { seed: 5 }));
    expect(readAll).not.toHaveBeenCalled();

    // A claim on the trajectory: the records, read whole.
    expect(storedClaimVerdicts(store, { name: 'ravine-claims', seed: 5, claims }, runIds)).toEqual(fromRecords);
    expect(readAll).toHaveBeenCalledTimes(1);

    // Given listings, a claim on the trajectory is refused rather than measured on nothing.
    const listings = store.runListings('ravine-claims').flatMap(({ listing }) => (listing === null ? [] : [listing]));
    expect(() => checkClaims(claims.slice(2), listings, { seed: 5 })).toThrow(/path_length reads a run's trajectory/);
  });
});
