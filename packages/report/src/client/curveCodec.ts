/**
 * A curve's numbers packed as text for the data island. Why not JSON numbers at 4 significant digits: those
 * take about 7 characters a point, so a 1,000-run sweep at 100 points per curve would ship 700 KB of them;
 * this takes 1 to 1.3 for a learning curve.
 *
 * Each value is quantized to one of 4,095 levels between the series' lowest and highest value (on log10 when
 * every value is positive): a relative error below 0.1 % across three decades, far finer than a chart's
 * pixel; the lowest and highest values are written at 6 significant digits. Each level is written as its
 * difference from a prediction (see `predicted`): one character of the URL-safe base64 alphabet when
 * within ±31, else '_' and the level in two characters.
 *
 *   'L1~0.0512~2.31~' + characters   (L: log10 levels, N: linear; 1 or 2: the prediction's order)
 *
 * Level 4095 (escaped) is a missing value.
 */
export type PackedSeries = string;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Map([...ALPHABET].map((char, i) => [char, i] as const));
const TOP = 4094; // levels 0 … 4094 are values
const MISSING = 4095;
const ESCAPE = 63;
const REACH = 31;

const round6 = (value: number) => Number(value.toPrecision(6));

/**
 * The level predicted from those before it (since the last gap), none for the first. Order 1: the previous
 * level. Order 2: the previous level plus the change one step further back, h[n−1] + (h[n−2] − h[n−3]):
 * min–max downsampling keeps points at alternating gaps (a bucket's two ends), and this repeats the change
 * of the same kind of gap.
 */
function predicted(history: readonly number[], order: 1 | 2): number | null {
  const n = history.length;
  if (n === 0) return null;
  if (order === 1 || n === 1) return history[n - 1];
  const change = n === 2 ? history[1] - history[0] : history[n - 2] - history[n - 3];
  return Math.min(TOP, Math.max(0, history[n - 1] + change));
}

/** Pack a series (non-finite entries come back as null), with whichever prediction order writes it shorter. */
export function packSeries(values: readonly (number | null)[]): PackedSeries {
  const first = packWith(values, 1);
  const second = packWith(values, 2);
  return second.length < first.length ? second : first;
}

function packWith(values: readonly (number | null)[], order: 1 | 2): PackedSeries {
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const log = finite.length > 0 && finite.every((value) => value > 0);
  const scaled = (value: number) => (log ? Math.log10(value) : value);
  const low = finite.length === 0 ? 0 : round6(Math.min(...finite));
  const high = finite.length === 0 ? 0 : round6(Math.max(...finite));
  const [from, to] = [scaled(low), scaled(high)];
  let text = '';
  let history: number[] = [];
  for (const value of values) {
    if (value === null || !Number.isFinite(value)) {
      text += ALPHABET[ESCAPE] + ALPHABET[MISSING >> 6] + ALPHABET[MISSING & 63];
      history = [];
      continue;
    }
    const level = to === from ? 0 : Math.min(TOP, Math.max(0, Math.round(((scaled(value) - from) / (to - from)) * TOP)));
    const guess = predicted(history, order);
    text += guess !== null && Math.abs(level - guess) <= REACH ? ALPHABET[level - guess + REACH] : ALPHABET[ESCAPE] + ALPHABET[level >> 6] + ALPHABET[level & 63];
    history.push(level);
  }
  return `${log ? 'L' : 'N'}${order}~${low}~${high}~${text}`;
}

/** The series `packSeries` packed (null where it had no value). */
export function unpackSeries(packed: PackedSeries): (number | null)[] {
  const [head, lowText, highText, text] = packed.split('~');
  const log = head[0] === 'L';
  const order = head[1] === '2' ? 2 : 1;
  const low = Number(lowText);
  const high = Number(highText);
  const [from, to] = log ? [Math.log10(low), Math.log10(high)] : [low, high];
  const digit = (i: number) => DIGIT.get(text[i]) ?? 0;
  const values: (number | null)[] = [];
  let history: number[] = [];
  for (let i = 0; i < text.length; ) {
    let level: number;
    if (digit(i) === ESCAPE) {
      level = digit(i + 1) * 64 + digit(i + 2);
      i += 3;
    } else {
      level = predicted(history, order)! + digit(i) - REACH;
      i += 1;
    }
    if (level === MISSING) {
      values.push(null);
      history = [];
      continue;
    }
    history.push(level);
    // The ends come back exactly as written (no round trip through log10).
    const scaled = from + (level / TOP) * (to - from);
    values.push(level === 0 ? low : level === TOP ? high : log ? 10 ** scaled : scaled);
  }
  return values;
}
