import type { Kernels } from './kernels.js';
import { jsKernels } from './js.js';
import { wasmKernels, wasmRelaxedKernels } from './wasm/wasmKernels.js';
import { wasmRelaxedSimdSupported, wasmSimdSupported } from './wasm/wasmSimd.js';

/** The environment variable that forces a kernel set: 'js', 'wasm-simd' or 'wasm-relaxed-simd'. Unset: automatic. */
export const KERNELS_ENV = 'DESCENT_KERNELS';

/** The kernel sets by name, as DESCENT_KERNELS and `kernelsNamed` accept them. */
const KERNEL_SETS: Readonly<Record<string, Kernels>> = { js: jsKernels, 'wasm-simd': wasmKernels, 'wasm-relaxed-simd': wasmRelaxedKernels };

/**
 * The kernel set called `name` ('js', 'wasm-simd' or 'wasm-relaxed-simd'); `source` names where the name was
 * written, for the error. A WebAssembly set on an engine without the SIMD it needs is an error rather than a
 * silent fallback, so a forced choice is always the one that ran (and the one a record names).
 */
export function kernelsNamed(name: string, source = 'kernelsNamed', simd = wasmSimdSupported(), relaxedSimd = wasmRelaxedSimdSupported()): Kernels {
  const kernels = Object.hasOwn(KERNEL_SETS, name) ? KERNEL_SETS[name] : undefined;
  if (kernels === undefined)
    throw new RangeError(`${source}: kernels '${name}' do not exist; expected one of ${Object.keys(KERNEL_SETS).map((n) => `'${n}'`).join(', ')}`);
  if ((kernels === wasmKernels || kernels === wasmRelaxedKernels) && !simd)
    throw new Error(`${source}: '${name}' kernels need WebAssembly SIMD, which this JavaScript engine lacks; use 'js'`);
  if (kernels === wasmRelaxedKernels && !relaxedSimd)
    throw new Error(`${source}: 'wasm-relaxed-simd' kernels need WebAssembly relaxed SIMD, which this JavaScript engine lacks (Node ≥ 22 has it; Node 20 with --experimental-wasm-relaxed-simd); use 'wasm-simd'`);
  return kernels;
}

/**
 * DESCENT_KERNELS's value if set (and not empty), else WebAssembly SIMD where the engine has it, else plain
 * JavaScript. Never 'wasm-relaxed-simd' unasked, even where the engine has relaxed SIMD: its last bits depend
 * on whether the engine fuses the multiply-add, so choosing it automatically would make the same sweep give
 * other bits after a Node upgrade. Asking for it is one setting (DESCENT_KERNELS=wasm-relaxed-simd).
 */
export function chooseKernels(requested: string | undefined, simd: boolean, relaxedSimd = wasmRelaxedSimdSupported()): Kernels {
  if (requested !== undefined && requested !== '') return kernelsNamed(requested, `${KERNELS_ENV}=${requested}`, simd, relaxedSimd);
  return simd ? wasmKernels : jsKernels;
}

// Chosen once, when the package loads; worker threads load it again and so choose the same way.
let active: Kernels = chooseKernels(typeof process === 'object' ? process.env?.[KERNELS_ENV] : undefined, wasmSimdSupported());

/** The kernels every op calls. Record `activeKernels().name` with results: it fixes their last bits. */
export function activeKernels(): Kernels {
  return active;
}

/** Swap in another implementation (jsKernels, wasmKernels, your own); returns the previous one so it can be restored. */
export function useKernels(kernels: Kernels): Kernels {
  const previous = active;
  active = kernels;
  return previous;
}
