import type { Position } from './tree.js';

/** One thing wrong with a sweep file, located so an editor can jump to it. */
export interface SweepProblem {
  file: string;
  line: number;
  col: number;
  /** Dotted key path of the setting at fault, e.g. `train.batch_size`; '' for problems of the YAML text itself. */
  path: string;
  message: string;
  /** What was written, as it reads in a message (`the string "0.1"`, `-1`, `a mapping`), or null. */
  got: string | null;
  /** What would be accepted, or null. */
  expected: string | null;
}

/** `file:line:col: key.path: problem (got X; expected Y)`; the parts that are null are left out. */
export function formatProblem(problem: SweepProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.col}: `;
  const path = problem.path === '' ? '' : `${problem.path}: `;
  const details = [problem.got !== null ? `got ${problem.got}` : null, problem.expected !== null ? `expected ${problem.expected}` : null].filter(
    (part) => part !== null,
  );
  return `${where}${path}${problem.message}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
}

/**
 * Collects problems for one file. The same problem found again (validation resolves many combinations
 * of one sweep, and a mistake in the base shows up in each) is kept once.
 */
export class ProblemCollector {
  private readonly byText = new Map<string, SweepProblem>();

  constructor(readonly file: string) {}

  get count(): number {
    return this.byText.size;
  }

  add(at: Position, path: string, message: string, got: string | null = null, expected: string | null = null): void {
    const problem: SweepProblem = { file: this.file, line: at.line, col: at.col, path, message, got, expected };
    const text = formatProblem(problem);
    if (!this.byText.has(text)) this.byText.set(text, problem);
  }

  addAll(problems: readonly SweepProblem[]): void {
    for (const p of problems) this.add({ line: p.line, col: p.col }, p.path, p.message, p.got, p.expected);
  }

  /** In file order (line, then column), which is the order a reader fixes them in. */
  list(): SweepProblem[] {
    return [...this.byText.values()].sort((a, b) => a.line - b.line || a.col - b.col);
  }
}

/** Thrown when a sweep that should have been valid is not; carries the problems, its message lists them formatted. */
export class SweepProblemsError extends Error {
  constructor(readonly problems: readonly SweepProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SweepProblemsError';
  }
}
