import { CsvError, parse } from 'csv-parse/sync';

/** A parsed file before the label column is chosen: cells as text with the 1-based line each row starts on. */
export interface CsvTable {
  file: string;
  header: string[] | null;
  rows: string[][];
  lines: number[];
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell that is a finite decimal number. Stricter than Number(): '0x1A', 'Infinity', 'NaN' and '' are text
 * (Number() would read the first as 26 and the last as 0).
 */
export function isNumber(cell: string): boolean {
  return DECIMAL.test(cell) && Number.isFinite(Number(cell));
}

/** A cell or name as a message shows it: 'setosa' when plain, else JSON-quoted so newlines and quotes stay visible. */
export function quoteCell(cell: string): string {
  return /^[\w .+-]*$/.test(cell) ? `'${cell}'` : JSON.stringify(cell);
}

/**
 * Rows of text cells by RFC 4180 (csv-parse): quoted fields may hold commas, doubled quotes ("") and line
 * breaks; LF, CRLF or both; a UTF-8 byte-order mark; blank lines (anywhere, also at the end) are skipped.
 * Surrounding spaces of a cell are stripped. Detects the header (the first row is a header when one of its
 * cells is not a number where the second row has a number) and refuses, each as one line `file:line: ...`:
 * an unclosed or misplaced quote, a ragged row, an empty file, a header without data, a repeated header name.
 */
export function parseCsv(file: string, text: string): CsvTable {
  const bytes = Buffer.from(text, 'utf8');
  const rows: string[][] = [];
  // Where each record ends in the file (bytes, after its line break): csv-parse's own line count is off by one
  // for each CRLF inside a quoted field, so lines are counted here from the byte offsets.
  const ends: number[] = [];
  try {
    parse(bytes, {
      bom: true,
      record_delimiter: ['\r\n', '\n'],
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      on_record: (record: string[], context) => {
        rows.push(record.map((cell) => cell.trim()));
        ends.push(context.bytes);
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new Error(syntaxMessage(file, bytes, error, ends.at(-1) ?? 0));
  }
  const lineOf = lineCounter(bytes);
  const lines = ends.map((_, r) => lineOf(firstContent(bytes, r === 0 ? 0 : ends[r - 1])));
  if (rows.length === 0) throw new Error(`${file}: the file is empty; expected a header row (optional) and rows of comma-separated values`);

  const [first, second] = rows;
  const isHeader = second !== undefined ? first.some((cell, c) => !isNumber(cell) && isNumber(second[c] ?? '')) : first.some((cell) => !isNumber(cell));
  const header = isHeader ? rows.shift()! : null;
  const headerLine = isHeader ? lines.shift()! : null;
  if (rows.length === 0) throw new Error(`${file}: the file has a header row but no data rows`);

  const width = (header ?? rows[0]).length;
  if (width < 2) {
    // Excel in many locales writes ';' between cells, and tab-separated files are common.
    const other = [';', '\t'].find((separator) => (header ?? rows[0])[0].includes(separator));
    const hint = other === undefined ? '' : ` (this file seems to separate cells with ${other === ';' ? "';'" : 'tabs'}: save it as comma-separated CSV)`;
    throw new Error(`${file}:${headerLine ?? lines[0]}: found ${width} column; expected at least one feature column and a label column, separated by commas${hint}`);
  }
  if (header) refuseRepeatedNames(file, headerLine!, header);
  rows.forEach((row, r) => {
    if (row.length !== width) {
      throw new Error(`${file}:${lines[r]}: row has ${row.length} cells, the ${header ? 'header' : 'first row'} has ${width}`);
    }
  });
  return { file, header, rows, lines };
}

function refuseRepeatedNames(file: string, line: number, header: string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, c) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new Error(`${file}:${line}: the header names columns ${before + 1} and ${c + 1} both ${quoteCell(name)}; give each column its own name`);
    }
    seen.set(name, c);
  });
}

/** The offset of the first byte at or after `offset` that is not a blank or a line break: where a record starts. */
function firstContent(bytes: Buffer, offset: number): number {
  let at = offset;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0d || bytes[at] === 0x0a)) at++;
  return at;
}

/** The 1-based line of a byte offset (a CRLF is one line break: its LF is counted). */
function lineAt(bytes: Buffer, offset: number): number {
  return lineCounter(bytes)(offset);
}

/** lineAt for offsets asked in increasing order, in one pass over the file. */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let line = 1;
  let next = bytes.indexOf(0x0a);
  return (offset) => {
    while (next >= 0 && next < offset) {
      line++;
      next = bytes.indexOf(0x0a, next + 1);
    }
    return line;
  };
}

/** One line for a quoting error, at the line of the record it is in (or of the quote that is never closed). */
function syntaxMessage(file: string, bytes: Buffer, error: CsvError, lastEnd: number): string {
  const start = firstContent(bytes, lastEnd);
  const fix = 'put the whole cell in quotes and double each quote inside it ("")';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${file}:${lineAt(bytes, unclosedQuote(bytes, start))}: a quote opens a cell here and is never closed; add the closing quote (") or ${fix}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${file}:${lineAt(bytes, start)}: a quoted cell is followed by more text before the next comma; ${fix}`;
    case 'INVALID_OPENING_QUOTE':
      return `${file}:${lineAt(bytes, start)}: a quote inside an unquoted cell; ${fix}`;
    default:
      return `${file}:${lineAt(bytes, start)}: ${error.message}`;
  }
}

/** The offset of the quote that is still open at the end of the file, scanning from a record's start. */
function unclosedQuote(bytes: Buffer, from: number): number {
  let open = from;
  let quoted = false;
  // A doubled quote inside a quoted cell closes and reopens: the state is right after each pair, and the
  // reopening is not where the cell opened.
  for (let at = from; at < bytes.length; at++) {
    if (bytes[at] !== 0x22) continue;
    quoted = !quoted;
    if (quoted && bytes[at - 1] !== 0x22) open = at;
  }
  return open;
}
