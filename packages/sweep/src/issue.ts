import type { Position } from './tree.js';

/** One thing wrong with a sweep file, located so an editor can jump to it. */
export interface SweepIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted key path of the setting at fault, e.g. `train.batch_size`; '' for issues of the YAML text itself. */
  path: string;
  message: string;
  /** What was written, as it reads in a message (`the string "0.1"`, `-1`, `a mapping`), or null. */
  got: string | null;
  /** What would be accepted, or null. */
  expected: string | null;
}

/** `file:line:col: key.path: message (got X; expected Y)`; the parts that are null are left out. */
export function formatIssue(issue: SweepIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.col}: `;
  const path = issue.path === '' ? '' : `${issue.path}: `;
  const details = [issue.got !== null ? `got ${issue.got}` : null, issue.expected !== null ? `expected ${issue.expected}` : null].filter(
    (part) => part !== null,
  );
  return `${where}${path}${issue.message}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
}

/**
 * Collects issues for one file. The same issue found again (validation resolves many combinations
 * of one sweep, and a mistake in the base shows up in each) is kept once.
 */
export class IssueCollector {
  private readonly byText = new Map<string, SweepIssue>();

  constructor(readonly file: string) {}

  get count(): number {
    return this.byText.size;
  }

  add(at: Position, path: string, message: string, got: string | null = null, expected: string | null = null): void {
    const issue: SweepIssue = { file: this.file, line: at.line, col: at.col, path, message, got, expected };
    const text = formatIssue(issue);
    if (!this.byText.has(text)) this.byText.set(text, issue);
  }

  addAll(issues: readonly SweepIssue[]): void {
    for (const p of issues) this.add({ line: p.line, col: p.col }, p.path, p.message, p.got, p.expected);
  }

  /** In file order (line, then column), which is the order a reader fixes them in. */
  list(): SweepIssue[] {
    return [...this.byText.values()].sort((a, b) => a.line - b.line || a.col - b.col);
  }
}

/** Thrown when a sweep that should have been valid is not; carries the issues, its message lists them formatted. */
export class SweepIssuesError extends Error {
  constructor(readonly issues: readonly SweepIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SweepIssuesError';
  }
}
