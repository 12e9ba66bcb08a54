/** The lead of a pass ahead: at least aheadMs, in proportion to the slots of the instant at the measured write rate, capped. */
import { expect, test } from 'vitest';
import { AheadLead, MAX_LEAD_MS } from '../../src/engine/runtime/scheduler/ahead-lead.js';

test('a lead is aheadMs for a few slots and grows with their number past it, up to the cap', () => {
  const lead = new AheadLead(500);
  expect(lead.for(0)).toBe(500);
  expect(lead.for(10)).toBe(500);
  const tenThousand = lead.for(10_000);
  expect(tenThousand).toBeGreaterThan(500);
  expect(lead.for(20_000)).toBe(Math.min(MAX_LEAD_MS, tenThousand * 2));
  expect(lead.for(100_000_000)).toBe(MAX_LEAD_MS);
});

test('a measured pass moves the rate toward its own; passes of a few slots are not counted', () => {
  const lead = new AheadLead(500);
  const before = lead.msPerSlot;
  lead.measured(10, 10_000); // ten slots in ten seconds: too few to say anything
  expect(lead.msPerSlot).toBe(before);

  // Slow passes (1 ms a slot, under load) lengthen the lead...
  for (let i = 0; i < 20; i++) lead.measured(1_000, 1_000);
  expect(lead.msPerSlot).toBeCloseTo(1, 3);
  const slow = lead.for(10_000);
  expect(slow).toBeGreaterThan(10_000);
  // ...fast ones shorten it again.
  for (let i = 0; i < 20; i++) lead.measured(1_000, 50);
  expect(lead.for(10_000)).toBeLessThan(slow / 10);
});
