;; The WebAssembly SIMD (128-bit) kernels of Descent's 'wasm-simd' kernel set: matmul and sigmoid, float32.
;; Hand-written; assembled by assembleWat.ts (wabt) into kernelsWasmBytes.ts. Edit this file, then run
;; `pnpm --filter @descent/tensor build:wasm`; a test re-assembles it and checks the committed bytes match.
;; The callers (wasmMatmul.ts, wasmSigmoid.ts) copy operands into this module's memory and results out.
;; No fused multiply-add anywhere (WebAssembly SIMD 128 has none): every product and sum rounds to float32.
;;
;; The 'wasm-relaxed-simd' set is this same text with each multiply-add of the matmul tiles (and of peak),
;; written here exactly as `(f32x4.add (local.get $cRC) (f32x4.mul (local.get $x) (local.get $bC)))` ($x or
;; $x0..$x3), replaced by `f32x4.relaxed_madd` (assembleWat.ts's relaxedKernelsWat; keep that spelling, it
;; counts the replacements).
;;
;; matmul: C = op(A)·B.
;;
;; Layout (all addresses and strides in bytes; the caller, wasmMatmul.ts, copies operands in):
;;   op(A): row i starts at a + i·aStart; within a tile of 4 rows the rows are 4 bytes apart (the four A values
;;   of one p are contiguous, read at constant offsets from one pointer); moving to the next p adds aStep4 in
;;   a 4-row tile and aStep1 in a 1-row tile. Two layouts satisfy this without gathers:
;;     packed: rows in panels of 4, each a k × 4 strip (aStart = 4·k, aStep4 = 16), the last m mod 4 rows
;;       plain (aStep1 = 4);
;;     stored transposed, [k × m] (aStart = 4, aStep4 = aStep1 = 4·m): a transposed A is read in place.
;;   B is k × nPad, nPad a multiple of 8 (zero-padded columns), in panels of 8 columns: B[p, 8q..8q+7] are
;;   the 8 floats at b + q·bPanel + p·bRow (row-major B: bPanel = 32, bRow = 4·nPad; packed panels, each a
;;   contiguous k × 8 strip: bPanel = 32·k, bRow = 32);
;;   C is [m × nPad] row-major at c, overwritten.
;;
;; Work: tiles of 4 rows × 8 columns of C held in 8 registers (4 lanes each) across the whole k loop; per p
;; one row of 8 B values (2 loads) meets 4 broadcast A values: 16 multiplies and 16 adds, and two pointers
;; move. Rows left over (m mod 4) use a 1 × 8 tile. Column tiles are the middle loop inside blocks of 64 rows,
;; so the k × 8 strip of B a tile reads stays in cache for the 16 tiles of a block.
;;
;; Summation order (the last bits): every C[i,j] is a float32 sum over p = 0, 1, ..., k−1 in order, each
;; product rounded to float32 before it is added (mul then add; no fused multiply-add). Both tile shapes
;; and all layouts use this order. (The relaxed variant keeps the order; whether each multiply-add rounds
;; once or twice is the engine's choice, fixed for a given engine and CPU.)
(module
  (memory (export "memory") 1)

  (func $tile4x8 (param $a i32) (param $aStep i32) (param $b i32) (param $bRow i32) (param $k i32) (param $c i32) (param $cRow i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $next
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
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

  (func $tile1x8 (param $a i32) (param $aStep i32) (param $b i32) (param $bRow i32) (param $k i32) (param $c i32)
    (local $x v128) (local $b0 v128) (local $b1 v128) (local $c00 v128) (local $c01 v128)
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $next
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $bRow)))
        (br_if $next (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01)))

  (func (export "matmul") (param $a i32) (param $aStart i32) (param $aStep4 i32) (param $aStep1 i32) (param $b i32) (param $bRow i32) (param $bPanel i32) (param $c i32) (param $m i32) (param $k i32) (param $nPad i32)
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
                  (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aStart)))
                  (local.get $aStep4)
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
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aStart)))
              (local.get $aStep1)
              (i32.add (local.get $b) (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (local.get $bPanel)))
              (local.get $bRow) (local.get $k)
              (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $cRow)) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $column)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest))))

  ;; peak: the 4×8 tile's arithmetic without its loads, n times: 8 multiply-adds of 4 lanes per round on
  ;; registers (64 floating-point operations), 8 independent sums as in the tile. Returns a lane of the total so
  ;; that nothing is dead code. Not a kernel: the bench times it for the WebAssembly ceiling of a machine (how
  ;; many GFLOP/s this instruction mix reaches there, fused in the relaxed module), to read matmul speeds against.
  (func (export "peak") (param $n i32) (param $seed f32) (result f32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    ;; Operands from the caller's seed, not constants: V8 would otherwise rebuild a constant vector inside the
    ;; loop (measured ~20% slower). With seed = 10^-3 the sums stay small normal numbers for n up to 10^9.
    (local.set $x0 (f32x4.splat (local.get $seed)))
    (local.set $x1 (f32x4.splat (f32.mul (local.get $seed) (f32.const 2))))
    (local.set $x2 (f32x4.splat (f32.mul (local.get $seed) (f32.const 3))))
    (local.set $x3 (f32x4.splat (f32.mul (local.get $seed) (f32.const 4))))
    (local.set $b0 (f32x4.splat (local.get $seed)))
    (local.set $b1 (f32x4.splat (f32.mul (local.get $seed) (f32.const 0.5))))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $b1))))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $b1))))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x2) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x2) (local.get $b1))))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x3) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x3) (local.get $b1))))
        (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (f32x4.extract_lane 0 (f32x4.add
      (f32x4.add (f32x4.add (local.get $c00) (local.get $c01)) (f32x4.add (local.get $c10) (local.get $c11)))
      (f32x4.add (f32x4.add (local.get $c20) (local.get $c21)) (f32x4.add (local.get $c30) (local.get $c31))))))

  ;; packA: the m × k row-major floats at src (rows 4·k bytes apart) into matmul's packed layout at dst:
  ;; rows in panels of 4, each a k × 4 strip holding the four rows' values of one p side by side (panel of
  ;; rows i..i+3 at dst + 4·i·k), then the last m mod 4 rows as they are. Four p at a time: a 4 × 4 block is
  ;; transposed in registers (two rounds of shuffles), then the last k mod 4 one float at a time. A copy,
  ;; no arithmetic: it changes no bits. About as fast as a plain copy, where a JavaScript loop was 10x slower
  ;; and cost the 256×128×10 product of the MNIST net half its speed.
  (func (export "packA") (param $src i32) (param $dst i32) (param $m i32) (param $k i32)
    (local $rowBytes i32) (local $vectorBytes i32) (local $i i32) (local $row i32) (local $out i32) (local $p i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    ;; the bytes of each row that whole vectors of 4 cover
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $panelsDone
      (loop $panel
        (br_if $panelsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $row (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $p (i32.const 0))
        (block $vectorsDone
          (loop $vector
            (br_if $vectorsDone (i32.ge_u (local.get $p) (local.get $vectorBytes)))
            (local.set $v0 (v128.load (i32.add (local.get $row) (local.get $p))))
            (local.set $v1 (v128.load (i32.add (i32.add (local.get $row) (local.get $rowBytes)) (local.get $p))))
            (local.set $v2 (v128.load (i32.add (i32.add (local.get $row) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $p))))
            (local.set $v3 (v128.load (i32.add (i32.add (local.get $row) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $p))))
            ;; t0 = v0[0] v1[0] v0[1] v1[1], t1 = v0[2] v1[2] v0[3] v1[3]; t2, t3 likewise from v2, v3
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            ;; column q of the block: v0[q] v1[q] v2[q] v3[q], stored at out + 16·(p/4 + q)
            (local.set $out (i32.add (local.get $dst) (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (i32.shl (local.get $p) (i32.const 2)))))
            (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store offset=16 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store offset=32 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store offset=48 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $vector)))
        ;; the last k mod 4 values of the four rows
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_u (local.get $p) (local.get $rowBytes)))
            (local.set $out (i32.add (local.get $dst) (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (i32.shl (local.get $p) (i32.const 2)))))
            (f32.store (local.get $out) (f32.load (i32.add (local.get $row) (local.get $p))))
            (f32.store offset=4 (local.get $out) (f32.load (i32.add (i32.add (local.get $row) (local.get $rowBytes)) (local.get $p))))
            (f32.store offset=8 (local.get $out) (f32.load (i32.add (i32.add (local.get $row) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $p))))
            (f32.store offset=12 (local.get $out) (f32.load (i32.add (i32.add (local.get $row) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $rest)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $panel)))
    ;; the last m mod 4 rows, unchanged
    (memory.copy
      (i32.add (local.get $dst) (i32.mul (local.get $i) (local.get $rowBytes)))
      (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rowBytes)))
      (i32.mul (i32.sub (local.get $m) (local.get $i)) (local.get $rowBytes))))

  ;; packB: the k rows of nPad floats at src (nPad a multiple of 8) into matmul's packed B layout at dst: nPad/8
  ;; panels, each a contiguous k × 8 strip (panel q at dst + 32·q·k). A copy of 32-byte pieces, no arithmetic.
  (func (export "packB") (param $src i32) (param $dst i32) (param $k i32) (param $nPad i32)
    (local $rowBytes i32) (local $panelBytes i32) (local $q i32) (local $from i32) (local $to i32) (local $end i32)
    (local.set $rowBytes (i32.shl (local.get $nPad) (i32.const 2)))
    (local.set $panelBytes (i32.shl (local.get $k) (i32.const 5)))
    (block $panelsDone
      (loop $panel
        (br_if $panelsDone (i32.ge_u (local.get $q) (local.get $rowBytes)))
        ;; $q is the panel's byte offset within a row: 32 per panel
        (local.set $from (i32.add (local.get $src) (local.get $q)))
        (local.set $to (i32.add (local.get $dst) (i32.mul (i32.shr_u (local.get $q) (i32.const 5)) (local.get $panelBytes))))
        (local.set $end (i32.add (local.get $to) (local.get $panelBytes)))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $to) (local.get $end)))
            (v128.store (local.get $to) (v128.load (local.get $from)))
            (v128.store offset=16 (local.get $to) (v128.load offset=16 (local.get $from)))
            (local.set $from (i32.add (local.get $from) (local.get $rowBytes)))
            (local.set $to (i32.add (local.get $to) (i32.const 32)))
            (br $row)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $panel))))

;; sigmoid: out[i] = 1 / (1 + e^−x[i]) for the ⌈n/4⌉·4 floats at byte addresses x and out (16-byte aligned;
  ;; out may equal x). Lanes are independent, so the padding lanes of the last vector change nothing else.
  ;;
  ;; e = e^−|x| ∈ [0, 1], then σ = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0 (the same value, as
  ;; σ(−y) = e^−y/(1 + e^−y)). The exponent is never positive, so nothing overflows, and for very negative x
  ;; the tiny result (down to the denormals) comes straight from e rather than from 1/(1 + a huge number).
  ;;
  ;; e^t for t = −|x|, by Cephes expf's range reduction and polynomial:
  ;;   t is clamped to ≥ −110: e^−110 < 2^−158 rounds to 0 however it is computed, so no result changes;
  ;;   k = nearest(t·log2 e), an integer in [−159, 0];
  ;;   r = rHi + rLo = (t − k·C1) − k·C2 with C1 + C2 = ln 2 (Cody–Waite): C1 = 0.693359375 has 9 significant
  ;;     bits, so k·C1 is exact, and so is rHi = t − k·C1 (a multiple of t's ulp no larger than |t|); |r| ≲ ln2/2;
  ;;   e^r = 1 + r + r²·P(r), P of degree 5;
  ;;   e^t = e^r · 2^(k+64) · 2^−64: 2^(k+64) is built from exponent bits (k + 64 + 127 shifted to bit 23,
  ;;     a normal float for every k ≥ −159), and the last multiply is the only rounding when e^t is a denormal.
  ;;
  ;; Accuracy: each float32 rounding of a sum near 1 costs up to half an ulp, and σ = e/(1 + e) can sit in a
  ;; lower binade than e, doubling e's error in ulps (plain float32 arithmetic throughout measured 2.3 ulps).
  ;; So the three sums near 1 keep their rounding errors, exactly, by Fast2Sum (s = a + b rounded,
  ;; err = b − (s − a) exact when |a| ≥ |b|):
  ;;   e^r = eHi + eLo: 1 + rHi, then + (rLo + r²·P(r)) and the low parts;
  ;;   1 + e = s + c;
  ;;   σ = q + (numLo − q·c)/s with q = num/s, which is (num + numLo)/(s + c) to first order in c/s.
  ;; Measured over every float32: within 1.18 ulps of the exact sigmoid (wasmSigmoid.test.ts asserts 1.2).
  ;; Edges: x = ±∞ gives e = 0 and σ = 1 or 0 exactly; NaN stays NaN through every step.
  ;; Deterministic: a fixed sequence of float32 operations per lane, no data-dependent branches.
  (func (export "sigmoid") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local $v v128) (local $t v128) (local $k v128) (local $rHi v128) (local $rLo v128) (local $r v128)
    (local $p v128) (local $sum v128) (local $low v128) (local $hi v128) (local $scale v128)
    (local $eHi v128) (local $eLo v128) (local $s v128) (local $c v128) (local $positive v128) (local $q v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        ;; t = max(−|x|, −110): setting the sign bit gives −|x|; pmax keeps a NaN t (t < −110 is false)
        (local.set $t (f32x4.pmax
          (v128.or (local.get $v) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
          (v128.const f32x4 -110 -110 -110 -110)))
        (local.set $k (f32x4.nearest (f32x4.mul (local.get $t) (v128.const f32x4 0x1.715476p+0 0x1.715476p+0 0x1.715476p+0 0x1.715476p+0))))
        (local.set $rHi (f32x4.sub (local.get $t) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
        ;; rLo = −k·C2 = k·2.12194440e-4
        (local.set $rLo (f32x4.mul (local.get $k) (v128.const f32x4 2.12194440e-4 2.12194440e-4 2.12194440e-4 2.12194440e-4)))
        (local.set $r (f32x4.add (local.get $rHi) (local.get $rLo)))
        ;; P(r) by Horner
        (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
        ;; e^r = 1 + rHi + (rLo + r²·P(r)) as hi + low. sum = 1 + rHi; its error rHi − (sum − 1) is exact.
        (local.set $sum (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $rHi)))
        (local.set $low (f32x4.add
          (f32x4.add (f32x4.sub (local.get $rHi) (f32x4.sub (local.get $sum) (v128.const f32x4 1 1 1 1))) (local.get $rLo))
          (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r)))))
        ;; renormalise: hi = sum + low, low = low − (hi − sum) (exact; |sum| ≥ 0.6 > |low|)
        (local.set $hi (f32x4.add (local.get $sum) (local.get $low)))
        (local.set $low (f32x4.sub (local.get $low) (f32x4.sub (local.get $hi) (local.get $sum))))
        ;; e = (hi + low) · 2^(k+64) · 2^−64 (k is an exact integer, so the truncating conversion is exact)
        (local.set $scale (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 191 191 191 191)) (i32.const 23)))
        (local.set $eHi (f32x4.mul (f32x4.mul (local.get $hi) (local.get $scale)) (v128.const f32x4 0x1p-64 0x1p-64 0x1p-64 0x1p-64)))
        (local.set $eLo (f32x4.mul (f32x4.mul (local.get $low) (local.get $scale)) (v128.const f32x4 0x1p-64 0x1p-64 0x1p-64 0x1p-64)))
        ;; 1 + e = s + c: s = 1 + eHi, c = (eHi − (s − 1)) + eLo
        (local.set $s (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $eHi)))
        (local.set $c (f32x4.add (f32x4.add (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $s)) (local.get $eHi)) (local.get $eLo)))
        ;; num + numLo = 1 for x ≥ 0 (and for −0), e = eHi + eLo for x < 0 or NaN
        (local.set $positive (f32x4.ge (local.get $v) (v128.const f32x4 0 0 0 0)))
        (local.set $q (f32x4.div (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $eHi) (local.get $positive)) (local.get $s)))
        ;; σ = q + (numLo − q·c)/s
        (v128.store (local.get $out) (f32x4.add (local.get $q)
          (f32x4.div
            (f32x4.sub (v128.andnot (local.get $eLo) (local.get $positive)) (f32x4.mul (local.get $q) (local.get $c)))
            (local.get $s))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next)))))
