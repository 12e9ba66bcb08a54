/**
 * The id of a live event: which process announced it and the event's position among its org's
 * events there (1, 2, 3, ... per org: consecutive events of one org have consecutive positions, so
 * ids say nothing of other orgs' volume). Opaque to callers (base64url); ordered within one org and
 * process, and a process can tell its own ids from another's (or from its own before a restart), so
 * a resume from a foreign id asks for a fresh start instead of leaving a silent gap.
 */
export interface EventPosition {
  /** The announcing process's instance, fixed for its lifetime. */
  instance: string;
  /** The event's position among its org's events in that process, from 1. */
  seq: number;
}

export function encodeEventId(position: EventPosition): string {
  return Buffer.from(`${position.instance}:${position.seq}`, 'utf8').toString('base64url');
}

/** The position an id names, or undefined for anything that is not an event id. */
export function decodeEventId(id: string): EventPosition | undefined {
  if (id.length > 100) return undefined;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const match = /^([A-Za-z0-9_-]{1,40}):(\d{1,15})$/.exec(text);
  if (!match) return undefined;
  return { instance: match[1]!, seq: Number(match[2]) };
}
