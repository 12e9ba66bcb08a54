/** Loading, empty and error states: every list and panel shows one of them instead of nothing. */
import { Show, type JSX } from 'solid-js';
import type { CombinedError } from '@urql/core';
import { describeError } from '../lib/errors';

export function Loading(props: { label?: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {props.label ?? 'Loading…'}
    </div>
  );
}

export function Empty(props: { children: JSX.Element }) {
  return <div class="state state-empty">{props.children}</div>;
}

export function ErrorBox(props: { error: CombinedError | Error | null | undefined; retry?: () => void }) {
  const shown = () => describeError(props.error);
  return (
    <Show when={shown()}>
      {(e) => (
        <div class="state state-error" role="alert">
          <strong>{e().code ? `${e().code}: ` : ''}</strong>
          {e().message}
          <Show when={props.retry}>
            {' '}
            <button type="button" class="link" onClick={() => props.retry?.()}>
              Try again
            </button>
          </Show>
        </div>
      )}
    </Show>
  );
}
