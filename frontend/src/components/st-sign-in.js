// The sign-in screen: username and password, sent as JSON to /auth/sign-in, which answers with
// an HttpOnly session cookie.
// @fires st-signed-in - {user} when it worked
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { credentialFields, credentialStyles, postSignIn, signInState } from '../sign-in.js';

export class StSignIn extends LitElement {
  static properties = signInState;

  static styles = [
    shared,
    credentialStyles,
    css`
      :host { display: flex; justify-content: center; padding: 72px 16px; }
      form { width: 340px; padding: 28px 28px 24px; display: grid; gap: 14px; }
      h1 { margin: 0 0 4px; font-size: 20px; }
      input { font-size: 15px; padding: 8px 10px; }
      button { justify-content: center; padding: 8px 12px; font-size: 15px; }
      .hint { font-size: 12.5px; color: var(--st-muted); margin: 4px 0 0; }
    `,
  ];

  constructor() {
    super();
    this._busy = false;
    this._error = '';
  }

  firstUpdated() {
    this.renderRoot.querySelector('input[name=username]')?.focus();
  }

  async _submit(event) {
    event.preventDefault();
    const { ok, user } = await postSignIn(this, event.target);
    if (ok) this.dispatchEvent(new CustomEvent('st-signed-in', { detail: { user }, bubbles: true, composed: true }));
  }

  render() {
    return html`
      <form class="card" @submit=${this._submit} data-testid="sign-in">
        <h1>Sign in to serialtrace</h1>
        ${credentialFields(this._error)}
        <button class="primary" type="submit" ?disabled=${this._busy}>
          ${this._busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="hint">No password yet? Use the one-time sign-in link an admin gave you (on a
          first run, <code>make run</code> prints one).</p>
      </form>
    `;
  }
}

customElements.define('st-sign-in', StSignIn);
