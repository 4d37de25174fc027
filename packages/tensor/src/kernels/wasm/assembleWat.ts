import { readFileSync } from 'node:fs';
import wabt from 'wabt';

/**
 * Assemble WebAssembly text (with SIMD and relaxed SIMD) into a binary with wabt, the WebAssembly Binary Toolkit from npm.
 * Deterministic: the same text gives the same bytes (no debug names, canonical LEB128 encodings).
 * Build-time and test-time only: the library itself ships the bytes (kernelsWasmBytes.ts), not wabt.
 */
export async function assembleWat(fileName: string, text: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const parsed = toolkit.parseWat(fileName, text, { simd: true, relaxed_simd: true });
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

/** A matmul tile's multiply-add as kernels.wat spells it: acc = acc + x·b, the product rounded first. */
const MULTIPLY_ADD = /\(f32x4\.add \(local\.get (\$c\d\d)\) \(f32x4\.mul \(local\.get (\$x\d?)\) \(local\.get (\$b\d)\)\)\)/g;

/** The multiply-adds of kernels.wat: 8 in the 4×8 matmul tile, 2 in the 1×8 tile, 8 in peak (the tile's arithmetic alone). */
export const TILE_MULTIPLY_ADDS = 18;

/**
 * kernels.wat with every matmul multiply-add turned into `f32x4.relaxed_madd` (fused where the engine and CPU
 * fuse): the 'wasm-relaxed-simd' module. Derived from the one text so the two kernels cannot drift apart in
 * anything but the multiply-add. Throws if the text no longer holds exactly TILE_MULTIPLY_ADDS of them, so a
 * respelled tile cannot silently stay unfused.
 */
export function relaxedKernelsWat(text: string): string {
  let replaced = 0;
  const relaxed = text.replace(MULTIPLY_ADD, (_, acc: string, x: string, b: string) => {
    replaced++;
    return `(f32x4.relaxed_madd (local.get ${x}) (local.get ${b}) (local.get ${acc}))`;
  });
  if (replaced !== TILE_MULTIPLY_ADDS) throw new Error(`relaxedKernelsWat: expected ${TILE_MULTIPLY_ADDS} multiply-adds in kernels.wat's matmul tiles and peak, found ${replaced}`);
  return relaxed;
}

/** kernels.wat assembled: the bytes KERNELS_WASM_BASE64 must hold. */
export function assembleKernelsWasm(): Promise<Uint8Array> {
  return assembleWat('kernels.wat', kernelsWat());
}

/** kernels.wat with relaxed multiply-adds, assembled: the bytes KERNELS_RELAXED_WASM_BASE64 must hold. */
export function assembleRelaxedKernelsWasm(): Promise<Uint8Array> {
  return assembleWat('kernels.wat (relaxed)', relaxedKernelsWat(kernelsWat()));
}
