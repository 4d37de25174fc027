/**
 * A value the page's views share: `set` replaces it and tells every subscriber, with who changed it (so a view can
 * skip its own change). The selection (selection.ts) and the view state (viewState.ts) are two of them.
 */
export type StoreListener<T> = (value: T, source: string) => void;

export interface Store<T> {
  get(): T;
  set(value: T, source: string): void;
  subscribe(listener: StoreListener<T>): void;
}

export function createStore<T>(initial: T): Store<T> {
  let current = initial;
  const listeners: StoreListener<T>[] = [];
  return {
    get: () => current,
    set(value, source) {
      current = value;
      for (const listener of listeners) listener(value, source);
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}
