/**
 * What the store needs of a logger: structured lines at a few levels. pino's Logger fits it, so the
 * adapters need not import the runtime's logger.
 */
export interface LogSink {
  info(obj: object, message?: string): void;
  warn(obj: object | string, message?: string): void;
  error(obj: object, message?: string): void;
  child(bindings: Record<string, unknown>): LogSink;
}
