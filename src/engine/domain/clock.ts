/**
 * The clock: the time, in epoch milliseconds. Injected wherever the engine reads the time, so a test
 * sets the instant instead of waiting for it.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
