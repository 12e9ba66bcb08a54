/**
 * Routes and the signed-in frame. The urql client (and its socket) lives as long as the token: signing
 * out or in with another token replaces both.
 */
import { Navigate, Route, Router } from '@solidjs/router';
import { Provider } from '@urql/solid';
import { createMemo, lazy, onCleanup, Show, type JSX } from 'solid-js';
import { Layout } from './components/Layout';
import { checkToken, rememberViewer, signOut, token, viewer } from './lib/auth';
import { createApiClient } from './lib/client';
import { SignIn } from './pages/SignIn';

const JobsPage = lazy(() => import('./pages/jobs/JobsPage'));
const SchedulesPage = lazy(() => import('./pages/schedules/SchedulesPage'));
const LlmPage = lazy(() => import('./pages/llm/LlmPage'));
const MetricsPage = lazy(() => import('./pages/metrics/MetricsPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage'));
const BudgetsPage = lazy(() => import('./pages/budgets/BudgetsPage'));

function SignedIn(props: { secret: string; children?: JSX.Element }) {
  const api = createApiClient(props.secret);
  onCleanup(() => api.dispose());
  if (!viewer()) {
    // A remembered token: ask who it is (and whether it still works) once.
    checkToken(props.secret).then(rememberViewer, (e: Error) => signOut(e.message));
  }
  return (
    <Provider value={api.urql}>
      <Layout>{props.children}</Layout>
    </Provider>
  );
}

function Frame(props: { children?: JSX.Element }) {
  const secret = createMemo(() => token());
  return (
    <Show when={secret()} keyed fallback={<SignIn />}>
      {(s) => <SignedIn secret={s}>{props.children}</SignedIn>}
    </Show>
  );
}

export function App() {
  return (
    <Router root={Frame}>
      <Route path="/" component={() => <Navigate href="/jobs" />} />
      <Route path="/jobs/:id?" component={JobsPage} />
      <Route path="/schedules/:id?" component={SchedulesPage} />
      <Route path="/llm/:id?" component={LlmPage} />
      <Route path="/metrics" component={MetricsPage} />
      <Route path="/audit" component={AuditPage} />
      <Route path="/alerts" component={AlertsPage} />
      <Route path="/budgets" component={BudgetsPage} />
      <Route path="*" component={() => <p class="state state-empty">This page does not exist. <a href="/jobs">Go to jobs</a>.</p>} />
    </Router>
  );
}
