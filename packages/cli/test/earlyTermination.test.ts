import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expIn, exited, makeWorkspace, pausePlugin, recordBytes, runExp, runsDir, spawnExp, storedRuns, sweepRunIds, waitFor, writeSweep } from './_exp.js';

// early_terminate through the real CLI: rungs of growing budget, the best 1/eta going on, the rest pruned.

/** 27 quasirandom configurations of gradient descent on a noisy ravine, 2 replicates; rungs at 3, 9, 27 and 81 steps. */
const halving = (name: string, extra = 'early_terminate: { type: successive_halving, min_budget: 3, eta: 3 }') => `
name: ${name}
seed: 8
method: quasirandom
samples: 27
replicates: 2
${extra}
problem:
  landscape: { name: ravine, condition: 10, noise: 0.5 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.5 }
train: { batch_size: 1, steps: 81 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.0005, max: 0.2 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.95 }
`;

/** Bayes search with Hyperband, on a plugin that pauses in each run's first step (so a kill lands mid-sweep). */
const BOHB = `
name: bohb
seed: 2
method: bayes
samples: 16
startup: 6
replicates: 1
early_terminate: { type: hyperband, min_budget: 4, eta: 2 }
plugins: [${pausePlugin}]
problem:
  landscape: { name: ravine, condition: 10, noise: 0.5 }
optimizer: { name: pauses, lr: 0.01, pause_ms: 25 }
train: { batch_size: 1, steps: 32 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 0.3 }
`;

interface StoredRecord {
  runId: string;
  replicate: number;
  status: string;
  config: unknown;
  /** Columns, as record.json holds its series. */
  steps: { step: number[] };
  pruning?: { rung: number; rungs: number; budget: number; value: number; rank: number; of: number; advanced: number; cutAt: number; reason: string };
  summary: { steps: number; examples: number; finalMetric: number };
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as StoredRecord;
const records = (root: string, sweep: string) => storedRuns(root, sweep).map((id) => read(join(runsDir(root, sweep), id, 'record.json')));
/** The records early termination trained to a rung, from the rung store (`<sweep>/.rungs/<sweep>/`). */
const rungRecords = (root: string, sweep: string) => {
  const dir = join(runsDir(root, sweep), '.rungs', sweep);
  return readdirSync(dir)
    .filter((name) => /^[0-9a-f]{12}$/.test(name))
    .map((id) => read(join(dir, id, 'record.json')));
};
const run = (root: string, sweep: string, workers = '2', more: string[] = []) => runExp(root, ['run', `sweeps/${sweep}.yaml`, '--workers', workers, '--no-report', ...more]);

describe('exp run, early_terminate', { timeout: 180_000 }, () => {
  it('--dry-run shows the rungs and brackets; --shard is refused', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'sha', halving('sha'));
    writeSweep(root, 'hb', halving('hb', 'early_terminate: { type: hyperband, min_budget: 3, eta: 3 }'));
    const sha = await expIn(root, ['run', 'sweeps/sha.yaml', '--dry-run']);
    expect(sha.code, sha.stderr).toBe(0);
    expect(sha.stdout.split('\n').slice(0, 2)).toEqual([
      'sha: successive halving: rungs at 3, 9, 27 and 81 steps (the best 1/3 of each rung go on)',
      '  27 configurations × 2 replicates in 1 bracket: 27 from 3 steps',
    ]);
    const hb = await expIn(root, ['run', 'sweeps/hb.yaml', '--dry-run']);
    // Hyperband (Li et al.) with 4 rungs and eta 3: its first bracket, ⌈4/4·27⌉ = 27 configurations, takes them all.
    expect(hb.stdout.split('\n')[1]).toBe('  27 configurations × 2 replicates in 1 bracket: 27 from 3 steps');
    const shard = await expIn(root, ['run', 'sweeps/sha.yaml', '--shard', '1/2']);
    expect(shard.code).not.toBe(0);
    expect(shard.stderr).toMatch(/--shard splits a fixed set of runs; \S*sweeps\/sha\.yaml stops configurations early at rungs in rounds decided by one coordinating process/);
  });

  it('prunes by the rung results alone: the same bytes on 1 and 2 workers, every decision re-derivable, full-budget runs identical to a search without it', async () => {
    const [one, two, plain] = [makeWorkspace(), makeWorkspace(), makeWorkspace()];
    writeSweep(one, 'sha', halving('sha'));
    writeSweep(two, 'sha', halving('sha'));
    writeSweep(plain, 'sha', halving('sha', ''));
    const [byOne, byTwo, byPlain] = await Promise.all([run(one, 'sha', '1'), run(two, 'sha', '2'), run(plain, 'sha', '2')]);
    expect([byOne.code, byTwo.code, byPlain.code], byOne.stderr + byTwo.stderr + byPlain.stderr).toEqual([0, 0, 0]);
    // 27 → 9 → 3 → 1 configurations: 18 + 6 + 2 pruned at rungs 1 to 3, 1 trained to the end (×2 replicates).
    expect(byOne.stdout).toContain('sha: search done, 27 configurations in 1 bracket, 54 runs: 2 finished, 52 pruned;');
    const reference = recordBytes(one, 'sha');
    expect(reference.size).toBe(54);
    expect(recordBytes(two, 'sha')).toEqual(reference);
    expect(sweepRunIds(two, 'sha')).toEqual(sweepRunIds(one, 'sha'));
    expect([...reference.keys()].sort()).toEqual([...sweepRunIds(one, 'sha')].sort());

    // The search spent what its records say: 54 runs × 3 steps, then 18 × 6 more, 6 × 18 more, 2 × 54 more.
    const stored = records(one, 'sha');
    const examples = stored.reduce((sum, r) => sum + r.summary.examples, 0);
    expect(examples).toBe(36 * 3 + 12 * 9 + 4 * 27 + 2 * 81);
    expect(byOne.stdout).toMatch(new RegExp(`${Math.round((100 * examples) / (54 * 81))} % of the examples a search without early termination would train`));

    // Every pruning decision again, from the rung records (grouped by configuration, averaged over replicates).
    const rungs = rungRecords(one, 'sha');
    const configurationOf = (r: StoredRecord) => JSON.stringify(r.config);
    const byId = new Map(stored.map((r) => [r.runId, r]));
    const finalOf = new Map(stored.map((r) => [`${configurationOf(r)}|${r.replicate}`, r]));
    let alive = [...new Set(stored.map(configurationOf))];
    expect(alive).toHaveLength(27);
    [3, 9, 27].forEach((budget, rungIndex) => {
      const means = alive.map((configuration) => {
        const replicates = rungs.filter((r) => configurationOf(r) === configuration && r.summary.steps === budget);
        expect(replicates).toHaveLength(2);
        return { configuration, value: (replicates[0].summary.finalMetric + replicates[1].summary.finalMetric) / 2 };
      });
      means.sort((a, b) => a.value - b.value);
      const kept = Math.floor(alive.length / 3);
      means.forEach(({ configuration, value }, i) => {
        for (const replicate of [0, 1]) {
          const record = finalOf.get(`${configuration}|${replicate}`)!;
          if (i < kept) {
            expect(record.pruning?.rung ?? Infinity).toBeGreaterThan(rungIndex + 1);
            continue;
          }
          expect(record.status).toBe('pruned');
          expect(record.pruning).toMatchObject({ rung: rungIndex + 1, rungs: 4, budget, rank: i + 1, of: alive.length, advanced: kept, cutAt: means[kept - 1].value, value });
          expect(record.pruning!.reason).toBe(`rung ${rungIndex + 1} of 4 (${budget} of 81 steps): loss ${Number(value.toPrecision(3))}, rank ${i + 1} of ${alive.length}, cut at ${Number(means[kept - 1].value.toPrecision(3))}`);
          // It keeps its curve to the rung: the rung's record under the run's own id.
          expect(record.summary.steps).toBe(budget);
          expect(record.steps.step.at(-1)).toBe(budget - 1);
        }
      });
      alive = means.slice(0, kept).map((m) => m.configuration);
    });
    expect(alive).toHaveLength(1);

    // What reached the full budget is the run a search without early termination trains, byte for byte.
    const plainBytes = recordBytes(plain, 'sha');
    const finished = stored.filter((r) => r.status === 'finished');
    expect(finished).toHaveLength(2);
    for (const r of finished) expect(reference.get(r.runId)).toBe(plainBytes.get(r.runId));
    expect(byId.size).toBe(54);

    // exp verify re-trains pruned runs to their rung and decides the search again from the store.
    const verified = await runExp(one, ['verify', 'sha', '--all']);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('54 of 54 runs reproduced bit for bit');
    expect(verified.stdout).toContain('✓ search path: decided again from the stored records, it asks for the same 54 runs in the same order and prunes the same 52');

    // exp show says why a run was pruned; exp list counts pruned runs apart.
    const pruned = stored.find((r) => r.pruning?.rung === 2)!;
    const shown = await runExp(one, ['show', pruned.runId]);
    expect(shown.stdout).toContain(`status: pruned\npruned at bracket 1, ${pruned.pruning!.reason}`);
    const exported = await runExp(one, ['export', 'sha']);
    expect(exported.stdout.split('\n')[0]).toContain(',pruned_at_budget,pruning_reason,');
    expect(exported.stdout).toContain(`,9,"${pruned.pruning!.reason}",`);
    const listed = await runExp(one, ['list']);
    expect(listed.stdout).toMatch(/^sha +54 +2 +0 +0 +52 +0 +0 +0$/m);

    // exp audit trains a seeded sample of pruned configurations to the full budget: the runs the search without
    // early termination trained, byte for byte, each judged against the winner.
    const audited = await runExp(one, ['audit', 'sha', '--sample', '4', '--workers', '2']);
    expect(audited.code, audited.stderr).toBe(0);
    expect(audited.stdout).toContain('sha: 26 configurations pruned; training a seeded sample of 4 to the full budget (8 runs, 8 to do)');
    const auditDir = join(runsDir(one, 'sha'), '.audit', 'sha');
    const auditIds = readdirSync(auditDir).filter((id) => /^[0-9a-f]{12}$/.test(id));
    expect(auditIds).toHaveLength(8);
    for (const id of auditIds) expect(readFileSync(join(auditDir, id, 'record.json'), 'utf8')).toBe(plainBytes.get(id));
    const plainRecords = new Map(records(plain, 'sha').map((r) => [r.runId, r]));
    const winnerValue = (finished[0].summary.finalMetric + finished[1].summary.finalMetric) / 2;
    const auditedMeans = [...new Set(auditIds.map((id) => JSON.stringify(plainRecords.get(id)!.config)))].map((configuration) => {
      const both = auditIds.map((id) => plainRecords.get(id)!).filter((r) => JSON.stringify(r.config) === configuration);
      return (both[0].summary.finalMetric + both[1].summary.finalMetric) / 2;
    });
    const beat = auditedMeans.filter((value) => value < winnerValue).length;
    expect(audited.stdout).toContain(`${beat} of 4 audited pruned configurations would have beaten the winner`);
    expect(audited.stdout.match(/would have BEATEN the winner/g) ?? []).toHaveLength(beat);
    const again = await runExp(one, ['audit', 'sha', '--sample', '4']);
    expect(again.stdout).toContain('(8 runs, 0 to do)');

    // A rung record edited so that a pruned configuration would have ranked first: verify finds the search path broken.
    const victim = rungs.find((r) => r.summary.steps === 3 && byId.get(sweepRunIdOf(stored, r))?.pruning?.rung === 1)!;
    const file = join(runsDir(one, 'sha'), '.rungs', 'sha', victim.runId, 'record.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"finalMetric":[^,]+,/, '"finalMetric":-1000,'));
    const tampered = await runExp(one, ['verify', 'sha', '--sample', '1']);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/✗ search path: the search decided again would store [0-9a-f]{12} as pruned, rung 1 of 4 .*, where the store has it (pruned|finished)/);
  });

  it('follows the sweep file as it is now: another min_budget re-decides the stored runs, as a fresh store would have them', async () => {
    const [edited, fresh] = [makeWorkspace(), makeWorkspace()];
    writeSweep(edited, 'sha', halving('sha'));
    expect((await run(edited, 'sha')).code).toBe(0);
    const later = halving('sha', 'early_terminate: { type: successive_halving, min_budget: 9, eta: 3 }');
    writeSweep(edited, 'sha', later);
    writeSweep(fresh, 'sha', later);
    const [again, byFresh] = await Promise.all([run(edited, 'sha'), run(fresh, 'sha')]);
    expect([again.code, byFresh.code], again.stderr + byFresh.stderr).toEqual([0, 0]);
    expect(again.stderr).toMatch(/^sha: \d+ stored runs decided otherwise by the sweep's early_terminate as it is now \(pruned elsewhere, or no longer pruned\): replaced$/m);
    expect(recordBytes(edited, 'sha')).toEqual(recordBytes(fresh, 'sha'));
    const verified = await runExp(edited, ['verify', 'sha', '--sample', '2']);
    expect(verified.code, verified.stdout).toBe(0);

    // exp doctor examines the rung store too: a truncated rung record is named, and exp run trains it again.
    const rungDir = join(runsDir(edited, 'sha'), '.rungs', 'sha');
    // One of the current definition's rungs (9 steps), which the next exp run needs again.
    const damaged = readdirSync(rungDir).find((id) => /^[0-9a-f]{12}$/.test(id) && read(join(rungDir, id, 'record.json')).summary.steps === 9)!;
    const bytes = readFileSync(join(rungDir, damaged, 'record.json'), 'utf8');
    writeFileSync(join(rungDir, damaged, 'record.json'), bytes.slice(0, 100));
    const doctor = await runExp(edited, ['doctor', 'sha']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(new RegExp(`\\.rungs/sha/${damaged}/record\\.json: damaged`));
    const repaired = await run(edited, 'sha');
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(readFileSync(join(rungDir, damaged, 'record.json'), 'utf8')).toBe(bytes);
  });

  it('bayes with Hyperband: the same proposals and bytes on 1 and 2 workers and across a SIGKILL and resume', async () => {
    const workspace = () => {
      const root = makeWorkspace();
      writeSweep(root, 'bohb', BOHB);
      return root;
    };
    const withPlugin = ['--allow-plugin', pausePlugin];
    const [one, two] = [workspace(), workspace()];
    const [byOne, byTwo] = await Promise.all([run(one, 'bohb', '1', withPlugin), run(two, 'bohb', '2', withPlugin)]);
    expect([byOne.code, byTwo.code], byOne.stderr + byTwo.stderr).toEqual([0, 0]);
    // Rungs 4, 8, 16, 32 (eta 2): Hyperband's brackets of 8, ⌈4/3·4⌉ = 6, then the 2 left.
    expect(byOne.stdout).toContain('  16 configurations × 1 replicate in 3 brackets: 8 from 4 steps; 6 from 8 steps; 2 from 16 steps (each bracket proposed by TPE from those before it)');
    expect(byOne.stdout).toMatch(/bohb: search done, 16 configurations in 3 brackets, 16 runs: \d+ finished, \d+ pruned/);
    const reference = recordBytes(one, 'bohb');
    expect(reference.size).toBe(16);
    expect(recordBytes(two, 'bohb')).toEqual(reference);
    expect(sweepRunIds(two, 'bohb')).toEqual(sweepRunIds(one, 'bohb'));
    expect(new Set(records(one, 'bohb').map((r) => JSON.stringify(r.config))).size).toBe(16);

    const killed = workspace();
    const child = spawnExp(killed, ['run', 'sweeps/bohb.yaml', '--workers', '2', '--no-report', ...withPlugin]);
    const exit = exited(child);
    // Killed once the first bracket's first rung is decided (its pruned runs are stored) and later rungs are training.
    await waitFor(() => storedRuns(killed, 'bohb').length >= 4);
    child.kill('SIGKILL');
    expect(await exit).toBe(128 + 9);
    expect(storedRuns(killed, 'bohb').length).toBeLessThan(16);
    const resumed = await run(killed, 'bohb', '2', withPlugin);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(recordBytes(killed, 'bohb')).toEqual(reference);
    expect(sweepRunIds(killed, 'bohb')).toEqual(sweepRunIds(one, 'bohb'));
    const verified = await runExp(killed, ['verify', 'bohb', ...withPlugin]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/✓ search path: decided again from the stored records, it asks for the same 16 runs in the same order and prunes the same \d+/);
  });
});

/** The sweep run id of a rung record: the stored run with the same configuration and replicate. */
function sweepRunIdOf(stored: readonly StoredRecord[], rung: StoredRecord): string {
  return stored.find((r) => JSON.stringify(r.config) === JSON.stringify(rung.config) && r.replicate === rung.replicate)!.runId;
}
