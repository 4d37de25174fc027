import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

/**
 * A script of the package's python/ folder: found from the package root, since this code runs from src/ in
 * tests and from a chunk at the top of dist/ in `pnpm bench`.
 */
export function pythonScript(name: string): string {
  return join(packageRoot(fileURLToPath(import.meta.url)), 'python', name);
}

function packageRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${file}`);
  }
}

/** A request to the Python process: an op name and its fields. */
export interface PythonRequest {
  op: string;
  [field: string]: unknown;
}

interface Pending {
  op: string;
  resolve(response: Record<string, unknown>): void;
  reject(error: Error): void;
}

const STDERR_KEPT = 4000;

/**
 * One long-lived python3 running a script of python/: requests go as JSON lines on its stdin and are answered
 * in order on its stdout. It holds Node's event loop open only while a request is waiting, so a caller that
 * forgets dispose() does not hang; it is killed when Node exits, and it exits by itself at EOF on stdin if
 * Node dies without running exit handlers. `label` (e.g. "Optuna") starts every error it reports.
 */
export class PythonProcess {
  /** Settles when the child has exited (or failed to start). */
  readonly exited: Promise<void>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  /** Set once the process cannot answer any more: why. */
  private ended: Error | null = null;
  private stderrTail = '';
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  constructor(
    private readonly label: string,
    private readonly python: string,
    script: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.child = spawn(python, [script], { stdio: 'pipe', env });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.answer(line));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => (this.stderrTail = (this.stderrTail + text).slice(-STDERR_KEPT)));
    // A write after the child died fails with EPIPE; the exit handler below reports why it died.
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.end(new Error(`${this.label}: could not start ${python}: ${error.message}`));
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        const stderr = this.stderrTail.trim();
        this.end(new Error(`${this.label}: ${python} ${script} exited (${signal ?? `code ${code}`})${stderr ? `; its stderr ends:\n${stderr}` : ''}`));
        resolve();
      });
    });
    process.once('exit', this.killOnExit);
    this.holdEventLoop(false);
  }

  /** The child's process id (undefined if it could not start). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Send one request; resolves to its response, or rejects with Python's traceback (or why the process ended). */
  request(message: PythonRequest): Promise<Record<string, unknown>> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.pending.push({ op: message.op, resolve, reject });
      this.holdEventLoop(true);
      this.child.stdin.write(JSON.stringify(message) + '\n');
    });
  }

  /** End the process (pending requests reject). Safe to call twice. */
  dispose(): void {
    this.end(new Error(`${this.label}: its process was disposed`));
    this.child.stdin.end();
    this.child.kill();
  }

  private answer(line: string): void {
    const waiting = this.pending.shift();
    if (!waiting) return;
    if (this.pending.length === 0) this.holdEventLoop(false);
    let response: Record<string, unknown>;
    try {
      response = JSON.parse(line) as Record<string, unknown>;
    } catch {
      waiting.reject(new Error(`${this.label}: '${waiting.op}' was answered with a line that is not JSON: ${line.slice(0, 200)}`));
      return;
    }
    if (typeof response.error === 'string') {
      // The traceback's last line says what went wrong; the rest says where.
      const traceback = response.error.trim();
      const lastLine = traceback.split('\n').at(-1);
      waiting.reject(new Error(`${this.label}: '${waiting.op}' failed in Python: ${lastLine}\n${traceback}`));
    } else {
      waiting.resolve(response);
    }
  }

  private end(reason: Error): void {
    if (this.ended) return;
    this.ended = reason;
    process.removeListener('exit', this.killOnExit);
    for (const waiting of this.pending.splice(0)) waiting.reject(reason);
    this.holdEventLoop(false);
  }

  /** ref() the child and its pipes while a request waits, unref() them while idle. */
  private holdEventLoop(hold: boolean): void {
    const handles: { ref(): unknown; unref(): unknown }[] = [this.child, ...[this.child.stdin, this.child.stdout, this.child.stderr].map((s) => s as unknown as Socket)];
    for (const handle of handles) {
      if (hold) handle.ref();
      else handle.unref();
    }
  }
}
