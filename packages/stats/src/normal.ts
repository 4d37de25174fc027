// The standard normal distribution, written from its series and continued fraction so this package needs no
// numerical library. Accurate to about 1e-16 absolute (checked against SciPy's ndtr and ndtri).

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** φ(x) = e^(−x²/2) / √(2π), the standard normal density. */
export function normalDensity(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Φ(x) = P(Z ≤ x) for a standard normal Z. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < 3) return 0.5 + normalDensity(x) * centralSeries(x);
  const tail = upperTail(Math.abs(x));
  return x < 0 ? tail : 1 - tail;
}

/** Φ(x) − ½ = φ(x)·(x + x³/3 + x⁵/(3·5) + …): every term positive, so no cancellation (Marsaglia, 2004). */
function centralSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 3; ; k += 2) {
    term *= x2 / k;
    const next = sum + term;
    if (next === sum) return sum;
    sum = next;
  }
}

/** 1 − Φ(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))) for x ≥ 3 (Laplace's continued fraction). */
function upperTail(x: number): number {
  if (x > 40) return 0; // below the smallest double
  // Evaluated from the inside out; 200 levels are far more than x ≥ 3 needs for full precision.
  let fraction = x;
  for (let k = 200; k >= 1; k--) fraction = x + k / fraction;
  return normalDensity(x) / fraction;
}

/** Φ⁻¹(p): the x with Φ(x) = p (−∞ at p = 0, +∞ at p = 1). */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Solve in the lower half, where Φ is accurate relative to p; 1 − p is exact for p ≥ ½ (Sterbenz).
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

function lowerQuantile(p: number): number {
  if (p === 0.5) return 0;
  // A rough start (Abramowitz & Stegun 26.2.23, error < 4.5e-4), then Halley's method on Φ(x) − p.
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3));
  for (let step = 0; step < 8; step++) {
    const error = normalCdf(x) - p;
    const u = error / normalDensity(x);
    const change = u / (1 + (x * u) / 2);
    x -= change;
    if (Math.abs(change) <= 1e-16 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
