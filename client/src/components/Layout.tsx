/** The frame of every page: navigation with the open-alert badge, the live-socket indicator, sign out. */
import { A } from '@solidjs/router';
import { createQuery, createSubscription } from '@urql/solid';
import { Show, type JSX } from 'solid-js';
import { graphql } from '../gql';
import { signOut, viewer } from '../lib/auth';
import { connection } from '../lib/client';

const OpenAlertCount = graphql(`
  query OpenAlertCount {
    alerts(open: true, first: 1) {
      totalCount
      # An Alert in the result: acknowledgeAlert (which returns one) then refetches this count.
      edges {
        node {
          id
        }
      }
    }
  }
`);

const AlertSignals = graphql(`
  subscription AlertSignals {
    alertEvents {
      kind
    }
  }
`);

const CONNECTION_LABEL = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

export function Layout(props: { children?: JSX.Element }) {
  const [alerts, refetchAlerts] = createQuery({ query: OpenAlertCount });
  // Each alert raised or closed (failure streaks, a stalled scheduler) is the moment to count again.
  createSubscription({ query: AlertSignals }, (_previous: unknown, event: unknown) => {
    refetchAlerts({ requestPolicy: 'network-only' });
    return event;
  });
  const openAlerts = () => alerts.data?.alerts.totalCount ?? 0;
  return (
    <div class="app">
      <nav class="nav" aria-label="Main">
        <div class="brand">jobcenter</div>
        <A href="/jobs">Jobs</A>
        <A href="/schedules">Schedules</A>
        <A href="/llm">LLM</A>
        <A href="/metrics">Metrics</A>
        <A href="/budgets">Budgets</A>
        <A href="/audit">Audit</A>
        <A href="/alerts">
          Alerts
          <Show when={openAlerts() > 0}>
            <span class="nav-badge" aria-label={`${openAlerts()} open alerts`}>
              {openAlerts()}
            </span>
          </Show>
        </A>
        <div class="nav-spacer" />
        <span class={`connection connection-${connection()}`} role="status" title="Live updates over WebSocket">
          <span class="dot" aria-hidden="true" />
          {CONNECTION_LABEL[connection()]}
        </span>
        <span class="who" title={viewer()?.permissions.join(', ')}>
          {viewer()?.userId}
          <Show when={viewer()}>
            <span class="muted"> · {viewer()!.orgId}</span>
          </Show>
        </span>
        <button type="button" class="small" onClick={() => signOut()}>
          Sign out
        </button>
      </nav>
      <main class="main">{props.children}</main>
    </div>
  );
}
