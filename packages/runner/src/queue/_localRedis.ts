import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A Redis server for tests: the one CI started (DESCENT_REDIS_URL), or a private `redis-server` on a
 * free loopback port, without persistence, stopped by `stop()`. Tests never touch a Redis they did
 * not start or were not given, and each names its own queue (`?queue=`), so they can share a server.
 */
export interface LocalRedis {
  /** redis://127.0.0.1:port */
  url: string;
  /** A URL for a queue of its own on this server. */
  queueUrl(name: string): string;
  stop(): Promise<void>;
}

/** `own`: always a private server, for a test that stops it (never the one DESCENT_REDIS_URL names). */
export async function startLocalRedis({ own = false }: { own?: boolean } = {}): Promise<LocalRedis> {
  const given = process.env.DESCENT_REDIS_URL;
  if (given && !own) return { url: given, queueUrl: (name) => withQueue(given, name), stop: async () => {} };
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const server = await startServer(port);
      const url = `redis://127.0.0.1:${port}`;
      return { url, queueUrl: (name) => withQueue(url, name), stop: () => stopServer(server) };
    } catch (error) {
      lastError = error; // the port was taken between our probe and the server's bind: try another
    }
  }
  throw lastError;
}

function withQueue(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('queue', `${name}-${process.pid}`);
  return parsed.href;
}

/** Bind port 0 on loopback, note the port the system chose, release it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function startServer(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ENOENT' ? new Error("redis-server is not installed: the queue tests need a real Redis (run 'bash scripts/setup-test-env.sh' as root from the repo root, or set DESCENT_REDIS_URL)") : error),
    );
    child.once('exit', (code) => fail(new Error(`redis-server exited with code ${code}:\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
