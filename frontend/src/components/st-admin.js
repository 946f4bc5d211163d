// Users and API tokens, for admins: create users (with a password or a one-time sign-in link),
// change roles, deactivate (ending their sessions, links and, unless kept, API tokens); create
// API tokens with an optional expiry and a scope (read-only, …; the secret is shown once) and
// revoke them. Webhooks have their own screen (st-webhooks.js), linked from here.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { formatDateTime } from '../format.js';

const QUERY = `
  query Admin {
    users { id username role active }
    apiTokens { id name createdAt lastUsedAt revokedAt expiresAt scope user { username } }
  }`;
const CREATE_USER = `
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { user { id username } errors { code message field } }
  }`;
const UPDATE_USER = `
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) { user { id } errors { code message } }
  }`;
const CREATE_LINK = `
  mutation Link($input: CreateSignInLinkInput!) {
    createSignInLink(input: $input) { path errors { message } }
  }`;
const CREATE_TOKEN = `
  mutation Token($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { secret token { id } errors { message } }
  }`;
const REVOKE_TOKEN = `
  mutation Revoke($input: RevokeApiTokenInput!) {
    revokeApiToken(input: $input) { token { id } errors { message } }
  }`;
const ROLES = ['VIEWER', 'OPERATOR', 'ADMIN'];
const SCOPES = [['', "The user's role"], ['VIEWER', 'Read only (VIEWER)'], ['OPERATOR', 'OPERATOR'],
  ['ADMIN', 'ADMIN']];

/** The last moment of a local day ("2027-01-31") as an ISO instant. */
function endOfDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, 23, 59, 59).toISOString();
}

export class StAdmin extends LitElement {
  static properties = {
    _users: { state: true },
    _tokens: { state: true },
    _error: { state: true },
    _notice: { state: true },
    _secret: { state: true },
    _loading: { state: true },
    _keepTokens: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      h1 { font-size: 22px; margin: 4px 0 8px; }
      .admin-nav { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 16px; font-size: 14px; }
      .admin-nav a[aria-current='page'] { font-weight: 600; color: inherit; }
      h2 { font-size: 16px; margin: 0; }
      section { margin-bottom: 20px; }
      .head { display: flex; align-items: center; gap: 12px; padding: 12px 14px; }
      form.toolbar { padding: 0 14px 14px; }
      label { display: grid; gap: 3px; font-size: 12.5px; color: var(--st-muted); }
      .secret { padding: 12px 14px; margin: 0 0 16px; background: var(--st-success-bg);
        border-radius: 6px; }
      .secret code { display: block; margin-top: 6px; font-size: 14px; word-break: break-all; }
      td select { font-size: 13px; }
      label.keep { display: inline-flex; align-items: center; gap: 6px; margin-left: auto; font-size: 13px; }
    `,
  ];

  constructor() {
    super();
    this._users = [];
    this._tokens = [];
    this._error = '';
    this._notice = '';
    this._secret = null;
    this._loading = true;
    this._keepTokens = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this._load();
  }

  async _load() {
    try {
      const data = await gql(QUERY);
      this._users = data.users;
      this._tokens = data.apiTokens;
      this._error = '';
    } catch (err) {
      this._error = errorMessage(err);
    } finally {
      this._loading = false;
    }
  }

  async _run(query, input, field, done) {
    this._error = '';
    this._notice = '';
    try {
      const payload = (await gql(query, { input }))[field];
      if (payload.errors?.length) {
        this._error = payload.errors.map((e) => e.message).join(' ');
        return null;
      }
      if (done) done(payload);
      await this._load();
      return payload;
    } catch (err) {
      this._error = errorMessage(err);
      return null;
    }
  }

  async _createUser(event) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = { username: form.get('username'), role: form.get('role') };
    if (form.get('password')) input.password = form.get('password');
    const payload = await this._run(CREATE_USER, input, 'createUser');
    if (payload) {
      formElement.reset();
      this._notice = `Created ${payload.user.username}.`;
    }
  }

  _link(user) {
    this._run(CREATE_LINK, { userId: user.id }, 'createSignInLink', (payload) => {
      this._secret = { title: `One-time sign-in link for ${user.username} (24 hours)`,
        value: `${window.location.origin}${payload.path}` };
    });
  }

  async _createToken(event) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input = { name: form.get('name') };
    if (form.get('scope')) input.scope = form.get('scope');
    if (form.get('expires')) input.expiresAt = endOfDay(form.get('expires'));
    await this._run(CREATE_TOKEN, input, 'createApiToken', (payload) => {
      formElement.reset();
      this._secret = { title: 'Your new API token: copy it now, it is shown only this once.',
        value: payload.secret };
    });
  }

  _userRow(user) {
    return html`<tr>
      <td>${user.username}</td>
      <td>
        <select aria-label="Role of ${user.username}" .value=${user.role}
          @change=${(e) => this._run(UPDATE_USER, { userId: user.id, role: e.target.value }, 'updateUser')}>
          ${ROLES.map((r) => html`<option value=${r} ?selected=${r === user.role}>${r}</option>`)}
        </select>
      </td>
      <td>${user.active ? html`<span class="pill green">Active</span>` : html`<span class="pill grey">Inactive</span>`}</td>
      <td class="nowrap">
        <button class="small" @click=${() => this._link(user)}>Sign-in link</button>
        <button class="small ${user.active ? 'danger' : ''}"
          @click=${() => this._run(UPDATE_USER, { userId: user.id, active: !user.active, keepTokens: this._keepTokens }, 'updateUser')}>
          ${user.active ? 'Deactivate' : 'Activate'}</button>
      </td>
    </tr>`;
  }

  _tokenRow(token) {
    const expired = token.expiresAt && new Date(token.expiresAt) <= new Date();
    return html`<tr>
      <td>${token.name}</td>
      <td>${token.user.username}</td>
      <td>${token.scope === 'VIEWER' ? 'Read only' : token.scope || html`<span class="muted">User's role</span>`}</td>
      <td>${formatDateTime(token.createdAt)}</td>
      <td>${token.expiresAt ? formatDateTime(token.expiresAt) : html`<span class="muted">Never</span>`}</td>
      <td>${token.lastUsedAt ? formatDateTime(token.lastUsedAt) : '—'}</td>
      <td>${token.revokedAt
        ? html`<span class="pill grey">Revoked</span>`
        : expired ? html`<span class="pill grey">Expired</span>`
        : html`<button class="small danger" @click=${() => this._run(REVOKE_TOKEN, { tokenId: token.id }, 'revokeApiToken')}>Revoke</button>`}</td>
    </tr>`;
  }

  render() {
    return html`
      <h1>Users and API tokens</h1>
      <nav class="admin-nav" aria-label="Administration">
        <a href="#/admin" aria-current="page">Users and API tokens</a>
        <a href="#/admin/webhooks">Webhooks</a>
      </nav>
      ${this._error ? html`<div class="alert" role="alert">${this._error}</div>` : ''}
      ${this._notice ? html`<div class="notice" role="status">${this._notice}</div>` : ''}
      ${this._secret ? html`<div class="card secret" data-testid="secret">${this._secret.title}
        <code>${this._secret.value}</code></div>` : ''}
      ${this._loading ? html`<div class="loading">Loading…</div>` : html`
      <section class="card">
        <div class="head"><h2>Users</h2>
          <label class="keep"><input type="checkbox" .checked=${this._keepTokens}
            @change=${(e) => { this._keepTokens = e.target.checked; }}>
            Keep API tokens when deactivating</label></div>
        <form class="toolbar" @submit=${this._createUser}>
          <label>Username <input name="username" required /></label>
          <label>Role <select name="role">${ROLES.map((r) => html`<option ?selected=${r === 'OPERATOR'}>${r}</option>`)}</select></label>
          <label>Password (optional) <input name="password" type="password" autocomplete="new-password" /></label>
          <button class="primary" type="submit">Add user</button>
        </form>
        <div class="table-wrap"><table>
          <thead><tr><th>Username</th><th>Role</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${this._users.map((u) => this._userRow(u))}</tbody>
        </table></div>
      </section>
      <section class="card">
        <div class="head"><h2>API tokens</h2><span class="muted">for integrations: <code>Authorization: Bearer …</code></span></div>
        <form class="toolbar" @submit=${this._createToken}>
          <label>What uses it <input name="name" required placeholder="e.g. ERP sync" /></label>
          <label>Access <select name="scope">${SCOPES.map(([v, t]) => html`<option value=${v}>${t}</option>`)}</select></label>
          <label>Expires (optional) <input name="expires" type="date" /></label>
          <button class="primary" type="submit">Create token</button>
        </form>
        <div class="table-wrap"><table>
          <thead><tr><th>Name</th><th>User</th><th>Access</th><th>Created</th><th>Expires</th><th>Last used</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${this._tokens.length ? this._tokens.map((t) => this._tokenRow(t))
            : html`<tr><td colspan="7" class="empty">No API tokens yet</td></tr>`}</tbody>
        </table></div>
      </section>`}
    `;
  }
}

customElements.define('st-admin', StAdmin);
