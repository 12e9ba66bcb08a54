/** Sign in with an API token: checked against the server before it is remembered. */
import { createSignal, Show } from 'solid-js';
import { checkToken, signIn, signOutReason } from '../lib/auth';

export function SignIn() {
  const [secret, setSecret] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = secret().trim();
    if (!value) return setError('Paste a token first.');
    setBusy(true);
    setError(null);
    try {
      signIn(value, await checkToken(value));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="signin">
      <form class="card signin-card" onSubmit={submit}>
        <h1>jobcenter</h1>
        <p class="muted">Sign in with an API token. `npm start` prints the admin token at first start; `jobcenter token create` makes more.</p>
        <Show when={signOutReason()}>
          <p class="state state-error" role="alert">
            {signOutReason()}
          </p>
        </Show>
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autocomplete="off" value={secret()} onInput={(e) => setSecret(e.currentTarget.value)} autofocus />
        <Show when={error()}>
          <p class="field-error" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
