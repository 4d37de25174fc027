/**
 * JSON for run records: keys sorted at every level (so a record's bytes do not depend on the order a
 * sweep file listed its keys in), and NaN / ±Infinity kept explicitly as `{"$number":"NaN"}` instead of
 * the `null` that JSON.stringify silently writes: a diverged run's last loss is a result.
 */

const NON_FINITE_TAG = '$number';

/** Stable, NaN-preserving JSON text of `value`. */
export function encodeJson(value: unknown, indent?: number): string {
  return JSON.stringify(normalize(value), null, indent);
}

/** Inverse of `encodeJson`. */
export function decodeJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === NON_FINITE_TAG) return Number(v[NON_FINITE_TAG]);
    }
    return v;
  }) as T;
}

function normalize(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
    return { [NON_FINITE_TAG]: String(value) };
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, normalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalize(v);
    }
    return out;
  }
  return value;
}
