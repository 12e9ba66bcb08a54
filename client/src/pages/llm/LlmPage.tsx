/**
 * The LLM page (`/llm`, `/llm/:id`): the limiters' live status, the recorded calls with filters kept
 * in the URL, and the call drawer, deep-linkable and kept open across a reload.
 */
import { useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createMemo, Show } from 'solid-js';
import { Empty } from '../../components/States';
import { can, viewer } from '../../lib/auth';
import { readFilters, writeFilters } from '../../lib/url-state';
import { CALL_FILTER_SPEC, hasFilters, toCallFilter, type CallFilterValues } from './call-filter';
import { CallDrawer } from './CallDrawer';
import { CallFilters } from './CallFilters';
import { CallList } from './CallList';
import { LimiterCards } from './LimiterCards';
import './llm.css';

export default function LlmPage() {
  const params = useParams<{ id?: string }>();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();

  const values = createMemo(() => readFilters(search, CALL_FILTER_SPEC) as CallFilterValues, undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  // Computed when the filters change, so a relative range ("last hour") is fixed for this view.
  const filter = createMemo(() => toCallFilter(values()));
  const query = () => {
    const s = new URLSearchParams(location.search).toString();
    return s ? `?${s}` : '';
  };
  const open = (id: string) => navigate(`/llm/${encodeURIComponent(id)}${query()}`);
  const close = () => navigate(`/llm${query()}`);

  return (
    <div class="llm-page">
      <header class="page-header">
        <h1>LLM</h1>
        <span class="muted">Every model call, traced: the conversation, tokens and timing.</span>
      </header>
      {/* Until the viewer is known, assume the token may read: the server answers either way. */}
      <Show when={!viewer() || can('llm:read')} fallback={<Empty>Your token may not read LLM calls: prompts can be sensitive, so it needs the llm:read permission.</Empty>}>
        <LimiterCards />
        <div class="section-head">
          <h2>Calls</h2>
        </div>
        <CallFilters values={values()} onChange={(next) => setSearch(writeFilters(next, CALL_FILTER_SPEC))} />
        <CallList filter={filter()} filtered={hasFilters(values())} selectedId={params.id} onOpen={open} />
        <Show when={params.id} keyed>
          {(id) => <CallDrawer id={id} onClose={close} />}
        </Show>
      </Show>
    </div>
  );
}
