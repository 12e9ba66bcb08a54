/**
 * A schedule's on/off switch (enableSchedule / disableSchedule). It shows the new state while the
 * server answers, and the old one again, with the reason, if it refuses.
 */
import { createMutation } from '@urql/solid';
import { createSignal } from 'solid-js';
import { useFragment, type FragmentType } from '../../gql';
import type { ScheduleRowFieldsFragment } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { DisableSchedule, EnableSchedule, ScheduleRowFields } from './documents';
import { toast } from './toast';

export interface EnabledSwitchProps {
  id: string;
  name: string;
  enabled: boolean;
  onChanged?: (row: ScheduleRowFieldsFragment) => void;
  /** Shows "Enabled"/"Disabled" next to the switch. */
  withLabel?: boolean;
}

export function EnabledSwitch(props: EnabledSwitchProps) {
  const [, enable] = createMutation(EnableSchedule);
  const [, disable] = createMutation(DisableSchedule);
  const [pending, setPending] = createSignal<boolean | null>(null);
  const shown = () => pending() ?? props.enabled;
  const allowed = () => can('schedules:write');

  const flip = async () => {
    const next = !props.enabled;
    setPending(next);
    let error: ReturnType<typeof describeError>;
    let row: FragmentType<typeof ScheduleRowFields> | undefined;
    if (next) {
      const result = await enable({ id: props.id });
      error = describeError(result.error);
      row = result.data?.enableSchedule;
    } else {
      const result = await disable({ id: props.id });
      error = describeError(result.error);
      row = result.data?.disableSchedule;
    }
    setPending(null);
    if (error) return toast(`Could not ${next ? 'enable' : 'disable'} “${props.name}”: ${error.message}`, true);
    if (row) props.onChanged?.(useFragment(ScheduleRowFields, row));
  };

  return (
    <button
      type="button"
      role="switch"
      class="switch"
      classList={{ on: shown(), busy: pending() !== null }}
      aria-checked={shown()}
      aria-label={`Enabled: ${props.name}`}
      title={allowed() ? (shown() ? 'Enabled: click to disable' : 'Disabled: click to enable') : 'Your token may not change schedules (schedules:write)'}
      disabled={!allowed() || pending() !== null}
      onClick={(e) => {
        e.stopPropagation();
        void flip();
      }}
      onKeyDown={(e) => e.key === 'Enter' && e.stopPropagation()}
    >
      <span class="switch-track" aria-hidden="true">
        <span class="switch-thumb" />
      </span>
      {props.withLabel ? <span class="switch-label">{shown() ? 'Enabled' : 'Disabled'}</span> : null}
    </button>
  );
}
