/**
 * tanh and sigmoid of float32 values, for float32 results, with Math's float32 bits in less time:
 * - `Math.fround(tanhOfFloat32(x)) === Math.fround(Math.tanh(x))`, in a third of Math.tanh's time (5.5 against
 *   15–17 ns a value here). Math.tanh was over a third of the momentum sweep's training: a 2-16-1 tanh net
 *   evaluates it 16 times an example, forward and in every evaluation.
 * - `Math.fround(sigmoidOfFloat32(x)) === Math.fround(1 / (1 + Math.exp(-x)))`, jsKernels' sigmoid, in about
 *   half its time (7–12 against 13–22 ns): the lecture's activation, at the batch sizes where no WebAssembly
 *   kernel takes it (fewer than 16 values), and the BCE loss's gradient.
 * for every float32 x: float32Math.test.ts compares them on every float32 where they compute (and samples the
 * rest, where both give x, 0.5, 0 or ±1); all 2^32 were compared on Node 20, 22 and 24 (V8's Math.tanh and
 * Math.exp are its own ports of fdlibm, the same on every platform).
 *
 * Why the bits are the same: each is an approximation in float64 within 1.4e-13 of the function (analysis below;
 * mostly within a few 1e-16). A float32 result rounds it to 24 bits, so it could differ from Math's rounding only
 * where the function lies that close to a point halfway between two float32 values, and no float32 x comes that
 * close. That holds for float32 arguments: a float64 argument (or a float64 result) takes Math's function.
 *
 * Only the tanh series' branch depends on the value, and activations rarely take it: a version that switched
 * formulas at |x| = 0.625 and took the sign by a branch ran at 11 ns a value on mixed values, against 5.5.
 */

/**
 * tanh(x) ≈ x·(1 − x²/3 + 2x⁴/15 − 17x⁶/315) below |x| = 2^-8 (the rest is below 0.022·x⁸ ≤ 2^-69 of it), else
 * (e − 1)/(e + 1) with e = exp(2x), x clamped to ±9.1 (from 9.1 on, tanh(x) is within 2.5e-8 of ±1 and rounds to
 * ±1 in float32, as Math.tanh's value does). With e within about 1e-15 of exp(2x) (expNear), e − 1 is within
 * 1e-15·e/|e − 1| ≤ 1.3e-13 at |x| = 2^-8 (less further out), and the quotient within 1.4e-13.
 */
export function tanhOfFloat32(x: number): number {
  if (Math.abs(x) < SERIES_BELOW) {
    const s = x * x;
    return x * (1 + s * (-1 / 3 + s * (2 / 15 + s * (-17 / 315))));
  }
  const e = expNear(2 * Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x)));
  return (e - 1) / (e + 1);
}

/**
 * 1/(1 + exp(−x)) with exp from expNear, x clamped to [−104, 17.5]: from 17.5 on the result rounds to 1 in float32,
 * and below −104 to 0 (the value is under half the smallest float32, 2^-150), as Math's does. No cancellation:
 * within about 2e-15.
 */
export function sigmoidOfFloat32(x: number): number {
  return 1 / (1 + expNear(-Math.max(-SIGMOID_LOW, Math.min(SIGMOID_HIGH, x))));
}

/**
 * exp(y) for y in [−20, 105], within about 1e-15 relatively: 2^(k/64) · exp(r) with k the integer nearest 64y/ln 2
 * and |r| ≤ ln 2/128. r is exact but for its last term (ln 2/64 in a 24-bit part and the rest, so k·high is exact
 * and y − k·high cancels exactly); 2^(k/64) from two tables (2^(j/64) and 2^i); exp(r) by its series to r⁵ (the
 * rest is below 3.5e-17).
 */
function expNear(y: number): number {
  // The nearest integer, by adding and taking away 1.5·2^52 (Math.round cost 10 ns a call here).
  const k = y * STEPS_PER_UNIT + ROUNDING_SHIFT - ROUNDING_SHIFT;
  const r = y - k * STEP_HIGH - k * STEP_LOW;
  const i = k | 0;
  const expR = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return TWO_TO_J_64THS[i & 63] * TWO_TO_I[(i >> 6) + TWO_TO_I_OFFSET] * expR;
}

/** Below this |x| tanh's odd series; from it on, exp. */
const SERIES_BELOW = 2 ** -8;
/** From here on tanh(x) rounds to ±1 in float32: tanh(9.1) = 1 − 2.5e-8, above the halfway point 1 − 2^-25. */
const TANH_CLAMP = 9.1;
/** From here on sigmoid(x) rounds to 1 in float32: 1 − e^-17.5 is above 1 − 2^-25. */
const SIGMOID_HIGH = 17.5;
/** Below −this, sigmoid(x) < e^-104 < 2^-150 rounds to 0 in float32. */
const SIGMOID_LOW = 104;
const STEPS_PER_UNIT = 64 / Math.LN2;
const STEP = Math.LN2 / 64;
const STEP_HIGH = Math.fround(STEP);
const STEP_LOW = STEP - STEP_HIGH;
const ROUNDING_SHIFT = 1.5 * 2 ** 52;
/** 2^(j/64) for j = 0..63, written out so that no engine's Math.pow can change them. */
const TWO_TO_J_64THS = new Float64Array([
  1, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284, 1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199,
  1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418, 1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687, 1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783,
  1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303, 1.3542555469368927, 1.3690024229745905, 1.3839098819638318, 1.398979672538311,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.4609177941806468, 1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445382,
  1.542210825407941, 1.559004400237837, 1.5759808451078865, 1.593142151342267, 1.6104903319492543, 1.6280274218573478, 1.6457554781539647, 1.6636765803267364,
  1.6817928305074292, 1.7001063537185235, 1.718619298122478, 1.7373338352737062, 1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833857, 1.8741676341103, 1.8945759815869656, 1.9152065613971474, 1.9360617934922946, 1.9571441241754002, 1.978456026387951,
]);
/** 2^i for i = −32..159, exact (tanh's |2x| ≤ 18.2 needs −27..26, sigmoid's −x in [−17.5, 104] −26..150). */
const TWO_TO_I_OFFSET = 32;
const TWO_TO_I = Float64Array.from({ length: 192 }, (_, i) => 2 ** (i - TWO_TO_I_OFFSET));
