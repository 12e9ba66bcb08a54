/**
 * A plain deep copy of API data. urql's Solid bindings keep results in a store that a refetch
 * reconciles in place, so the object stays the same while its contents change: reading everything
 * here makes a memo follow every change, and the copy is safe to clone, keep and put in another store.
 */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
