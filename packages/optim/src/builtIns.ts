/**
 * JavaScript's built-ins that results depend on, and the two ways Descent keeps a plugin from changing them:
 * a snapshot compared before and after a plugin is imported (any thread; the CLI's main thread, which also
 * renders reports, is never frozen), and `hardenBuiltIns`, which freezes them in a worker thread before any
 * plugin loads there (and fingerprints them, checked around every run). A plugin that patched `Math.exp` would otherwise change the results of
 * every later run in its thread, built-ins included, by a few ulps that `exp verify` could not see.
 */

type Tracked = readonly [label: string, object: object];

const TypedArray = Object.getPrototypeOf(Float64Array) as object;
const typedArrays = [Float64Array, Float32Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

/** Global names pinned on globalThis (a plugin must not swap `Math` or `Float64Array` for its own). */
const GLOBAL_NAMES = ['Math', 'JSON', 'Number', 'Reflect', 'Object', 'Array', 'ArrayBuffer', 'String', 'Map', 'Set', ...typedArrays.map((t) => t.name)] as const;

/**
 * The objects frozen and fingerprinted, by the name a message gives them. Object.prototype and
 * Function.prototype are left out: freezing them breaks ordinary code through the "override mistake"
 * (assigning `obj.toString = ...` fails when the inherited property is read-only).
 */
function trackedObjects(): Tracked[] {
  return [
    ['Math', Math],
    ['JSON', JSON],
    ['Reflect', Reflect],
    ['Number', Number],
    ['Number.prototype', Number.prototype],
    ['Object', Object],
    ['Array', Array],
    ['Array.prototype', Array.prototype],
    ['TypedArray', TypedArray],
    ['TypedArray.prototype', (TypedArray as { prototype: object }).prototype],
    ...typedArrays.flatMap((t): Tracked[] => [
      [t.name, t],
      [`${t.name}.prototype`, t.prototype],
    ]),
    ['ArrayBuffer', ArrayBuffer],
    ['ArrayBuffer.prototype', ArrayBuffer.prototype],
    ['String', String],
    ['String.prototype', String.prototype],
    ['Map', Map],
    ['Map.prototype', Map.prototype],
    ['Set', Set],
    ['Set.prototype', Set.prototype],
  ];
}

/** Every tracked property's descriptor (values and accessors by identity), and the global bindings. */
export interface BuiltInsSnapshot {
  entries: Map<string, PropertyDescriptor>;
}

const keyLabel = (label: string, key: string | symbol) => (typeof key === 'symbol' ? `${label}[${key.description ?? 'symbol'}]` : `${label}.${key}`);

export function snapshotBuiltIns(): BuiltInsSnapshot {
  const entries = new Map<string, PropertyDescriptor>();
  for (const [label, object] of trackedObjects()) {
    for (const key of Reflect.ownKeys(object)) entries.set(keyLabel(label, key), Object.getOwnPropertyDescriptor(object, key)!);
    entries.set(`${label} (its prototype)`, { value: Object.getPrototypeOf(object) });
  }
  for (const name of GLOBAL_NAMES) entries.set(`globalThis.${name}`, Object.getOwnPropertyDescriptor(globalThis, name) ?? { value: undefined });
  return { entries };
}

/** The first built-in that differs from `before` (`Math.exp`, `globalThis.Math`, `Array.prototype.sum`), or null. */
export function changedBuiltIn(before: BuiltInsSnapshot, now: BuiltInsSnapshot = snapshotBuiltIns()): string | null {
  for (const [label, descriptor] of now.entries) {
    const was = before.entries.get(label);
    if (was === undefined || !sameDescriptor(was, descriptor)) return label;
  }
  for (const label of before.entries.keys()) if (!now.entries.has(label)) return label;
  return null;
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;
}

/**
 * Put back what a plugin changed (best effort: a frozen or non-configurable property stays as it is), so a
 * refused plugin leaves no trace in the thread that imported it.
 */
export function restoreBuiltIns(before: BuiltInsSnapshot): void {
  const now = snapshotBuiltIns();
  const objects = new Map<string, object>(trackedObjects());
  objects.set('globalThis', globalThis);
  for (const [label, descriptor] of before.entries) {
    const current = now.entries.get(label);
    if (current !== undefined && sameDescriptor(current, descriptor)) continue;
    const [owner, key] = splitLabel(label, objects);
    if (owner === null || key === null) continue;
    try {
      Object.defineProperty(owner, key, descriptor);
    } catch {
      // not configurable any more: nothing to do
    }
  }
  for (const label of now.entries.keys()) {
    if (before.entries.has(label)) continue;
    const [owner, key] = splitLabel(label, objects);
    if (owner !== null && key !== null) Reflect.deleteProperty(owner, key);
  }
}

function splitLabel(label: string, objects: Map<string, object>): [object | null, string | null] {
  if (label.endsWith(' (its prototype)')) return [null, null];
  const dot = label.lastIndexOf('.');
  if (label.endsWith(']') || dot < 0) return [null, null]; // symbol keys are built-in only (well-known symbols); left alone
  return [objects.get(label.slice(0, dot)) ?? null, label.slice(dot + 1)];
}

let hardened: BuiltInsSnapshot | null = null;

/**
 * What hardening left changeable (the unfrozen objects, and any global name that could not be pinned), with
 * their descriptors as hardened. Only these are compared around every run: a frozen object's properties and
 * prototype, and a pinned global, cannot change any more, and snapshotting all of them twice per run was about
 * a millisecond of a two-moons run's time.
 */
let changeable: { objects: ChangeableObject[]; globals: [name: string, descriptor: PropertyDescriptor | undefined][] } | null = null;

interface ChangeableObject {
  label: string;
  object: object;
  prototype: object | null;
  keys: (string | symbol)[];
  descriptors: Map<string | symbol, PropertyDescriptor>;
}

/**
 * Freeze the tracked built-ins (all but the array prototypes: see isArrayPrototype) and pin their global
 * names (non-writable, non-configurable), once per thread. Only for worker threads that train runs: after this, a plugin's `Math.exp = ...` throws in
 * strict code (and does nothing in sloppy code), so no run can compute with another run's patch.
 */
export function hardenBuiltIns(): void {
  if (hardened !== null) return;
  for (const [label, object] of trackedObjects()) if (!isArrayPrototype(label)) Object.freeze(object);
  for (const name of GLOBAL_NAMES) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    if (descriptor?.configurable) Object.defineProperty(globalThis, name, { value: descriptor.value, writable: false, configurable: false, enumerable: descriptor.enumerable });
  }
  hardened = snapshotBuiltIns();
  changeable = {
    objects: trackedObjects()
      .filter(([, object]) => !Object.isFrozen(object))
      .map(([label, object]) => {
        const keys = Reflect.ownKeys(object);
        return { label, object, prototype: Object.getPrototypeOf(object) as object | null, keys, descriptors: new Map(keys.map((key) => [key, Object.getOwnPropertyDescriptor(object, key)!])) };
      }),
    globals: GLOBAL_NAMES.flatMap((name): [string, PropertyDescriptor | undefined][] => {
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
      return descriptor && !descriptor.configurable && !('value' in descriptor && descriptor.writable) ? [] : [[name, descriptor]];
    }),
  };
}

/**
 * Trap: freezing Array.prototype, ArrayBuffer.prototype or a typed array's prototype turns off V8's fast
 * paths for typed arrays (training ran 4x slower; even read-only methods on a non-extensible prototype
 * cost 40 %). They are left writable: the fingerprint checked before and after every run
 * (hardenedBuiltInChanged) finds a change, the run that made it fails, and they are put back. Runs are
 * synchronous, so nothing else can change them while one trains.
 */
function isArrayPrototype(label: string): boolean {
  return label.endsWith('Array.prototype') || label === 'ArrayBuffer.prototype';
}

/**
 * In a hardened thread, the first built-in that is no longer as it was hardened (checked around every run); else
 * null. Only what hardening left changeable is compared (see `changeable`); the label is the one changedBuiltIn
 * gives.
 */
export function hardenedBuiltInChanged(): string | null {
  if (changeable === null) return null;
  for (const { label, object, prototype, keys, descriptors } of changeable.objects) {
    const now = Reflect.ownKeys(object);
    for (const key of now) {
      const was = descriptors.get(key);
      if (was === undefined || !sameDescriptor(was, Object.getOwnPropertyDescriptor(object, key)!)) return keyLabel(label, key);
    }
    // Nothing added or changed: the same count means nothing was deleted either.
    if (now.length !== keys.length) return keyLabel(label, keys.find((key) => !now.includes(key))!);
    if (Object.getPrototypeOf(object) !== prototype) return `${label} (its prototype)`;
  }
  for (const [name, was] of changeable.globals) {
    const now = Object.getOwnPropertyDescriptor(globalThis, name) ?? { value: undefined };
    if (!sameDescriptor(was ?? { value: undefined }, now)) return `globalThis.${name}`;
  }
  return null;
}

/** In a hardened thread, put back what is not as it was hardened (only the array prototypes can be: see isArrayPrototype); best effort. */
export function restoreHardenedBuiltIns(): void {
  if (hardened !== null) restoreBuiltIns(hardened);
}
