/** An instant in the browser's zone; hovering shows it in UTC. */
import { formatLocal, formatUtc } from '../lib/time';

export function Time(props: { value: string | null | undefined }) {
  return (
    <time datetime={props.value ?? undefined} title={formatUtc(props.value)}>
      {formatLocal(props.value)}
    </time>
  );
}
