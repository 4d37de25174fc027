import { kernelsInstance, type KernelsModule } from './_kernelsInstance.js';

/** Floating-point operations per round of kernels.wat's peak loop: 8 multiply-adds of 4 float32 lanes. */
export const PEAK_FLOPS_PER_ROUND = 64;

/**
 * `rounds` rounds of kernels.wat's peak loop in its plain ('simd') or relaxed ('relaxed-simd') module: the
 * 4×8 matmul tile's arithmetic on registers, without loads. Timing it gives the WebAssembly ceiling of a
 * machine for that instruction mix (rounds × PEAK_FLOPS_PER_ROUND operations), which the bench reads matmul
 * speeds against. Returns a sum of the results so that nothing is optimised away. Not used by any kernel.
 */
export function wasmPeak(module: KernelsModule, rounds: number): number {
  // 10⁻³: sums of up to 10⁹ rounds stay normal floats (denormals or infinities would time something else).
  return kernelsInstance(module).exports.peak(rounds, 1e-3);
}
