;; C = op(A)·B in float32 with 128-bit WebAssembly SIMD: the matmul of Descent's 'wasm-simd' kernels.
;; Hand-written; assembled by assembleMatmulWasm.ts (wabt) into matmulWasmBytes.ts. Edit this file, then run
;; `pnpm --filter @descent/tensor build:wasm`; a test re-assembles it and checks the committed bytes match.
;;
;; Layout (all addresses and strides in bytes; the caller, wasmMatmul.ts, copies operands in):
;;   op(A)[i,p] is the float32 at a + i·aRow + p·aStep (so a transposed A is read in place);
;;   B is k × nPad, nPad a multiple of 8 (zero-padded columns), in panels of 8 columns: B[p, 8q..8q+7] are
;;   the 8 floats at b + q·bPanel + p·bRow (row-major B: bPanel = 32, bRow = 4·nPad; packed panels, each a
;;   contiguous k × 8 strip: bPanel = 32·k, bRow = 32);
;;   C is [m × nPad] row-major at c, overwritten.
;;
;; Work: tiles of 4 rows × 8 columns of C held in 8 registers (4 lanes each) across the whole k loop; per p
;; one row of 8 B values (2 loads) meets 4 broadcast A values: 16 multiplies and 16 adds. Rows left over
;; (m mod 4) use a 1 × 8 tile. Column tiles are the middle loop inside blocks of 64 rows, so the k × 8 strip
;; of B a tile reads stays in cache for the 16 tiles of a block.
;;
;; Summation order (the last bits): every C[i,j] is a float32 sum over p = 0, 1, ..., k−1 in order, each
;; product rounded to float32 before it is added (mul then add; no fused multiply-add). Both tile shapes
;; and all transpose cases use this order.
(module
  (memory (export "memory") 1)

  (func $tile4x8 (param $a0 i32) (param $aRow i32) (param $aStep i32) (param $b i32) (param $bRow i32) (param $k i32) (param $c i32) (param $cRow i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $a1 (i32.add (local.get $a0) (local.get $aRow)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $aRow)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $aRow)))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $next
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a0)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat (local.get $a1)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat (local.get $a2)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat (local.get $a3)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a0 (i32.add (local.get $a0) (local.get $aStep)))
        (local.set $a1 (i32.add (local.get $a1) (local.get $aStep)))
        (local.set $a2 (i32.add (local.get $a2) (local.get $aStep)))
        (local.set $a3 (i32.add (local.get $a3) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $bRow)))
        (br_if $next (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $cRow)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $cRow)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $cRow)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  (func $tile1x8 (param $a0 i32) (param $aStep i32) (param $b i32) (param $bRow i32) (param $k i32) (param $c i32)
    (local $x v128) (local $c00 v128) (local $c01 v128)
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $next
        (local.set $x (v128.load32_splat (local.get $a0)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (v128.load (local.get $b)))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $b)))))
        (local.set $a0 (i32.add (local.get $a0) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $bRow)))
        (br_if $next (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01)))

  (func (export "matmul") (param $a i32) (param $aRow i32) (param $aStep i32) (param $b i32) (param $bRow i32) (param $bPanel i32) (param $c i32) (param $m i32) (param $k i32) (param $nPad i32)
    (local $cRow i32) (local $m4 i32) (local $i0 i32) (local $iEnd i32) (local $i i32) (local $j i32)
    (local.set $cRow (i32.shl (local.get $nPad) (i32.const 2)))
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    ;; blocks of 64 rows: for each column tile j, the 4-row tiles i of the block
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.ge_u (local.get $i0) (local.get $m4)))
        (local.set $iEnd (select (local.get $m4) (i32.add (local.get $i0) (i32.const 64)) (i32.lt_u (local.get $m4) (i32.add (local.get $i0) (i32.const 64)))))
        (local.set $j (i32.const 0))
        (block $columnsDone
          (loop $column
            (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $nPad)))
            (local.set $i (local.get $i0))
            (block $rowsDone
              (loop $row
                (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $iEnd)))
                (call $tile4x8
                  (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow)))
                  (local.get $aRow) (local.get $aStep)
                  (i32.add (local.get $b) (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (local.get $bPanel)))
                  (local.get $bRow) (local.get $k)
                  (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $cRow)) (i32.shl (local.get $j) (i32.const 2))))
                  (local.get $cRow))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $row)))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $column)))
        (local.set $i0 (local.get $iEnd))
        (br $block)))
    ;; the last m mod 4 rows, one at a time
    (local.set $i (local.get $m4))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $columnsDone
          (loop $column
            (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $nPad)))
            (call $tile1x8
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow)))
              (local.get $aStep)
              (i32.add (local.get $b) (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (local.get $bPanel)))
              (local.get $bRow) (local.get $k)
              (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $cRow)) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $column)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest)))))
