import { describe, expect, it } from 'vitest';
import { parseQueueAddress } from './queueAddress.js';

describe('parseQueueAddress', () => {
  it('reads host and port, with the default port, database and queue name', () => {
    expect(parseQueueAddress('redis://coordinator:6380')).toEqual({ shown: 'redis://coordinator:6380', queueName: 'descent', redis: { host: 'coordinator', port: 6380, db: 0 } });
    expect(parseQueueAddress('redis://10.0.0.5')).toMatchObject({ redis: { host: '10.0.0.5', port: 6379, db: 0 } });
    expect(parseQueueAddress('redis://[::1]:7000/2')).toMatchObject({ shown: 'redis://[::1]:7000/2', redis: { host: '::1', port: 7000, db: 2 } });
  });

  it('takes credentials, TLS and a queue name of its own, and hides the password in messages', () => {
    const address = parseQueueAddress('rediss://worker:s3cr%40t@cache.example:6390/1?queue=team-a');
    expect(address).toEqual({
      shown: 'rediss://worker:***@cache.example:6390/1?queue=team-a',
      queueName: 'team-a',
      redis: { host: 'cache.example', port: 6390, db: 1, username: 'worker', password: 's3cr@t', tls: {} },
    });
  });

  it('refuses what is not a Redis URL, naming the value and the form accepted', () => {
    const expected = 'a Redis URL: redis://host:port, e.g. redis://coordinator:6379 (optionally redis://:password@host:port/db?queue=name, or rediss:// for TLS)';
    expect(() => parseQueueAddress('localhost:6379')).toThrow(`--queue: the scheme 'localhost' is not redis or rediss (got 'localhost:6379'; expected ${expected})`);
    expect(() => parseQueueAddress('coordinator')).toThrow(`--queue: not a URL (got 'coordinator'; expected ${expected})`);
    expect(() => parseQueueAddress('http://coordinator:6379')).toThrow(`--queue: the scheme 'http' is not redis or rediss`);
    expect(() => parseQueueAddress('redis://host:6379/zero')).toThrow(`--queue: the database 'zero' is not a number`);
    expect(() => parseQueueAddress('redis://host:6379?queue=a:b')).toThrow(`--queue: the queue name 'a:b' is not letters, digits, '.', '_', '-'`);
    expect(() => parseQueueAddress('redis://host:6379?name=x')).toThrow(`--queue: unknown parameter 'name' (the only one is ?queue=name)`);
  });
});
