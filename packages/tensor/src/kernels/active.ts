import type { Kernels } from './kernels.js';
import { jsKernels } from './js.js';
import { wasmKernels } from './wasm/wasmKernels.js';
import { wasmSimdSupported } from './wasm/wasmSimd.js';

/** The environment variable that forces a kernel set: 'js' or 'wasm-simd'. Unset: automatic. */
export const KERNELS_ENV = 'DESCENT_KERNELS';

/** The kernel sets by name, as DESCENT_KERNELS and `kernelsNamed` accept them. */
const KERNEL_SETS: Readonly<Record<string, Kernels>> = { js: jsKernels, 'wasm-simd': wasmKernels };

/**
 * The kernel set called `name` ('js' or 'wasm-simd'); `source` names where the name was written, for the
 * error. 'wasm-simd' on an engine without WebAssembly SIMD is an error rather than a silent fallback, so a
 * forced choice is always the one that ran.
 */
export function kernelsNamed(name: string, source = 'kernelsNamed', simd = wasmSimdSupported()): Kernels {
  const kernels = Object.hasOwn(KERNEL_SETS, name) ? KERNEL_SETS[name] : undefined;
  if (kernels === undefined)
    throw new RangeError(`${source}: kernels '${name}' do not exist; expected one of ${Object.keys(KERNEL_SETS).map((n) => `'${n}'`).join(', ')}`);
  if (kernels === wasmKernels && !simd) throw new Error(`${source}: 'wasm-simd' kernels need WebAssembly SIMD, which this JavaScript engine lacks; use 'js'`);
  return kernels;
}

/** DESCENT_KERNELS's value if set (and not empty), else WebAssembly SIMD where the engine has it, else plain JavaScript. */
export function chooseKernels(requested: string | undefined, simd: boolean): Kernels {
  if (requested !== undefined && requested !== '') return kernelsNamed(requested, `${KERNELS_ENV}=${requested}`, simd);
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
