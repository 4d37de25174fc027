// The normal distribution in log form, and the truncated normal that every numeric Parzen kernel is. A narrow
// kernel at one end of a range puts the other end a hundred σ away, where Φ underflows and only log Φ is
// still a number, so everything here works with logarithms. (@descent/stats has Φ, but sweep may not import
// stats, see docs/architecture.md, and its Φ is not in log form.)

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log φ(z) = −z²/2 − log √(2π). */
export function logNormalDensity(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** log Φ(z), accurate to a few ulps in both tails (finite for every finite z). */
export function logNormalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z > 0) return Math.log1p(-Math.exp(logLowerTail(-z)));
  return logLowerTail(z);
}

/** log Φ(z) for z ≤ 0. */
function logLowerTail(z: number): number {
  if (z === -Infinity) return -Infinity;
  if (z >= -2) {
    // Φ(z) = ½ + φ(z)·(z + z³/3 + z⁵/(3·5) + …), every term of one sign (Marsaglia 2004); at z = −2 the
    // subtraction from ½ costs 5 bits of 53.
    let term = z;
    let series = z;
    for (let k = 3; ; k += 2) {
      term *= (z * z) / k;
      if (series + term === series) break;
      series += term;
    }
    return Math.log(0.5 + Math.exp(logNormalDensity(z)) * series);
  }
  // Φ(z) = φ(z) / m(x), x = −z, with Laplace's continued fraction m(x) = x + 1/(x + 2/(x + 3/(x + …))),
  // evaluated forward by the modified Lentz method until a step no longer changes it.
  const x = -z;
  let fraction = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 10_000; k++) {
    d = 1 / (x + k * d);
    c = x + k / c;
    const step = c * d;
    fraction *= step;
    if (Math.abs(step - 1) <= 1e-16) break;
  }
  return logNormalDensity(z) - Math.log(fraction);
}

/** log(Φ(b) − Φ(a)) for a ≤ b: the standard normal's mass on [a, b], computed in the tail where it is small. */
export function logNormalMass(a: number, b: number): number {
  if (a >= b) return -Infinity;
  // A narrow interval (an integer's cell under a wide kernel): Φ(b) − Φ(a) would cancel, while φ barely
  // changes across it, so 5-point Gauss–Legendre quadrature is exact to rounding.
  if ((b - a) * (1 + Math.max(Math.abs(a), Math.abs(b))) < 0.1) return logMassByQuadrature(a, b);
  // Mirror a right-tail interval into the left tail, where Φ keeps its relative precision.
  if (a > 0) return logNormalMass(-b, -a);
  if (b <= 0) {
    const logB = logNormalCdf(b);
    return logB + Math.log(-Math.expm1(logNormalCdf(a) - logB));
  }
  // a ≤ 0 < b: 1 − Φ(a) − Φ(−b) = 1 − (mass left of a) − (mass right of b), no cancellation near 1.
  return Math.log1p(-Math.exp(logNormalCdf(a)) - Math.exp(logNormalCdf(-b)));
}

const GAUSS_LEGENDRE: readonly (readonly [node: number, weight: number])[] = [
  [0, 0.5688888888888889],
  [-0.5384693101056831, 0.4786286704993665],
  [0.5384693101056831, 0.4786286704993665],
  [-0.906179845938664, 0.2369268850561891],
  [0.906179845938664, 0.2369268850561891],
];

/** log ∫ₐᵇ φ = log φ(c) + log(h · Σ wᵢ φ(c + h·tᵢ)/φ(c)), c the middle, h the half-width. */
function logMassByQuadrature(a: number, b: number): number {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  let sum = 0;
  for (const [node, weight] of GAUSS_LEGENDRE) sum += weight * Math.exp(logNormalDensity(c + h * node) - logNormalDensity(c));
  return logNormalDensity(c) + Math.log(h * sum);
}

/** log(e^p + e^q) without overflow. */
function logAddExp(p: number, q: number): number {
  const max = Math.max(p, q);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(Math.exp(p - max) + Math.exp(q - max));
}

/** A normal N(mu, sigma²) restricted to [low, high] and renormalised: one numeric Parzen kernel. */
/** (Read-only: its normaliser is cached by identity.) */
export interface TruncatedNormal {
  readonly mu: number;
  readonly sigma: number;
  readonly low: number;
  readonly high: number;
}

// A kernel's normaliser is needed at every candidate: computed once per kernel object.
const acceptances = new WeakMap<TruncatedNormal, number>();

/** log of the kernel's mass on [low, high] before truncation: the normaliser of every density below. */
function logAcceptance(kernel: TruncatedNormal): number {
  let value = acceptances.get(kernel);
  if (value === undefined) {
    const { mu, sigma, low, high } = kernel;
    value = logNormalMass((low - mu) / sigma, (high - mu) / sigma);
    acceptances.set(kernel, value);
  }
  return value;
}

/**
 * log density at x: log φ((x − mu)/sigma) − log sigma − log(Φ(β) − Φ(α)), −∞ outside [low, high].
 * (Optuna 3.1's `_truncnorm.logpdf` leaves out the −log sigma, optuna/optuna#5109, fixed in 3.5; this is the
 * normalised density.)
 */
export function truncatedNormalLogPdf(kernel: TruncatedNormal, x: number): number {
  if (x < kernel.low || x > kernel.high) return -Infinity;
  return logNormalDensity((x - kernel.mu) / kernel.sigma) - Math.log(kernel.sigma) - logAcceptance(kernel);
}

/** log of the kernel's probability of [from, to] (clipped to [low, high]): the likelihood of an integer's cell. */
export function truncatedNormalLogMass(kernel: TruncatedNormal, from: number, to: number): number {
  const { mu, sigma, low, high } = kernel;
  const lo = Math.max(from, low);
  const hi = Math.min(to, high);
  if (lo >= hi) return -Infinity;
  return logNormalMass((lo - mu) / sigma, (hi - mu) / sigma) - logAcceptance(kernel);
}

/**
 * The quantile of probability u ∈ [0, 1) of the kernel: one uniform gives one draw (inverse transform, as
 * Optuna's `_truncnorm.rvs`), so a draw uses a fixed number of random numbers. Solved in log space in the
 * lighter tail, between the bounds.
 */
export function truncatedNormalQuantile(kernel: TruncatedNormal, u: number): number {
  const { mu, sigma } = kernel;
  const alpha = (kernel.low - mu) / sigma;
  const beta = (kernel.high - mu) / sigma;
  const logMass = logAcceptance(kernel);
  let z: number;
  if (alpha < 0) {
    // Φ(z) = Φ(α) + u·(Φ(β) − Φ(α))
    const target = logAddExp(logNormalCdf(alpha), Math.log(u) + logMass);
    z = solveLogCdf(target, alpha, beta);
  } else {
    // Φ(−z) = Φ(−β) + (1 − u)·(Φ(β) − Φ(α)), the same equation seen from the right tail
    const target = logAddExp(logNormalCdf(-beta), Math.log1p(-u) + logMass);
    z = -solveLogCdf(target, -beta, -alpha);
  }
  return Math.min(kernel.high, Math.max(kernel.low, mu + sigma * z));
}

/**
 * The t in [lo, hi] with log Φ(t) = target: Newton's method (d log Φ/dt = φ(t)/Φ(t)) kept inside a bracket that
 * every step narrows, bisecting whenever a Newton step would leave it.
 */
function solveLogCdf(target: number, lo: number, hi: number): number {
  let t = 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const logCdf = logNormalCdf(t);
    if (logCdf < target) lo = t;
    else hi = t;
    let next = t - (logCdf - target) / Math.exp(logNormalDensity(t) - logCdf);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 4e-16 * Math.max(1, Math.abs(t)) || next <= lo || next >= hi) return next;
    t = next;
  }
  return t;
}
