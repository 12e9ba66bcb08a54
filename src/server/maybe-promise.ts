/** Whether a value that may be a promise is one (execution results are, or are not, depending on the resolvers). */
export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
