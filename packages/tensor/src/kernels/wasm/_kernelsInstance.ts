import { webAssembly, type WebAssemblyMemory } from './_webAssembly.js';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernelsWasmBytes.js';
import { wasmRelaxedSimdSupported, wasmSimdSupported } from './wasmSimd.js';

/** The exports of kernels.wat (either module). Addresses and strides are in bytes. */
export interface KernelsExports {
  memory: WebAssemblyMemory;
  matmul(a: number, aStart: number, aStep4: number, aStep1: number, b: number, bRow: number, bPanel: number, c: number, m: number, k: number, nPad: number): void;
  /** The tile's arithmetic alone, n rounds of 64 floating-point operations on multiples of seed (the bench's ceiling; see wasmPeak.ts). */
  peak(n: number, seed: number): number;
  /** The m × k row-major floats at src into matmul's packed A layout at dst (panels of 4 rows; see kernels.wat). */
  packA(src: number, dst: number, m: number, k: number): void;
  /** k rows of nPad floats at src into matmul's packed B layout at dst (panels of 8 columns; see kernels.wat). */
  packB(src: number, dst: number, k: number, nPad: number): void;
  /** out[i] = 1 / (1 + e^−x[i]) for ⌈n/4⌉·4 floats (16-byte aligned addresses; out may equal x). */
  sigmoid(x: number, out: number, n: number): void;
}

/** Which module of kernels.wat: as written ('simd'), or with relaxed multiply-adds in matmul ('relaxed-simd'). */
export type KernelsModule = 'simd' | 'relaxed-simd';

const MODULES: Record<KernelsModule, { base64: string; supported: () => boolean; missing: string }> = {
  simd: {
    base64: KERNELS_WASM_BASE64,
    supported: wasmSimdSupported,
    missing: "wasm-simd kernels: this JavaScript engine has no WebAssembly SIMD; use the 'js' kernels (useKernels(jsKernels) or DESCENT_KERNELS=js)",
  },
  'relaxed-simd': {
    base64: KERNELS_RELAXED_WASM_BASE64,
    supported: wasmRelaxedSimdSupported,
    missing: "wasm-relaxed-simd kernels: this JavaScript engine has no WebAssembly relaxed SIMD (Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd); use 'wasm-simd'",
  },
};

/** An instance's exports and a float32 view of its memory (replaced when the memory grows). */
export interface KernelsInstance {
  readonly exports: KernelsExports;
  heap: Float32Array;
}

const instances = new Map<KernelsModule, KernelsInstance>();

function decodeBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The one instance of a module of kernels.wat, compiled and instantiated on first use (synchronously: the
 * module is about 1.4 KB). The kernels of a set share it and its memory; none keeps data there between calls.
 */
export function kernelsInstance(module: KernelsModule = 'simd'): KernelsInstance {
  const existing = instances.get(module);
  if (existing !== undefined) return existing;
  const { base64, supported, missing } = MODULES[module];
  if (!supported()) throw new Error(missing);
  const api = webAssembly()!;
  const exports = new api.Instance(new api.Module(decodeBase64(base64)), {}).exports as unknown as KernelsExports;
  const instance = { exports, heap: new Float32Array(exports.memory.buffer) };
  instances.set(module, instance);
  return instance;
}

/**
 * A float32 view of the instance's whole memory, grown to hold at least `floats` values. Take a fresh view
 * after every call: growing detaches the old one.
 */
export function kernelsHeap(wasm: KernelsInstance, floats: number): Float32Array {
  if (wasm.heap.length >= floats) return wasm.heap;
  const { memory } = wasm.exports;
  memory.grow(Math.ceil((floats * 4 - memory.buffer.byteLength) / 65536));
  wasm.heap = new Float32Array(memory.buffer);
  return wasm.heap;
}
