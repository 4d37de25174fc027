/** Base64 in lines of 100 characters, as TypeScript string literals joined by `+`. */
function base64Lines(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,100}/g) ?? [''];
  return lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n');
}

/** The text of kernelsWasmBytes.ts for the two binaries: the generator and the staleness test share it. */
export function kernelsWasmModuleSource(bytes: Uint8Array, relaxedBytes: Uint8Array): string {
  return [
    '// Generated from kernels.wat by writeKernelsWasm.ts (`pnpm --filter @descent/tensor build:wasm`). Do not edit:',
    '// edit kernels.wat and regenerate; kernelsWasmBytes.test.ts fails when this file and kernels.wat disagree.',
    '',
    `/** The assembled kernels.wat (${bytes.length} bytes), base64-encoded: the 'wasm-simd' kernels. */`,
    'export const KERNELS_WASM_BASE64 =',
    base64Lines(bytes),
    '',
    `/** kernels.wat with relaxed multiply-adds (${relaxedBytes.length} bytes), base64-encoded: the 'wasm-relaxed-simd' kernels. */`,
    'export const KERNELS_RELAXED_WASM_BASE64 =',
    base64Lines(relaxedBytes),
    '',
  ].join('\n');
}
