/**
 * Regenerate matmulWasmBytes.ts from matmul.wat: `pnpm --filter @descent/tensor build:wasm`.
 * The bytes are committed (about 1 KB as base64) so that neither the library nor CI needs a build step;
 * matmulWasm.test.ts re-assembles the text and fails if the committed bytes are stale.
 */
import { writeFileSync } from 'node:fs';
import { assembleMatmulWasm } from './assembleWat.js';
import { matmulWasmModuleSource } from './matmulWasmSource.js';

const bytes = await assembleMatmulWasm();
const target = new URL('./matmulWasmBytes.ts', import.meta.url);
writeFileSync(target, matmulWasmModuleSource(bytes));
console.log(`wrote ${target.pathname} (${bytes.length} bytes of WebAssembly)`);
