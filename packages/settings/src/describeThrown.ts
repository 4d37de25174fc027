/**
 * Any thrown value as one line of text, without ever throwing itself. Plugins are user code and may throw
 * anything: `Object.create(null)` (String() of it throws), an object whose `message` getter throws, a
 * Symbol (a template literal of it throws), a Proxy that throws on every trap (even `instanceof` and
 * `typeof x.message` run its traps). Every place that turns an unknown error into text goes through here.
 *
 * An Error (or anything with a string `message`) reads as its message, as messages always have; with
 * `stack`, as its stack when it has one (the CLI's last resort, for errors that are Descent's own bugs).
 */
export function describeThrown(value: unknown, { stack = false }: { stack?: boolean } = {}): string {
  try {
    return describe(value, stack);
  } catch {
    return 'a thrown value that cannot be described (it throws when read)';
  }
}

function describe(value: unknown, stack: boolean): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'symbol':
      return `a thrown ${Symbol.prototype.toString.call(value)}`;
    case 'function':
      return `a thrown function${typeof value.name === 'string' && value.name !== '' ? ` ${value.name}` : ''}`;
    case 'object':
      break;
    default:
      return String(value); // number, bigint, boolean, undefined
  }
  if (value === null) return 'null';
  if (stack) {
    const trace = ownString(value, 'stack');
    if (trace !== null) return trace;
  }
  const message = ownString(value, 'message');
  if (message !== null) return message;
  const json = attempt(() => JSON.stringify(value));
  if (json !== null && json !== '{}') return `a thrown object ${json.length > 200 ? `${json.slice(0, 200)}…` : json}`;
  const tag = Object.prototype.toString.call(value); // a Proxy that throws here cannot be described at all
  return `a thrown ${tag.replace(/^\[object (.*)\]$/, '$1')} with no message`;
}

/** `value[key]` when reading it does not throw and gives a non-empty string; else null. */
function ownString(value: object, key: string): string | null {
  const read = attempt(() => (value as Record<string, unknown>)[key]);
  return typeof read === 'string' && read !== '' ? read : null;
}

function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
