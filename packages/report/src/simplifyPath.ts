/**
 * Drop the vertices of a chart's polylines that a screen cannot show: a learning curve of 200 evaluations across
 * 500 px has a vertex every 2.5 px, and most of them lie within a fraction of a pixel of the line through their
 * neighbours. Douglas–Peucker keeps every vertex farther than `tolerancePx` from the simplified line (so no point
 * moves by more than that), and the first and last of every subpath.
 *
 * Only paths made of straight segments are touched (`M`, `L` and `Z`, absolute, as Plot writes lines, areas and
 * rules); anything with curves or arcs (symbols, `curve: "catmull-rom"`) is returned as it was.
 */
export function simplifyPath(d: string, tolerancePx: number): string {
  if (!STRAIGHT_SEGMENTS.test(d)) return d;
  const subpaths = d.match(/M[^M]*/g);
  if (subpaths === null) return d;
  let changed = false;
  const simplified = subpaths.map((subpath) => {
    const closed = subpath.endsWith('Z');
    const body = closed ? subpath.slice(1, -1) : subpath.slice(1);
    const vertices = body.split('L');
    if (vertices.length <= 2) return subpath;
    const xs = new Float64Array(vertices.length);
    const ys = new Float64Array(vertices.length);
    for (let i = 0; i < vertices.length; i++) {
      const comma = vertices[i].indexOf(',');
      xs[i] = Number(vertices[i].slice(0, comma));
      ys[i] = Number(vertices[i].slice(comma + 1));
      if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) return subpath;
    }
    const keep = douglasPeucker(xs, ys, tolerancePx);
    const kept = vertices.filter((_, i) => keep[i] === 1);
    if (kept.length === vertices.length) return subpath;
    changed = true;
    return `M${kept.join('L')}${closed ? 'Z' : ''}`;
  });
  return changed ? simplified.join('') : d;
}

/** Absolute moves, lines and closes only: `M56,28L56.6,35Z`, numbers possibly negative or in exponent form. */
const STRAIGHT_SEGMENTS = /^M[-\d.,eLMZ]*$/;

/** 1 for each vertex kept. Iterative (a stack of spans), so a long noisy series cannot overflow the call stack. */
function douglasPeucker(xs: Float64Array, ys: Float64Array, tolerance: number): Uint8Array {
  const n = xs.length;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const spans: number[] = [0, n - 1];
  const limit = tolerance * tolerance;
  while (spans.length > 0) {
    const last = spans.pop()!;
    const first = spans.pop()!;
    let farthest = -1;
    let farthestDistance = limit;
    for (let i = first + 1; i < last; i++) {
      const distance = squaredDistanceToSegment(xs[i], ys[i], xs[first], ys[first], xs[last], ys[last]);
      if (distance > farthestDistance) {
        farthest = i;
        farthestDistance = distance;
      }
    }
    if (farthest === -1) continue;
    keep[farthest] = 1;
    spans.push(first, farthest, farthest, last);
  }
  return keep;
}

/** The squared distance from (px, py) to the segment from (ax, ay) to (bx, by). */
export function squaredDistanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}
