import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernelsWasm } from './assembleWat.js';
import { KERNELS_WASM_BASE64 } from './kernelsWasmBytes.js';
import { kernelsWasmModuleSource } from './kernelsWasmSource.js';

describe('the committed WebAssembly bytes', () => {
  it('are exactly what wabt assembles from kernels.wat (regenerate with `pnpm --filter @descent/tensor build:wasm`)', async () => {
    const bytes = await assembleKernelsWasm();
    expect(Buffer.from(KERNELS_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    // The whole generated file, comments included, is what the generator writes.
    expect(readFileSync(new URL('./kernelsWasmBytes.ts', import.meta.url), 'utf8')).toBe(kernelsWasmModuleSource(bytes));
  });

  it('are one module exporting its memory and both kernels, matmul and sigmoid', () => {
    // WebAssembly.Module.exports lists a compiled module's exports (not in _webAssembly.ts's few members).
    const api = (globalThis as unknown as { WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(module: object): { name: string; kind: string }[] } } }).WebAssembly;
    const module = new api.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    expect(api.Module.exports(module)).toEqual([
      { name: 'memory', kind: 'memory' },
      { name: 'matmul', kind: 'function' },
      { name: 'sigmoid', kind: 'function' },
    ]);
  });
});
