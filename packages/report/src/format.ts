/** How numbers read in tables, labels and statements. */

/** A number with `digits` significant digits, trailing zeros dropped; NaN and ±Infinity spelled out. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '–';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  // Plain decimals between 0.001 and 1e6 read better than exponents; outside that, exponents are shorter.
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(digits)));
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  return `${String(Number(mantissa))}e${exponent.replace('+', '')}`;
}

/** An integer count with thin grouping: 12800 → "12,800". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return formatNumber(value);
  // Grouping by hand, not toLocaleString: the output must not depend on the machine's locale data.
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Milliseconds, with a unit: 850 → "850 ms", 12345 → "12.35 s". */
export function formatMilliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return formatNumber(value);
  return value < 1000 ? `${formatNumber(value, 3)} ms` : `${formatNumber(value / 1000, 4)} s`;
}

/** A fraction as a percentage: 0.123 → "12.3%". */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * 100, 3)}%`;
}

/** "1 candidate", "2 candidates": a count with its noun (the plural by an s). */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st. */
export function ordinalSuffix(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}
