/**
 * Counts the store calls a GraphQL request makes: the named repositories of the app's real store are
 * wrapped by counting proxies, and `readsOf` runs one request with counting on. Calls the executor
 * and scheduler make on their own (`background`) are not counted.
 */
import type { Store } from '../../src/engine/store/port.js';

/** Questions a repository answers without reading the database (how it would read a filter). */
const NOT_READS = new Set(['scans']);

export function countStoreReads(store: Store, repos: readonly (keyof Store)[], background: ReadonlySet<string>) {
  const calls = new Map<string, number>();
  let counting = false;
  for (const name of repos) {
    const repo = store[name] as unknown as Record<string, unknown>;
    (store as unknown as Record<string, unknown>)[name] = new Proxy(repo, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (counting && !background.has(String(key)) && !NOT_READS.has(String(key))) calls.set(`${String(name)}.${String(key)}`, (calls.get(`${String(name)}.${String(key)}`) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
  /** Runs `request` with counting on; returns its result and the calls per `repository.method`. */
  return async function readsOf<T>(request: () => Promise<T>): Promise<{ data: T; reads: Record<string, number> }> {
    calls.clear();
    counting = true;
    try {
      const data = await request();
      return { data, reads: Object.fromEntries([...calls].sort()) };
    } finally {
      counting = false;
    }
  };
}
