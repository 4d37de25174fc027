import { describe, expect, it } from 'vitest';
import { chooseKernels, kernelsNamed } from './active.js';
import { jsKernels } from './js.js';
import { wasmKernels, wasmRelaxedKernels } from './wasm/wasmKernels.js';

describe('choosing kernels', () => {
  it('picks WebAssembly SIMD where the engine has it and JavaScript where it does not', () => {
    expect(chooseKernels(undefined, true)).toBe(wasmKernels);
    expect(chooseKernels(undefined, false)).toBe(jsKernels);
    expect(chooseKernels('', true)).toBe(wasmKernels);
  });

  it('never picks relaxed SIMD unasked, even where the engine has it (its bits vary with the runtime)', () => {
    expect(chooseKernels(undefined, true, true)).toBe(wasmKernels);
    expect(chooseKernels('wasm-relaxed-simd', true, true)).toBe(wasmRelaxedKernels);
  });

  it('refuses a forced wasm-relaxed-simd without relaxed SIMD instead of silently running plain SIMD', () => {
    expect(() => chooseKernels('wasm-relaxed-simd', true, false)).toThrow(
      "DESCENT_KERNELS=wasm-relaxed-simd: 'wasm-relaxed-simd' kernels need WebAssembly relaxed SIMD, which this JavaScript engine lacks",
    );
    expect(() => chooseKernels('wasm-relaxed-simd', false, false)).toThrow("'wasm-relaxed-simd' kernels need WebAssembly SIMD");
  });

  it('obeys DESCENT_KERNELS', () => {
    expect(chooseKernels('js', true)).toBe(jsKernels);
    expect(chooseKernels('wasm-simd', true)).toBe(wasmKernels);
  });

  it('refuses a forced wasm-simd without SIMD instead of silently running JavaScript', () => {
    expect(() => chooseKernels('wasm-simd', false)).toThrow("DESCENT_KERNELS=wasm-simd: 'wasm-simd' kernels need WebAssembly SIMD, which this JavaScript engine lacks; use 'js'");
  });

  it('names the variable, the value and the accepted names for an unknown kernel set', () => {
    expect(() => chooseKernels('wasm', true)).toThrow("DESCENT_KERNELS=wasm: kernels 'wasm' do not exist; expected one of 'js', 'wasm-simd', 'wasm-relaxed-simd'");
    expect(() => kernelsNamed('gpu')).toThrow("kernelsNamed: kernels 'gpu' do not exist");
  });
});
