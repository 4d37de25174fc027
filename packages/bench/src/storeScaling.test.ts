import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';
import { formatScale, growthExponents, measureStoreScaling, parseScaleArgs, REPEATED_COMMANDS, REPEATS, SCALE_COMMANDS } from './storeScaling.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('growthExponents', () => {
  it('is the slope on log–log axes: 1 for linear, 2 for quadratic, 0 for constant', () => {
    expect(growthExponents([{ runs: 1000, seconds: 2 }, { runs: 10000, seconds: 20 }])[0]).toBeCloseTo(1, 12);
    expect(growthExponents([{ runs: 1000, seconds: 2 }, { runs: 10000, seconds: 200 }])[0]).toBeCloseTo(2, 12);
    expect(growthExponents([{ runs: 10, seconds: 3 }, { runs: 40, seconds: 3 }, { runs: 160, seconds: 12 }])).toEqual([0, 1]);
  });
});

describe('parseScaleArgs', () => {
  it('reads growing sizes and a worker count, and says what is wrong otherwise', () => {
    expect(parseScaleArgs([], 2)).toEqual({ sizes: [1000, 10000], workers: 2 });
    expect(parseScaleArgs(['--sizes', '1000,10000,100000', '--workers', '1'], 2)).toEqual({ sizes: [1000, 10000, 100000], workers: 1 });
    expect(parseScaleArgs(['--sizes', '1000,ten'], 2)).toBe("--sizes: '1000,ten' is not a list of whole numbers ≥ 2 (e.g. 1000,10000)");
    expect(parseScaleArgs(['--sizes', '10000,1000'], 2)).toBe("--sizes: '10000,1000' must grow from one size to the next");
    expect(parseScaleArgs(['--workers', '0'], 2)).toBe("--workers: '0' is not a whole number ≥ 1");
    expect(parseScaleArgs(['--fast'], 2)).toBe("unknown argument '--fast'");
  });
});

describe('measureStoreScaling', { timeout: 120_000 }, () => {
  it('runs every command on a real sweep at each size, and counts what it stored', async () => {
    const result = await measureStoreScaling({ repoRoot, sizes: [8, 16], workers: 1 });
    expect(result.points.map((point) => point.runs)).toEqual([8, 16]);
    for (const point of result.points) {
      for (const command of SCALE_COMMANDS) expect(point.seconds[command], command).toBeGreaterThan(0);
      // A run's record and meta: more than a few hundred bytes each, and the same order at both sizes.
      expect(point.storeBytesPerRun).toBeGreaterThan(500);
      expect(point.storeDiskBytesPerRun).toBeGreaterThan(0);
      expect(point.reportBytes).toBeGreaterThan(10_000);
      expect(point.trainingSeconds).toBeLessThan(point.seconds.run);
      // The quick commands ran REPEATS times each, and count by their median.
      for (const command of REPEATED_COMMANDS) {
        expect(point.repeated[command], command).toHaveLength(REPEATS);
        expect(point.seconds[command], command).toBe([...point.repeated[command]].sort((a, b) => a - b)[1]);
      }
    }
    expect(result.exponents.list).toHaveLength(1);
    const table = formatScale(result);
    expect(table[0]).toBe('| runs | run (s) | run again (s) | list (s) | show (s) | report (s) | training (s) | overhead (ms/run) | store (KB/run) | on disk (KB/run) | report (MB) |');
    expect(table.some((line) => /^ {2}(met {4}|not met) exp list <sweep>: /.test(line))).toBe(true);
    expect(table).toContain(`  16 runs: run again ${result.points[1].repeated['run again'].map((seconds) => seconds.toFixed(2)).join(', ')}; list ${result.points[1].repeated.list.map((seconds) => seconds.toFixed(2)).join(', ')}; show ${result.points[1].repeated.show.map((seconds) => seconds.toFixed(2)).join(', ')}`);
  });
});
