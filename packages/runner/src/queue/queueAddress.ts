import type { RedisOptions } from 'ioredis';
import { QueueError } from './queueError.js';

/** Where a sweep's jobs live: a Redis server and a BullMQ queue name on it. */
export interface QueueAddress {
  /** The URL as it reads in messages: the password, if any, is hidden. */
  shown: string;
  /** The BullMQ queue on that server ('descent' unless the URL says `?queue=name`). */
  queueName: string;
  /** Connection settings for ioredis (host, port, db, credentials, TLS). */
  redis: RedisOptions;
}

export const DEFAULT_QUEUE_NAME = 'descent';
const DEFAULT_PORT = 6379;
const EXPECTED = 'a Redis URL: redis://host:port, e.g. redis://coordinator:6379 (optionally redis://:password@host:port/db?queue=name, or rediss:// for TLS)';

/**
 * Read `--queue`: `redis[s]://[user:password@]host[:port][/db][?queue=name]`.
 * `?queue=` lets several independent setups share one Redis server.
 */
export function parseQueueAddress(text: string): QueueAddress {
  const bad = (why: string) => new QueueError(`--queue: ${why} (got '${text}'; expected ${EXPECTED})`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw bad(`the scheme '${url.protocol.replace(/:$/, '')}' is not redis or rediss`);
  if (url.hostname === '') throw bad('no host');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw bad(`the database '${dbText}' is not a number`);
  const unknown = [...url.searchParams.keys()].filter((key) => key !== 'queue');
  if (unknown.length) throw bad(`unknown parameter '${unknown[0]}' (the only one is ?queue=name)`);
  const queueName = url.searchParams.get('queue') ?? DEFAULT_QUEUE_NAME;
  // BullMQ builds its Redis keys as `bull:<queue>:...`, so a ':' in the name would break them.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(queueName)) throw bad(`the queue name '${queueName}' is not letters, digits, '.', '_', '-'`);

  const redis: RedisOptions = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'), // [::1] -> ::1
    port,
    db: dbText === '' ? 0 : Number(dbText),
  };
  if (url.username) redis.username = decodeURIComponent(url.username);
  if (url.password) redis.password = decodeURIComponent(url.password);
  if (url.protocol === 'rediss:') redis.tls = {};
  const auth = url.username || url.password ? `${url.username}${url.password ? ':***' : ''}@` : '';
  const shown = `${url.protocol}//${auth}${url.host}${dbText ? `/${dbText}` : ''}${queueName !== DEFAULT_QUEUE_NAME ? `?queue=${queueName}` : ''}`;
  return { shown, queueName, redis };
}
