// "Sign in again" in place: a small modal over whatever is open (e.g. a serial number dialog
// with unsaved entries) when the session ended. Username and password are posted as JSON to
// /auth/sign-in (which sets a new session cookie); or, for people who sign in by a one-time
// link, open the link in another tab and press "Continue" (checked with /auth/me). Nothing
// on the page is touched: after signing in, the refused request is sent again (api.js).
// Use askToSignInAgain(): it mounts the element on <body>, resolves true once signed in and
// false when the user declines, and removes the element again, returning focus.
// @fires st-signed-in - {user}, on window, when signed in
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { credentialFields, credentialStyles, deepActiveElement, postSignIn, signInState, whileBusy } from '../sign-in.js';

export class StSignInAgain extends LitElement {
  static properties = signInState;

  static styles = [
    shared,
    credentialStyles,
    css`
      dialog { width: 380px; }
      form { display: grid; gap: 12px; padding: 18px 20px 16px; }
      h2 { margin: 0; }
      p { margin: 0; font-size: 13px; color: var(--st-muted); }
      input { font-size: 15px; padding: 7px 10px; color: var(--st-fg); }
      .actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
      .link-note { border-top: 1px solid #eceef1; padding-top: 10px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .link-note p { flex: 1 1 200px; }
    `,
  ];

  constructor() {
    super();
    this._busy = false;
    this._error = '';
    this._settle = () => {};
  }

  /** Show the modal; resolves true once signed in, false when declined. */
  ask() {
    return new Promise((resolve) => {
      this._settle = resolve;
      this.updateComplete.then(() => {
        this.renderRoot.querySelector('dialog').showModal();
        this.renderRoot.querySelector('input[name=username]').focus();
      });
    });
  }

  _finish(signedIn, user = null) {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    if (signedIn) window.dispatchEvent(new CustomEvent('st-signed-in', { detail: { user } }));
    this._settle(signedIn);
  }

  async _submit(event) {
    event.preventDefault();
    if (this._busy) return;
    const { ok, user } = await postSignIn(this, event.target);
    if (ok) this._finish(true, user);
  }

  /** Signed in in another tab (a one-time link)? The cookie is shared: check and go on. */
  async _continue() {
    if (this._busy) return;
    let user = null;
    await whileBusy(this, async () => {
      const response = await fetch('/auth/me', { headers: { Accept: 'application/json' } });
      user = response.ok ? (await response.json()).user : null;
      if (!user) this._error = 'Still not signed in. Sign in here, or open your sign-in link in another tab first.';
    });
    if (user) this._finish(true, user);
  }

  _onCancel(event) {
    event.preventDefault();   // Escape: the same as "Not now"
    this._finish(false);
  }

  render() {
    return html`
      <dialog aria-labelledby="again-title" aria-describedby="again-why" @cancel=${this._onCancel}>
        <form @submit=${this._submit} data-testid="sign-in-again">
          <h2 id="again-title">Sign in again</h2>
          <p id="again-why">Your session has ended (signed out elsewhere, or it expired). Sign in to go on:
            nothing on this page is lost, and what you were saving is sent once you are signed in.</p>
          ${credentialFields(this._error)}
          <div class="actions">
            <button type="button" class="not-now" @click=${() => this._finish(false)} ?disabled=${this._busy}>Not now</button>
            <button type="submit" class="primary" ?disabled=${this._busy}>${this._busy ? 'Signing in…' : 'Sign in'}</button>
          </div>
          <div class="link-note">
            <p>Sign in by a one-time link? Open it in another tab of this browser, then continue here.</p>
            <button type="button" class="continue small" @click=${this._continue} ?disabled=${this._busy}>Continue</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

customElements.define('st-sign-in-again', StSignInAgain);

/** Mount the modal, ask, and clean up; resolves true once signed in again. */
export async function askToSignInAgain() {
  const returnFocus = deepActiveElement();
  const element = document.createElement('st-sign-in-again');
  document.body.appendChild(element);
  try {
    return await element.ask();
  } finally {
    element.remove();
    if (returnFocus?.isConnected) returnFocus.focus();
  }
}
