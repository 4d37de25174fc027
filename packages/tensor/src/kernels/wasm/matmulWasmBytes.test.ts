import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleMatmulWasm } from './assembleWat.js';
import { MATMUL_WASM_BASE64 } from './matmulWasmBytes.js';
import { matmulWasmModuleSource } from './matmulWasmSource.js';

describe('the committed WebAssembly bytes', () => {
  it('are exactly what wabt assembles from matmul.wat (regenerate with `pnpm --filter @descent/tensor build:wasm`)', async () => {
    const bytes = await assembleMatmulWasm();
    expect(Buffer.from(MATMUL_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    // The whole generated file, comments included, is what the generator writes.
    expect(readFileSync(new URL('./matmulWasmBytes.ts', import.meta.url), 'utf8')).toBe(matmulWasmModuleSource(bytes));
  });
});
