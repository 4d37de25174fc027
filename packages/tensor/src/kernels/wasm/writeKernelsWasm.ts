/**
 * Regenerate kernelsWasmBytes.ts from kernels.wat: `pnpm --filter @descent/tensor build:wasm`.
 * The bytes are committed (about 2 KB as base64) so that neither the library nor CI needs a build step;
 * kernelsWasmBytes.test.ts re-assembles the text and fails if the committed bytes are stale.
 */
import { writeFileSync } from 'node:fs';
import { assembleKernelsWasm } from './assembleWat.js';
import { kernelsWasmModuleSource } from './kernelsWasmSource.js';

const bytes = await assembleKernelsWasm();
const target = new URL('./kernelsWasmBytes.ts', import.meta.url);
writeFileSync(target, kernelsWasmModuleSource(bytes));
console.log(`wrote ${target.pathname} (${bytes.length} bytes of WebAssembly)`);
