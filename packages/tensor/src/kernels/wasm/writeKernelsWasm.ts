/**
 * Regenerate kernelsWasmBytes.ts (the plain and the relaxed module) from kernels.wat: `pnpm --filter @descent/tensor build:wasm`.
 * The bytes are committed (about 4 KB as base64, both modules) so that neither the library nor CI needs a build step;
 * kernelsWasmBytes.test.ts re-assembles the text and fails if the committed bytes are stale.
 */
import { writeFileSync } from 'node:fs';
import { assembleKernelsWasm, assembleRelaxedKernelsWasm } from './assembleWat.js';
import { kernelsWasmModuleSource } from './kernelsWasmSource.js';

const bytes = await assembleKernelsWasm();
const relaxedBytes = await assembleRelaxedKernelsWasm();
const target = new URL('./kernelsWasmBytes.ts', import.meta.url);
writeFileSync(target, kernelsWasmModuleSource(bytes, relaxedBytes));
console.log(`wrote ${target.pathname} (${bytes.length} and ${relaxedBytes.length} bytes of WebAssembly)`);
