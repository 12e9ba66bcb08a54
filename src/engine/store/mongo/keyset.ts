/** Keyset paging in MongoDB filters, and the driver's marker for a broken unique index. */

/** The server's code for a write that breaks a unique index. */
export const DUPLICATE_KEY = 11000;

export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "After (value, id)" in a list sorted by field then _id, both in one direction. */
export function keysetAfter(field: string, value: number | string, id: string, op: '$lt' | '$gt'): Record<string, unknown> {
  return { $or: [{ [field]: { [op]: value } }, { [field]: value, _id: { [op]: id } }] };
}
