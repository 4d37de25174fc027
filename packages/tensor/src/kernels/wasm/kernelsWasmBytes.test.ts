import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernelsWasm, assembleRelaxedKernelsWasm, kernelsWat, relaxedKernelsWat, TILE_MULTIPLY_ADDS } from './assembleWat.js';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernelsWasmBytes.js';
import { kernelsWasmModuleSource } from './kernelsWasmSource.js';

describe('the committed WebAssembly bytes', () => {
  it('are exactly what wabt assembles from kernels.wat (regenerate with `pnpm --filter @descent/tensor build:wasm`)', async () => {
    const bytes = await assembleKernelsWasm();
    const relaxedBytes = await assembleRelaxedKernelsWasm();
    expect(Buffer.from(KERNELS_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(KERNELS_RELAXED_WASM_BASE64, 'base64').equals(Buffer.from(relaxedBytes))).toBe(true);
    // The whole generated file, comments included, is what the generator writes.
    expect(readFileSync(new URL('./kernelsWasmBytes.ts', import.meta.url), 'utf8')).toBe(kernelsWasmModuleSource(bytes, relaxedBytes));
  });

  it('differ, relaxed from plain, in the matmul multiply-adds and nothing else', () => {
    const plain = kernelsWat();
    const relaxed = relaxedKernelsWat(plain);
    expect(relaxed.match(/\(f32x4\.relaxed_madd /g)).toHaveLength(TILE_MULTIPLY_ADDS);
    // Undo the replacement by hand: what is left must be the plain text, character for character.
    const undone = relaxed.replace(/\(f32x4\.relaxed_madd \(local\.get (\$x\d?)\) \(local\.get (\$b\d)\) \(local\.get (\$c\d\d)\)\)/g, '(f32x4.add (local.get $3) (f32x4.mul (local.get $1) (local.get $2)))');
    expect(undone).toBe(plain);
    // The sigmoid's additions of products are not accumulations and stay unfused.
    expect(relaxed.slice(relaxed.indexOf('(export "sigmoid")'))).toBe(plain.slice(plain.indexOf('(export "sigmoid")')));
  });

  it('refuse to derive a relaxed module from a text whose tiles no longer spell the multiply-add as expected', () => {
    const respelled = kernelsWat().replace('(f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0)))', '(f32x4.add (f32x4.mul (local.get $x) (local.get $b0)) (local.get $c00))');
    expect(() => relaxedKernelsWat(respelled)).toThrow('expected 18 multiply-adds in kernels.wat\'s matmul tiles and peak, found 17');
  });

  it('are one module exporting its memory, the matmul kernel, its ceiling loop and A packer, and sigmoid', () => {
    // WebAssembly.Module.exports lists a compiled module's exports (not in _webAssembly.ts's few members).
    const api = (globalThis as unknown as { WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(module: object): { name: string; kind: string }[] } } }).WebAssembly;
    const module = new api.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    // The relaxed module has the same exports; it compiles only where relaxed SIMD is on, so it is not compiled here.
    expect(api.Module.exports(module)).toEqual([
      { name: 'memory', kind: 'memory' },
      { name: 'matmul', kind: 'function' },
      { name: 'peak', kind: 'function' },
      { name: 'packA', kind: 'function' },
      { name: 'packB', kind: 'function' },
      { name: 'sigmoid', kind: 'function' },
    ]);
  });
});
