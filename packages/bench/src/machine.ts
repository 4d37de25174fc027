import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { wasmRelaxedSimdSupported } from '@descent/tensor';

/** The CPU features that decide how fast float32 matmul can go, as /proc/cpuinfo names them. */
const VECTOR_FLAGS = ['avx2', 'fma', 'avx512f'] as const;

/** What a benchmark ran on, as far as its speeds depend on it. */
export interface Machine {
  cpu: string;
  cores: number;
  /** Which of avx2, fma and avx512f the CPU reports; null where /proc/cpuinfo cannot be read (not Linux). */
  vectorFlags: string[] | null;
  /** Whether this Node runs WebAssembly relaxed SIMD (f32x4.relaxed_madd): on from Node 22, a flag on Node 20. */
  relaxedSimd: boolean;
}

/** The vector flags of the first processor in a /proc/cpuinfo text, or null when it lists none. */
export function vectorFlagsOf(cpuinfo: string): string[] | null {
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo);
  if (line === null) return null;
  const flags = new Set(line[1].trim().split(/\s+/));
  return VECTOR_FLAGS.filter((f) => flags.has(f));
}

export function describeMachine(): Machine {
  const cpu = cpus();
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux: the flags stay unknown
  }
  return { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, vectorFlags: vectorFlagsOf(cpuinfo), relaxedSimd: wasmRelaxedSimdSupported() };
}

/** "AMD EPYC, 2 cores, AVX2 FMA, no AVX-512; Node v20.20.2: WebAssembly relaxed SIMD off" */
export function machineLine(machine: Machine, node = process.version): string {
  const flags = machine.vectorFlags;
  const vector =
    flags === null
      ? 'vector flags unknown'
      : [flags.includes('avx2') ? 'AVX2' : 'no AVX2', flags.includes('fma') ? 'FMA' : 'no FMA', flags.includes('avx512f') ? 'AVX-512' : 'no AVX-512'].join(' ');
  return `${machine.cpu}, ${machine.cores} cores, ${vector}; Node ${node}: WebAssembly relaxed SIMD ${machine.relaxedSimd ? 'on' : 'off'}`;
}
