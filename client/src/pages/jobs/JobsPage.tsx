/**
 * /jobs and /jobs/:id: the live jobs list, the job drawer over it (Escape goes back to the list with
 * its filters), and the "New job" form.
 */
import './jobs.css';
import { useLocation, useNavigate, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createSignal, onCleanup, Show } from 'solid-js';
import { ErrorBox } from '../../components/States';
import { can } from '../../lib/auth';
import { JobsTaskTypes } from './documents';
import { JobDrawer } from './JobDrawer';
import { JobsList } from './JobsList';
import { NewJobDialog } from './NewJobDialog';

const TOAST_MS = 5000;

export default function JobsPage() {
  const params = useParams<{ id?: string }>();
  const location = useLocation();
  const navigate = useNavigate();
  const [taskTypes, refetchTypes] = createQuery({ query: JobsTaskTypes });
  const types = () => taskTypes.data?.taskTypes ?? [];
  const [creating, setCreating] = createSignal(false);

  const [toast, setToast] = createSignal<string | null>(null);
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  const notify = (message: string) => {
    clearTimeout(toastTimer);
    setToast(message);
    toastTimer = setTimeout(() => setToast(null), TOAST_MS);
  };
  onCleanup(() => clearTimeout(toastTimer));

  // The list's filters live in the query string: the drawer keeps them, so closing it restores them.
  const open = (id: string) => navigate(`/jobs/${encodeURIComponent(id)}${location.search}`);
  const close = () => navigate(`/jobs${location.search}`);

  return (
    <div class="jobs-page">
      <header class="page-header">
        <h1>Jobs</h1>
        <span class="spacer" />
        <Show when={can('jobs:write')}>
          <button type="button" class="primary" onClick={() => setCreating(true)}>
            New job
          </button>
        </Show>
      </header>
      <Show when={taskTypes.error}>
        <ErrorBox error={taskTypes.error} retry={() => refetchTypes({ requestPolicy: 'network-only' })} />
      </Show>
      <JobsList types={types()} activeId={params.id} onOpen={open} />
      <Show when={params.id} keyed>
        {(id) => <JobDrawer id={id} onClose={close} onOpen={open} notify={notify} />}
      </Show>
      <Show when={creating()}>
        <NewJobDialog
          types={types()}
          initialType={types().length === 1 ? types()[0]!.type : undefined}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            notify('Job enqueued.');
            open(id);
          }}
        />
      </Show>
      <Show when={toast()}>
        <div class="toast" role="status">
          {toast()}
        </div>
      </Show>
    </div>
  );
}
