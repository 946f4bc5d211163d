// What the sign-in screen and the "Sign in again" modal share: the form's username and
// password posted as JSON to /auth/sign-in (which sets the session cookie), the host busy
// meanwhile and the reason shown when it fails; and the deepest focused element, where a
// modal gives focus back.
import { html, css } from 'lit';

/** The state both sign-in forms keep: working, and why it failed. */
export const signInState = {
  _busy: { state: true },
  _error: { state: true },
};

/** The username and password fields, and the failure. */
export function credentialFields(error) {
  return html`<label>Username <input name="username" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    ${error ? html`<div class="alert" role="alert">${error}</div>` : ''}`;
}

export const credentialStyles = css`
  label { display: grid; gap: 4px; font-size: 13px; color: var(--st-muted); }
`;

const UNREACHABLE = 'Cannot reach the server. Check your connection and try again.';

/** The deepest focused element, through open shadow roots. */
export function deepActiveElement() {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/**
 * Runs `work()` with `host._busy` set and `host._error` cleared; a failure to reach the server
 * becomes `host._error`. `work` may set `host._error` itself (a refusal).
 */
export async function whileBusy(host, work) {
  host._busy = true;
  host._error = '';
  try {
    await work();
  } catch {
    host._error = UNREACHABLE;
  } finally {
    host._busy = false;
  }
}

/** Posts the sign-in `form` (its username and password) for `host`: {ok, user}; when not
 * signed in, the reason is in `host._error`. */
export async function postSignIn(host, form) {
  const data = new FormData(form);
  const result = { ok: false, user: null };
  await whileBusy(host, async () => {
    const response = await fetch('/auth/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      host._error = body.error || `Sign-in failed (HTTP ${response.status}).`;
      return;
    }
    result.ok = true;
    result.user = body.user;
  });
  return result;
}
