import { describe, expect, it } from 'vitest';
import { simplifyPath, squaredDistanceToSegment } from './simplifyPath.js';

type Point = [number, number];
const pathOf = (points: readonly Point[], closed = false) => `M${points.map(([x, y]) => `${x},${y}`).join('L')}${closed ? 'Z' : ''}`;
const pointsOf = (d: string): Point[][] =>
  d.split('M').filter(Boolean).map((subpath) => subpath.replace('Z', '').split('L').map((vertex) => vertex.split(',').map(Number) as Point));

/** The largest distance from any original vertex to the simplified polyline. */
function strayOf(original: readonly Point[], simplified: readonly Point[]): number {
  let worst = 0;
  for (const [x, y] of original) {
    let nearest = Infinity;
    for (let i = 1; i < simplified.length; i++) {
      nearest = Math.min(nearest, squaredDistanceToSegment(x, y, ...simplified[i - 1], ...simplified[i]));
    }
    worst = Math.max(worst, Math.sqrt(nearest));
  }
  return worst;
}

describe('simplifyPath', () => {
  // A learning curve: 200 evaluations of a decaying loss with noise, 2.5 px apart.
  let state = 7;
  const noise = () => ((state = (state * 16807) % 2147483647) / 2147483647 - 0.5) * 0.6;
  const curve: Point[] = Array.from({ length: 200 }, (_, k) => [56 + 2.5 * k, Math.round((28 + 250 * (1 - Math.exp(-k / 30)) + noise()) * 10) / 10]);

  it('keeps every vertex within the tolerance of the line it draws, and its ends exactly', () => {
    for (const tolerance of [0.1, 0.25, 1]) {
      const [simplified] = pointsOf(simplifyPath(pathOf(curve), tolerance));
      expect(simplified[0]).toEqual(curve[0]);
      expect(simplified.at(-1)).toEqual(curve.at(-1));
      expect(strayOf(curve, simplified)).toBeLessThanOrEqual(tolerance);
      // Kept vertices are original ones, in order.
      const indices = simplified.map((point) => curve.findIndex((original) => original[0] === point[0] && original[1] === point[1]));
      expect(indices.every((index, i) => index >= 0 && (i === 0 || index > indices[i - 1]))).toBe(true);
    }
  });

  it('drops most of a smooth curve at a quarter pixel, and fewer as the tolerance shrinks', () => {
    const kept = (tolerance: number) => pointsOf(simplifyPath(pathOf(curve), tolerance))[0].length;
    expect(kept(0.25)).toBeLessThan(curve.length / 2);
    expect(kept(0.1)).toBeGreaterThan(kept(0.25));
    expect(kept(1)).toBeLessThan(kept(0.25));
  });

  it('keeps a spike, however narrow', () => {
    const flat: Point[] = Array.from({ length: 50 }, (_, k) => [k, k === 25 ? 40 : 10]);
    const simplified = pointsOf(simplifyPath(pathOf(flat), 0.25))[0];
    expect(simplified).toEqual([[0, 10], [24, 10], [25, 40], [26, 10], [49, 10]]);
  });

  it('simplifies each subpath on its own (a line with gaps), and keeps an area closed', () => {
    const straight = (from: number): Point[] => Array.from({ length: 10 }, (_, k) => [from + k, 5 + k]);
    expect(simplifyPath(`${pathOf(straight(0))}${pathOf(straight(20))}`, 0.25)).toBe('M0,5L9,14M20,5L29,14');
    const band: Point[] = [...straight(0), ...straight(0).reverse().map(([x, y]): Point => [x, y + 3])];
    expect(simplifyPath(pathOf(band, true), 0.25)).toBe('M0,5L9,14L9,17L0,8Z');
  });

  it('returns paths with curves, arcs or relative commands, and short ones, as they were', () => {
    for (const d of ['M4.5,0A4.5,4.5,0,1,1,-4.5,0A4.5,4.5,0,1,1,4.5,0', 'M0,0C1,1,2,2,3,3', 'M0,0l1,1l1,1l1,1', 'M0,0L-6,0', 'M0,0L1,1L2,2', '']) {
      expect(simplifyPath(d, 0.25)).toBe(d === 'M0,0L1,1L2,2' ? 'M0,0L2,2' : d);
    }
    // Exponent notation is a number too.
    expect(simplifyPath('M0,0L1e-7,1e-7L2,2', 0.25)).toBe('M0,0L2,2');
  });
});
