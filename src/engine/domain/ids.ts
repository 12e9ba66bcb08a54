/** Ids are time-ordered UUIDv7 strings, the same on every store. */
import { v7 } from 'uuid';

export const newId = (): string => v7();
