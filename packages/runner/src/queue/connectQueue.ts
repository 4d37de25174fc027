import type { RedisOptions } from 'bullmq';
import type { QueueAddress } from './queueAddress.js';
import { QueueError } from './queueError.js';

/** A checked connection to the queue's Redis server, and the settings BullMQ's own connections use. */
export interface QueueConnection {
  address: QueueAddress;
  /** For BullMQ's Queue / Worker / QueueEvents: reconnects are bounded, so a lost server ends in an error instead of a hang. */
  bullmq: RedisOptions;
  /** Rejects with a QueueError once the server is gone for good (every reconnect attempt failed); never resolves. */
  lost: Promise<never>;
  /** True while the watchdog's connection is up (false while it is reconnecting, or gone). */
  up(): boolean;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** How long one connection attempt may take (default 5 s). */
  connectTimeoutMs?: number;
  /** Reconnect attempts after a connection drops (default 10, about 15 s in all) before giving up. */
  reconnectAttempts?: number;
}

/**
 * Connect to the queue's Redis server once, without retrying, so an unreachable server gives a clear
 * message within `connectTimeoutMs` instead of ioredis's endless reconnect loop. The connection is kept
 * as a watchdog: when it is lost for good, `lost` rejects and the caller stops.
 */
export async function connectQueue(address: QueueAddress, options: ConnectOptions = {}): Promise<QueueConnection> {
  const connectTimeout = options.connectTimeoutMs ?? 5000;
  const attempts = options.reconnectAttempts ?? 10;
  // Every connection (the watchdog's and BullMQ's) stops retrying once the watchdog has given up.
  let gaveUp = false;
  const boundedRetry = (times: number): number | null => (gaveUp || times > attempts ? null : Math.min(250 * times, 2000));

  // Loaded on first use: ioredis and BullMQ take about a second to import, which `exp run` without --queue should not pay.
  const { Redis } = await import('ioredis');
  const probe = new Redis({
    ...address.redis,
    lazyConnect: true,
    connectTimeout,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | null = null;
  probe.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    probe.disconnect();
    // ioredis rejects with "Connection is closed"; the cause (ECONNREFUSED, ...) came as an 'error' event.
    throw new QueueError(`cannot reach Redis at ${address.shown}: ${describeFailure(lastError ?? (error as Error), connectTimeout)}`);
  }

  // From here on the probe is the watchdog: it may reconnect a few times, then gives up.
  probe.options.retryStrategy = boundedRetry;
  let closing = false;
  const lost = new Promise<never>((_resolve, reject) => {
    probe.on('end', () => {
      gaveUp = true;
      if (closing) return;
      const why = lastError ? `: ${describeFailure(lastError, connectTimeout)}` : '';
      reject(new QueueError(`lost the connection to Redis at ${address.shown}${why} (gave up after ${attempts} reconnect attempts)`));
    });
  });
  lost.catch(() => {}); // callers race against it; an unobserved rejection must not crash the process

  return {
    address,
    bullmq: { ...address.redis, connectTimeout, retryStrategy: boundedRetry },
    lost,
    up: () => probe.status === 'ready',
    close: async () => {
      closing = true;
      try {
        await probe.quit();
      } catch {
        probe.disconnect();
      }
    },
  };
}

function describeFailure(error: Error, connectTimeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error.message;
  if (code === 'ECONNREFUSED') return 'connection refused (no Redis server listens there; start one, or fix --queue)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host (check the host name in --queue)';
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|timed? ?out/i.test(message)) return `no answer within ${connectTimeoutMs / 1000} s (a firewall, or the server binds only to its loopback address)`;
  if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(message)) return `authentication failed (${message}); give the password in the URL: redis://:password@host:port`;
  return message || String(error);
}
