/**
 * One audit entry: a focusable row (Enter or Space expands it, arrows move between rows) and, expanded,
 * the change as `field: before → after`, the other facts, a link to the target while it still exists,
 * and the raw JSON.
 */
import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Match, Show, Switch } from 'solid-js';
import { JsonView } from '../../components/JsonView';
import { Time } from '../../components/Time';
import { graphql } from '../../gql';
import type { AuditEntryFieldsFragment } from '../../gql/graphql';
import { can } from '../../lib/auth';
import { describeError } from '../../lib/errors';
import { FACT_LINKS, formatValue, readDetails, summarize, targetHref } from './audit-diff';

export type AuditEntryView = AuditEntryFieldsFragment;

const AuditTargetSchedule = graphql(`
  query AuditTargetSchedule($id: ID!) {
    schedule(id: $id) {
      id
      name
    }
  }
`);

const AuditTargetJob = graphql(`
  query AuditTargetJob($id: ID!) {
    job(id: $id) {
      id
      type
      status
    }
  }
`);

export const AUDIT_COLUMNS = 6;

/** Moves focus to the previous or next entry row. */
function moveFocus(row: HTMLElement, direction: 1 | -1) {
  let next = direction === 1 ? row.nextElementSibling : row.previousElementSibling;
  while (next && !next.classList.contains('audit-row')) next = direction === 1 ? next.nextElementSibling : next.previousElementSibling;
  (next as HTMLElement | null)?.focus();
}

export function AuditRow(props: { entry: AuditEntryView; expanded: boolean; onToggle: () => void }) {
  const detailId = () => `audit-detail-${props.entry.id}`;
  const summary = () => summarize(props.entry.action, props.entry.details);
  return (
    <tr
      class="audit-row clickable"
      classList={{ expanded: props.expanded }}
      tabindex="0"
      aria-expanded={props.expanded}
      aria-controls={props.expanded ? detailId() : undefined}
      data-id={props.entry.id}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a, button')) return;
        props.onToggle();
      }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          props.onToggle();
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          moveFocus(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      <td class="audit-chevron" aria-hidden="true">
        {props.expanded ? '▾' : '▸'}
      </td>
      <td>
        <Time value={props.entry.at} />
      </td>
      <td class="audit-actor-cell">{props.entry.actor}</td>
      <td>
        <code class="audit-action">{props.entry.action}</code>
      </td>
      <td class="audit-target-cell">
        <span class="muted">{props.entry.targetType}</span> <span class="mono">{props.entry.targetId}</span>
      </td>
      <td class="audit-summary" title={summary()}>
        {summary()}
      </td>
    </tr>
  );
}

/** The target's current state: a link when it exists, "deleted" when it does not. */
function TargetLink(props: { type: string; id: string }) {
  const href = () => targetHref(props.type, props.id);
  const readable = () => (props.type === 'schedule' ? can('schedules:read') : props.type === 'job' ? can('jobs:read') : false);
  const [schedule] = createQuery({
    query: AuditTargetSchedule,
    variables: () => ({ id: props.id }),
    pause: () => props.type !== 'schedule' || !readable(),
  });
  const [job] = createQuery({
    query: AuditTargetJob,
    variables: () => ({ id: props.id }),
    pause: () => props.type !== 'job' || !readable(),
  });
  const result = () => (props.type === 'schedule' ? schedule : job);
  const found = () => (props.type === 'schedule' ? schedule.data?.schedule : job.data?.job);
  const label = () => {
    const s = schedule.data?.schedule;
    const j = job.data?.job;
    if (props.type === 'schedule' && s) return `schedule “${s.name}”`;
    if (props.type === 'job' && j) return `${j.type} job (${j.status.toLowerCase().replace('_', ' ')})`;
    return `${props.type} ${props.id}`;
  };
  return (
    <Switch fallback={<span class="mono">{props.id}</span>}>
      <Match when={!href()}>
        <span class="mono">{props.id}</span>
      </Match>
      <Match when={!readable()}>
        <span class="mono">{props.id}</span> <span class="muted">(your token cannot read {props.type}s)</span>
      </Match>
      <Match when={result().error}>
        <span class="mono">{props.id}</span> <span class="field-error">could not check it: {describeError(result().error)?.message}</span>
      </Match>
      <Match when={found()}>
        <A href={href()!}>Open {label()}</A>
      </Match>
      <Match when={result().data && !found()}>
        <span class="mono">{props.id}</span> <span class="muted">(no longer exists)</span>
      </Match>
      <Match when={result().fetching}>
        <span class="mono">{props.id}</span> <span class="muted">checking…</span>
      </Match>
    </Switch>
  );
}

function FactValue(props: { name: string; value: unknown }) {
  const kind = () => FACT_LINKS[props.name];
  return (
    <Show when={kind() && typeof props.value === 'string'} fallback={<code>{formatValue(props.value)}</code>}>
      <TargetLink type={kind()!} id={props.value as string} />
    </Show>
  );
}

/** The entry as the API returned it, without the client's __typename. */
const rawEntry = (e: AuditEntryView) => ({ id: e.id, at: e.at, actor: e.actor, action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details ?? null });

export function AuditDetail(props: { entry: AuditEntryView; onFilter: (patch: { actor?: string[]; targetType?: string; targetId?: string }) => void }) {
  const readable = () => readDetails(props.entry.action, props.entry.details);
  const heading = () => {
    const d = props.entry.details as Record<string, unknown> | null | undefined;
    if (d && typeof d === 'object' && 'after' in d) return 'Created with';
    if (d && typeof d === 'object' && 'before' in d) return 'Last values before deletion';
    return readable().implied ? 'Change (implied by the action)' : 'Changes';
  };
  return (
    <tr class="audit-detail-row">
      <td colspan={AUDIT_COLUMNS} id={`audit-detail-${props.entry.id}`}>
        <div class="audit-detail">
          <dl class="facts">
            <dt>Target</dt>
            <dd>
              <TargetLink type={props.entry.targetType} id={props.entry.targetId} />
            </dd>
            <dt>By</dt>
            <dd>
              {props.entry.actor} · <Time value={props.entry.at} />
            </dd>
            <For each={readable().facts}>
              {(fact) => (
                <>
                  <dt>{fact.key}</dt>
                  <dd>
                    <FactValue name={fact.key} value={fact.value} />
                  </dd>
                </>
              )}
            </For>
          </dl>
          <Show when={readable().changes.length}>
            <h3>{heading()}</h3>
            <table class="audit-diff" aria-label={heading()}>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col" aria-hidden="true" />
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                <For each={readable().changes}>
                  {(change) => (
                    <tr class="audit-change">
                      <th scope="row">{change.path}</th>
                      <td class="before" classList={{ none: !('before' in change) }}>
                        {formatValue(change.before)}
                      </td>
                      <td class="arrow" aria-label="changed to">
                        →
                      </td>
                      <td class="after" classList={{ none: !('after' in change) }}>
                        {formatValue(change.after)}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
          <JsonView label="Raw JSON" value={rawEntry(props.entry)} open={false} />
          <div class="audit-detail-actions">
            <button type="button" class="small" onClick={() => props.onFilter({ targetType: props.entry.targetType, targetId: props.entry.targetId })}>
              Only this target
            </button>
            <button type="button" class="small" onClick={() => props.onFilter({ actor: [props.entry.actor] })}>
              Only {props.entry.actor}
            </button>
          </div>
        </div>
      </td>
    </tr>
  );
}
