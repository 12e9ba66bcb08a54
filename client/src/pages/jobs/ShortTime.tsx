/**
 * A compact instant for table cells, in the browser's zone: the time alone for today, the date and
 * time otherwise; the full local time and UTC on hover. Ids shortened for the same reason.
 */
import { formatLocal, formatUtc } from '../../lib/time';

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatShort(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === now.toDateString() ? timeOnly.format(date) : dayAndTime.format(date);
}

export function ShortTime(props: { value: string | null | undefined }) {
  return (
    <time datetime={props.value ?? undefined} title={props.value ? `${formatLocal(props.value)}\n${formatUtc(props.value)}` : undefined}>
      {props.value ? formatShort(props.value) : '—'}
    </time>
  );
}

/** The end of a UUIDv7 (its start is the creation time, shared by jobs made close together). */
export function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}
