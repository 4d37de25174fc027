/** The text of matmulWasmBytes.ts for the given binary: the generator and the staleness test share it. */
export function matmulWasmModuleSource(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,100}/g) ?? [''];
  return [
    '// Generated from matmul.wat by writeMatmulWasm.ts (`pnpm --filter @descent/tensor build:wasm`). Do not edit:',
    '// edit matmul.wat and regenerate; matmulWasm.test.ts fails when this file and matmul.wat disagree.',
    '',
    `/** The assembled matmul.wat (${bytes.length} bytes), base64-encoded. */`,
    'export const MATMUL_WASM_BASE64 =',
    lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n'),
    '',
  ].join('\n');
}
