/**
 * How a worker is named to a caller. A worker's id is `host:pid:suffix` and it serves every org, so
 * only the system admin sees it as it is; everyone else sees a stable opaque name derived from it
 * (the same in queueStats.workers and in Job.leaseOwner, so the two can still be matched).
 */
import { createHash } from 'node:crypto';
import type { ApiToken } from '../domain/types.js';
import { isSystemAdmin } from './token-service.js';

/** `w-` and 12 hex digits of the id's sha256. */
export const opaqueWorkerName = (workerId: string): string => `w-${createHash('sha256').update(workerId).digest('hex').slice(0, 12)}`;

/** The worker id as the caller may see it. */
export function workerNameFor(token: Pick<ApiToken, 'orgId' | 'permissions'> | undefined, workerId: string): string {
  return isSystemAdmin(token) ? workerId : opaqueWorkerName(workerId);
}
