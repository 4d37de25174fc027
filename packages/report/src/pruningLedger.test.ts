import { describe, expect, it } from 'vitest';
import { pruningLedger } from './pruningLedger.js';
import { makeReportRun } from './testing/fixtures.js';

describe('pruningLedger', () => {
  // Fixture runs log 10 steps per point; examples = steps × batch. Fixture pruning is in steps, full budget 10·points (a finished run's steps).
  const finished = makeReportRun({ lr: 0.1, points: 11, batchSize: 8 }); // 110 steps · 8 = 880
  const twinPruned = makeReportRun({ lr: 0.2, status: 'pruned', points: 11, prunedAt: 3, batchSize: 8 }); // 30 · 8 = 240
  const lonePruned = makeReportRun({ lr: 0.3, status: 'pruned', points: 11, prunedAt: 4, batchSize: 16 }); // 40 · 16 = 640
  const diverged = makeReportRun({ lr: 0.4, status: 'diverged', points: 11, divergeAt: 2, batchSize: 8 }); // 20 · 8 = 160
  const ledger = pruningLedger([finished, twinPruned, diverged, lonePruned]);

  it('lists the pruned runs only, in the given order, with their pruning', () => {
    expect(ledger.pruned.map((entry) => entry.run.record.runId)).toEqual([twinPruned.record.runId, lonePruned.record.runId]);
    expect(ledger.pruned[0].pruning.reason).toMatch(/^rung 1 of 3: train_loss /);
  });

  it('takes a full run’s examples from a finished run with the same problem and training settings', () => {
    const [entry] = ledger.pruned;
    expect(entry).toMatchObject({ trained: 240, fullRun: 880, fullRunFrom: 'finished run', saved: 640 });
  });

  it('otherwise scales its own examples per budget unit to the full budget', () => {
    // 640 examples in 40 of 110 steps: 640 · 110 / 40 = 1760 (= 110 steps · batch 16).
    expect(ledger.pruned[1]).toMatchObject({ trained: 640, fullRun: 1760, fullRunFrom: 'budget', saved: 1120 });
  });

  it('totals the compute spent by every run and saved by pruning', () => {
    expect(ledger.spent).toBe(880 + 240 + 160 + 640);
    expect(ledger.saved).toBe(640 + 1120);
  });
});
