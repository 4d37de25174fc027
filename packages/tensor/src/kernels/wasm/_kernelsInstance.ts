import { webAssembly, type WebAssemblyMemory } from './_webAssembly.js';
import { KERNELS_WASM_BASE64 } from './kernelsWasmBytes.js';
import { wasmSimdSupported } from './wasmSimd.js';

/** The exports of kernels.wat. Addresses and strides are in bytes. */
export interface KernelsInstance {
  memory: WebAssemblyMemory;
  matmul(a: number, aRow: number, aStep: number, b: number, bRow: number, bPanel: number, c: number, m: number, k: number, nPad: number): void;
  /** out[i] = 1 / (1 + e^−x[i]) for ⌈n/4⌉·4 floats (16-byte aligned addresses; out may equal x). */
  sigmoid(x: number, out: number, n: number): void;
}

let instance: KernelsInstance | null = null;
let heap: Float32Array = new Float32Array(0);

function decodeBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The one instance of kernels.wat, compiled and instantiated on first use (synchronously: the module is
 * about 1 KB). All WebAssembly kernels share it and its memory; none keeps data there between calls.
 */
export function kernelsInstance(): KernelsInstance {
  if (instance !== null) return instance;
  if (!wasmSimdSupported())
    throw new Error("wasm-simd kernels: this JavaScript engine has no WebAssembly SIMD; use the 'js' kernels (useKernels(jsKernels) or DESCENT_KERNELS=js)");
  const api = webAssembly()!;
  const module = new api.Module(decodeBase64(KERNELS_WASM_BASE64));
  instance = new api.Instance(module, {}).exports as unknown as KernelsInstance;
  heap = new Float32Array(instance.memory.buffer);
  return instance;
}

/**
 * A float32 view of the instance's whole memory, grown to hold at least `floats` values. Take a fresh view
 * after every call: growing detaches the old one.
 */
export function kernelsHeap(wasm: KernelsInstance, floats: number): Float32Array {
  if (heap.length >= floats) return heap;
  const missingBytes = floats * 4 - wasm.memory.buffer.byteLength;
  wasm.memory.grow(Math.ceil(missingBytes / 65536));
  heap = new Float32Array(wasm.memory.buffer);
  return heap;
}
