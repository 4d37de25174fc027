/**
 * A curve's numbers packed as text for the data island: 12 bits per value, two characters of the URL-safe
 * base64 alphabet each, quantized between the series' lowest and highest value (on log10 when every value is
 * positive). Why not JSON numbers at 4 significant digits: those take about 7 characters a point, and a
 * 1,000-run sweep at 100 points per curve would ship 700 KB of them; this takes 2.
 *
 * Precision: (high − low) / 4094 on the packed scale; on a log scale across three decades that is a relative
 * error below 0.1 % (about a 3–4 significant digit number), far finer than a chart's pixel. The lowest and
 * highest values themselves come back to 6 significant digits.
 *
 *   'L0.0512~2.31~' + codes   (L: log10 scale, N: linear; '~' separates; code 4095 = no value)
 */
export type PackedSeries = string;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LEVELS = 4095; // codes 0 … 4094 are values
const MISSING = 4095;
const DIGIT = new Map([...ALPHABET].map((char, i) => [char, i] as const));

const round6 = (value: number) => Number(value.toPrecision(6));

/** Pack a series; non-finite entries come back as null. */
export function packSeries(values: readonly (number | null)[]): PackedSeries {
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const log = finite.length > 0 && finite.every((value) => value > 0);
  const scaled = (value: number) => (log ? Math.log10(value) : value);
  const low = finite.length === 0 ? 0 : round6(Math.min(...finite));
  const high = finite.length === 0 ? 0 : round6(Math.max(...finite));
  const [from, to] = [scaled(low), scaled(high)];
  let codes = '';
  for (const value of values) {
    let code = MISSING;
    if (value !== null && Number.isFinite(value)) {
      code = to === from ? 0 : Math.round(((scaled(value) - from) / (to - from)) * (LEVELS - 1));
      code = Math.min(LEVELS - 1, Math.max(0, code));
    }
    codes += ALPHABET[code >> 6] + ALPHABET[code & 63];
  }
  return `${log ? 'L' : 'N'}${low}~${high}~${codes}`;
}

/** The series `packSeries` packed (null where it had no value). */
export function unpackSeries(packed: PackedSeries): (number | null)[] {
  const [head, highText, codes] = packed.split('~');
  const log = head[0] === 'L';
  const low = Number(head.slice(1));
  const high = Number(highText);
  const [from, to] = log ? [Math.log10(low), Math.log10(high)] : [low, high];
  const values: (number | null)[] = [];
  for (let i = 0; i + 1 < codes.length; i += 2) {
    const code = (DIGIT.get(codes[i]) ?? 0) * 64 + (DIGIT.get(codes[i + 1]) ?? 0);
    if (code === MISSING) {
      values.push(null);
      continue;
    }
    // The ends come back exactly as written (no round trip through log10).
    const value = code === 0 ? low : code === LEVELS - 1 ? high : from + (code / (LEVELS - 1)) * (to - from);
    values.push(code === 0 || code === LEVELS - 1 || !log ? value : 10 ** value);
  }
  return values;
}
