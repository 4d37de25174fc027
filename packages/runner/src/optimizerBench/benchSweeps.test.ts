import { describe, expect, it } from 'vitest';
import { RECORD_SCHEMA } from '../types.js';
import { benchSweepName } from './benchSweeps.js';

describe('benchSweepName', () => {
  it('names the record schema beside the suite, budget and kernels, so baselines cached by another engine are never read', () => {
    const parts = { suite: 'tiny-v1', budget: 'quick', kernels: 'wasm-simd', workload: 'ravine', optimizer: 'adam' } as const;
    // Schema 4 trains MLPs through capturedStep; the names of schema 3 (compileMlpStep's bits) had no `r4`.
    expect(RECORD_SCHEMA).toBe(4);
    expect(benchSweepName(parts, 'tune')).toBe('bench-tiny-v1-quick-wasm-simd-r4-ravine-adam-tune');
    expect(benchSweepName(parts, 'tune')).not.toBe(benchSweepName({ ...parts, kernels: 'js' }, 'tune'));
  });
});
