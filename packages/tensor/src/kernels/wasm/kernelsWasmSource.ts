/** The text of kernelsWasmBytes.ts for the given binary: the generator and the staleness test share it. */
export function kernelsWasmModuleSource(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,100}/g) ?? [''];
  return [
    '// Generated from kernels.wat by writeKernelsWasm.ts (`pnpm --filter @descent/tensor build:wasm`). Do not edit:',
    '// edit kernels.wat and regenerate; kernelsWasmBytes.test.ts fails when this file and kernels.wat disagree.',
    '',
    `/** The assembled kernels.wat (${bytes.length} bytes), base64-encoded. */`,
    'export const KERNELS_WASM_BASE64 =',
    lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n'),
    '',
  ].join('\n');
}
