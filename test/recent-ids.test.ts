/** The ids /metrics remembers to count each finished job and call once (src/recent-ids.ts). */
import { expect, test } from 'vitest';
import { RecentIds } from '../src/recent-ids.js';

test('an id is new once; the latest `min` ids are always remembered, and none older than twice that', () => {
  const ids = new RecentIds(1_000);
  expect(ids.add('a')).toBe(true);
  expect(ids.add('a')).toBe(false);
  for (let i = 0; i < 5_000; i++) {
    expect(ids.add(`j${i}`)).toBe(true);
    // The 1,000 before this one are all still known.
    if (i >= 1_000 && i % 997 === 0) for (let back = 1; back <= 1_000; back++) expect(ids.add(`j${i - back}`)).toBe(false);
  }
  // Added 2,000 or more ids ago: forgotten.
  expect(ids.add('j2999')).toBe(true);
  expect(ids.add('a')).toBe(true);
});
