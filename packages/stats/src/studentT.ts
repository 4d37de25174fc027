// Student's t distribution for whole degrees of freedom, from its closed-form finite sums, so that the
// "how many more replicates" estimate can use t instead of the normal (which is far too narrow at n = 3).

/**
 * P(T ≤ t) with ν whole degrees of freedom, from P(|T| < t) = A(t|ν) (Abramowitz & Stegun 26.7.3–4, θ = atan(t/√ν)):
 * ν odd: A = (2/π)(θ + sinθ·cosθ·(1 + (2/3)cos²θ + … + (2·4…(ν−3))/(1·3…(ν−2))·cos^(ν−3)θ));
 * ν even: A = sinθ·(1 + (1/2)cos²θ + … + (1·3…(ν−3))/(2·4…(ν−2))·cos^(ν−2)θ).
 */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  const nu = degreesOfFreedom;
  if (!Number.isInteger(nu) || nu < 1) throw new RangeError(`stats: degrees of freedom must be a whole number ≥ 1, got ${nu}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const theta = Math.atan(Math.abs(t) / Math.sqrt(nu));
  const c2 = Math.cos(theta) ** 2;
  let central: number; // A(|t| | ν) = P(|T| < |t|)
  if (nu % 2 === 1) {
    let sum = 0;
    if (nu > 1) {
      let term = 1;
      sum = 1;
      for (let k = 3; k <= nu - 2; k += 2) {
        term *= (c2 * (k - 1)) / k;
        sum += term;
      }
    }
    central = (2 / Math.PI) * (theta + Math.sin(theta) * Math.cos(theta) * sum);
  } else {
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= nu - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    central = Math.sin(theta) * sum;
  }
  return t >= 0 ? 0.5 + central / 2 : 0.5 - central / 2;
}

/**
 * Quantiles already found, by p and ν. Adaptive replicates ask for the same few again and again (1 − α/2 at ν up
 * to 20,000, in each configuration's binary search for the replicates it needs), and one bisection at ν = 20,000
 * sums 10,000 terms sixty times over: 95 ms of the main thread's decisions in the momentum sweep, 6 ms remembered.
 * Bounded, since p can be anything.
 */
const knownQuantiles = new Map<string, number>();
const MAX_KNOWN_QUANTILES = 100_000;

/** The t with P(T ≤ t) = p for ν whole degrees of freedom, found by bisection on studentTCdf. */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, degreesOfFreedom);
  const key = `${p}|${degreesOfFreedom}`;
  let t = knownQuantiles.get(key);
  if (t === undefined) {
    t = bisectQuantile(p, degreesOfFreedom);
    if (knownQuantiles.size >= MAX_KNOWN_QUANTILES) knownQuantiles.clear();
    knownQuantiles.set(key, t);
  }
  return t;
}

/** studentTQuantile for ½ < p < 1, without remembering it (the tests' oracle for the remembered one). */
export function bisectQuantile(p: number, degreesOfFreedom: number): number {
  let low = 0;
  let high = 1;
  while (studentTCdf(high, degreesOfFreedom) < p) {
    low = high;
    high *= 2;
  }
  // Halve until the bracket cannot shrink any more in floating point.
  for (;;) {
    const middle = (low + high) / 2;
    if (middle <= low || middle >= high) return middle;
    if (studentTCdf(middle, degreesOfFreedom) < p) low = middle;
    else high = middle;
  }
}
