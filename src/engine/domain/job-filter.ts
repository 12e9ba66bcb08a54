/**
 * A job filter's meaning in memory: the same as every store's query (live events are filtered with it).
 */
import type { Job, JobFilter } from './types.js';

const idSets = new WeakMap<string[], Set<string>>();

/** A filter's ids as a set, made once per filter (a subscription checks every event against it). */
function idSet(ids: string[]): Set<string> {
  let set = idSets.get(ids);
  if (!set) {
    set = new Set(ids);
    idSets.set(ids, set);
  }
  return set;
}

/** Whether a job matches a list filter, in memory (the same meaning as the store's query). */
export function jobMatchesFilter(job: Job, filter: JobFilter): boolean {
  if (filter.ids !== undefined && !idSet(filter.ids).has(job.id)) return false;
  if (filter.status?.length && !filter.status.includes(job.status)) return false;
  if (filter.type?.length && !filter.type.includes(job.type)) return false;
  if (filter.parentId !== undefined && job.parentId !== filter.parentId) return false;
  if (filter.scheduleId !== undefined && job.scheduleId !== filter.scheduleId) return false;
  if (filter.retryOfId !== undefined && job.retryOfId !== filter.retryOfId) return false;
  if (filter.createdAfter !== undefined && job.createdAt < filter.createdAfter) return false;
  if (filter.createdBefore !== undefined && job.createdAt >= filter.createdBefore) return false;
  // The whole id, or a substring of the type, the payload's or the errors' JSON, in any case.
  const search = filter.search?.trim();
  if (search && job.id !== search) {
    const text = search.toLowerCase();
    if (![job.type, JSON.stringify(job.payload), JSON.stringify(job.errors)].some((field) => field.toLowerCase().includes(text))) return false;
  }
  return true;
}
