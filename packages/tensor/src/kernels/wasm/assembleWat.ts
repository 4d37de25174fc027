import { readFileSync } from 'node:fs';
import wabt from 'wabt';

/**
 * Assemble WebAssembly text (with SIMD) into a binary with wabt, the WebAssembly Binary Toolkit from npm.
 * Deterministic: the same text gives the same bytes (no debug names, canonical LEB128 encodings).
 * Build-time and test-time only: the library itself ships the bytes (kernelsWasmBytes.ts), not wabt.
 */
export async function assembleWat(fileName: string, text: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const parsed = toolkit.parseWat(fileName, text, { simd: true });
  try {
    parsed.resolveNames();
    parsed.validate();
    return parsed.toBinary({ log: false, write_debug_names: false, canonicalize_lebs: true }).buffer.slice();
  } finally {
    parsed.destroy();
  }
}

/** The WebAssembly text of the kernels (kernels.wat, beside this file: matmul and sigmoid). */
export function kernelsWat(): string {
  return readFileSync(new URL('./kernels.wat', import.meta.url), 'utf8');
}

/** kernels.wat assembled: the bytes kernelsWasmBytes.ts must hold. */
export function assembleKernelsWasm(): Promise<Uint8Array> {
  return assembleWat('kernels.wat', kernelsWat());
}
