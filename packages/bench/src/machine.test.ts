import { describe, expect, it } from 'vitest';
import { machineLine, vectorFlagsOf } from './machine.js';
import { isMatmulBound, mlpFlopsPerExample, WORKLOADS, type MlpWorkload } from './workloads.js';
import { ceilingFrom, ceilingTasks } from './wasmCeiling.js';
import { measureInterleaved } from './measure.js';
import { wasmRelaxedSimdSupported } from '@descent/tensor';

describe('the machine line', () => {
  it('reads the vector flags of the first processor in /proc/cpuinfo', () => {
    const cpuinfo = 'processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse fma avx avx2 bmi2\n\nprocessor\t: 1\nflags\t\t: fpu avx512f\n';
    expect(vectorFlagsOf(cpuinfo)).toEqual(['avx2', 'fma']);
    expect(vectorFlagsOf('processor\t: 0\n')).toBeNull();
  });

  it('says what the CPU has and lacks, and whether relaxed SIMD is on', () => {
    expect(machineLine({ cpu: 'AMD EPYC', cores: 2, vectorFlags: ['avx2', 'fma'], relaxedSimd: false }, 'v20.20.2')).toBe(
      'AMD EPYC, 2 cores, AVX2 FMA no AVX-512; Node v20.20.2: WebAssembly relaxed SIMD off',
    );
    expect(machineLine({ cpu: 'Apple M2', cores: 8, vectorFlags: null, relaxedSimd: true }, 'v24.1.0')).toBe('Apple M2, 8 cores, vector flags unknown; Node v24.1.0: WebAssembly relaxed SIMD on');
  });
});

describe('mlpFlopsPerExample', () => {
  it('counts forward, weight-gradient and (past the first layer) input-gradient products', () => {
    // 784-128-10: layer 1 forward + weight gradient 4·784·128 = 401,408; layer 2 those and the input gradient 6·128·10 = 7,680.
    expect(mlpFlopsPerExample([784, 128, 10])).toBe(401_408 + 7_680);
    expect(mlpFlopsPerExample([3, 4, 1])).toBe(4 * 12 + 6 * 4);
  });

  it('reads the MNIST net in GFLOP/s, not the 3-4-1 net', () => {
    const bound = WORKLOADS.filter((w): w is MlpWorkload => w.kind === 'mlp').map((w) => [w.id, isMatmulBound(w)]);
    expect(bound).toEqual([
      ['lecture-b1', false],
      ['lecture-b32', false],
      ['lecture-b1024', false],
      ['mnist-b32', true],
      ['mnist-b256', true],
    ]);
  });
});

describe('the WebAssembly ceiling', () => {
  it('times the plain peak loop, and the relaxed one exactly where this Node has relaxed SIMD', async () => {
    const rates = await measureInterleaved(ceilingTasks(), { rounds: 2, blockMs: 5 });
    const ceiling = ceilingFrom(rates);
    expect(ceiling.simd.rounds).toHaveLength(2);
    expect(ceiling.simd.median).toBeGreaterThan(0);
    expect(ceiling.relaxedSimd === null).toBe(!wasmRelaxedSimdSupported());
  });
});
