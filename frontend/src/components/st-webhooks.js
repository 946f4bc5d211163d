// Webhooks, for admins (#/admin/webhooks): the endpoints changes are sent to. Add one (URL and
// event types; its signing secret is shown once, with a copy button), pause and resume it,
// rotate its secret, delete it (asked in place), and read its delivery log (time, event,
// status, attempts, last HTTP status) with Resend for delivered or failed messages.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { formatDateTime } from '../format.js';

const ENDPOINT_FIELDS = 'id url description eventTypes active createdAt createdBy';
const QUERY = `query Webhooks { webhookEndpoints { ${ENDPOINT_FIELDS} } }`;
const DELIVERIES = `
  query Deliveries($endpointId: ID!, $after: String) {
    webhookDeliveries(endpointId: $endpointId, first: 25, after: $after) {
      edges { node { id eventId eventType status attemptCount lastStatusCode lastError
        createdAt deliveredAt nextAttemptAt } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const CREATE = `
  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { secret endpoint { id url } errors { message field } }
  }`;
const UPDATE = `
  mutation UpdateWebhook($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) { endpoint { id } errors { message } }
  }`;
const DELETE = `
  mutation DeleteWebhook($input: WebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) { endpoint { id url } errors { message } }
  }`;
const ROTATE = `
  mutation RotateWebhookSecret($input: WebhookEndpointInput!) {
    rotateWebhookSecret(input: $input) { secret endpoint { id url } errors { message } }
  }`;
const RESEND = `
  mutation ResendWebhook($input: WebhookDeliveryInput!) {
    resendWebhookDelivery(input: $input) { delivery { id } errors { message } }
  }`;
export const EVENT_TYPES = [
  ['PURCHASE_ORDER_CHANGED', 'Purchase order changed', 'purchase_order.changed'],
  ['SALES_ORDER_CHANGED', 'Sales order changed', 'sales_order.changed'],
  ['SERIAL_NUMBER_EVENTS', 'Serial number events', 'serial_number.events'],
];
const EVENT_LABEL = Object.fromEntries(EVENT_TYPES.map(([value, label]) => [value, label]));
const STATUS_PILL = { DELIVERED: 'green', RETRYING: 'amber', PENDING: 'blue', FAILED: 'grey' };
const STATUS_LABEL = { DELIVERED: 'Delivered', RETRYING: 'Retrying', PENDING: 'Pending', FAILED: 'Failed' };

export class StWebhooks extends LitElement {
  static properties = {
    _endpoints: { state: true },
    _error: { state: true },
    _notice: { state: true },
    _secret: { state: true },
    _copied: { state: true },
    _loading: { state: true },
    _confirmDelete: { state: true },
    _logFor: { state: true },
    _log: { state: true },
    _logMore: { state: true },
    _logLoading: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      h1 { font-size: 22px; margin: 4px 0 8px; }
      h2 { font-size: 16px; margin: 0; }
      .admin-nav { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 16px; font-size: 14px; }
      .admin-nav a[aria-current='page'] { font-weight: 600; color: inherit; }
      section { margin-bottom: 20px; }
      .head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding: 12px 14px; }
      form.add { padding: 0 14px 14px; display: grid; gap: 12px; }
      label { display: grid; gap: 3px; font-size: 12.5px; color: var(--st-muted); }
      input[type='url'] { width: 100%; box-sizing: border-box; }
      fieldset { border: 1px solid var(--st-border); border-radius: 6px; margin: 0; padding: 8px 12px 10px; }
      legend { font-size: 12.5px; color: var(--st-muted); padding: 0 4px; }
      .check { display: flex; align-items: center; gap: 8px; min-height: 32px; color: inherit; font-size: 14px; }
      .check code { font-size: 12px; color: var(--st-muted); }
      .secret { padding: 12px 14px; margin: 0 0 16px; background: var(--st-success-bg); border-radius: 6px; }
      .secret code { display: block; margin: 6px 0 8px; font-size: 14px; word-break: break-all; }
      .secret .buttons { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
      td.url { word-break: break-all; min-width: 180px; }
      td.url .muted { display: block; font-size: 12.5px; }
      .actions { display: flex; gap: 6px; flex-wrap: wrap; }
      .confirm { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
      .log-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding: 12px 14px; }
      .log-head h2 { word-break: break-all; }
      .more { padding: 10px 14px; }
      td.error { font-size: 12.5px; color: var(--st-muted); max-width: 260px; word-break: break-word; }
      /* A phone: each endpoint is a block (URL, events, status, buttons) rather than a wide row. */
      @media (max-width: 600px) {
        table.endpoints thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        table.endpoints, table.endpoints tbody, table.endpoints tr, table.endpoints td { display: block; }
        table.endpoints tr { padding: 10px 14px; border-top: 1px solid var(--st-border); }
        table.endpoints td { padding: 3px 0; border: none; }
      }
    `,
  ];

  constructor() {
    super();
    this._endpoints = [];
    this._error = '';
    this._notice = '';
    this._secret = null;
    this._copied = false;
    this._loading = true;
    this._confirmDelete = null;
    this._logFor = null;
    this._log = [];
    this._logMore = null;
    this._logLoading = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this._load();
  }

  async _load() {
    try {
      this._endpoints = (await gql(QUERY)).webhookEndpoints;
      this._error = '';
    } catch (err) {
      this._error = errorMessage(err);
    } finally {
      this._loading = false;
    }
  }

  async _run(query, input, field) {
    this._error = '';
    this._notice = '';
    try {
      const payload = (await gql(query, { input }))[field];
      if (payload.errors?.length) {
        this._error = payload.errors.map((e) => e.message).join(' ');
        return null;
      }
      await this._load();
      return payload;
    } catch (err) {
      this._error = errorMessage(err);
      return null;
    }
  }

  async _create(event) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const eventTypes = form.getAll('eventTypes');
    if (!eventTypes.length) {
      this._error = 'Choose at least one event type.';
      return;
    }
    const input = { url: form.get('url'), eventTypes, description: form.get('description') || null };
    const payload = await this._run(CREATE, input, 'createWebhookEndpoint');
    if (payload) {
      formElement.reset();
      this._showSecret(payload);
    }
  }

  _showSecret(payload) {
    this._copied = false;
    this._secret = { url: payload.endpoint.url, value: payload.secret };
    this.updateComplete.then(() => this.renderRoot.querySelector('[data-testid="secret"]')?.focus());
  }

  async _copy() {
    try {
      await navigator.clipboard.writeText(this._secret.value);
      this._copied = true;
    } catch {
      const code = this.renderRoot.querySelector('[data-testid="secret"] code');
      if (code) window.getSelection()?.selectAllChildren(code);
      this._notice = 'Copying is not allowed here: the secret is selected, press Ctrl+C (⌘C).';
    }
  }

  async _rotate(endpoint) {
    const payload = await this._run(ROTATE, { id: endpoint.id }, 'rotateWebhookSecret');
    if (payload) this._showSecret(payload);
  }

  async _setActive(endpoint, active) {
    const payload = await this._run(UPDATE, { id: endpoint.id, active }, 'updateWebhookEndpoint');
    if (payload) this._notice = `${active ? 'Resumed' : 'Paused'} ${endpoint.url}.`;
  }

  async _delete(endpoint) {
    const payload = await this._run(DELETE, { id: endpoint.id }, 'deleteWebhookEndpoint');
    this._confirmDelete = null;
    if (payload) {
      this._notice = `Deleted ${endpoint.url}.`;
      if (this._logFor?.id === endpoint.id) this._logFor = null;
      this.updateComplete.then(() => this.renderRoot.querySelector('input[name="url"]')?.focus());
    }
  }

  async _askDelete(endpoint) {
    this._confirmDelete = endpoint.id;
    await this.updateComplete;
    this.renderRoot.querySelector('[data-confirm-delete]')?.focus();
  }

  async _cancelDelete(endpoint) {
    this._confirmDelete = null;
    await this.updateComplete;
    this.renderRoot.querySelector(`[data-delete="${endpoint.id}"]`)?.focus();
  }

  async _showLog(endpoint, after = null) {
    if (!after) {
      this._logFor = endpoint;
      this._log = [];
    }
    this._logLoading = true;
    try {
      const page = (await gql(DELIVERIES, { endpointId: endpoint.id, after })).webhookDeliveries;
      const rows = page.edges.map((e) => e.node);
      this._log = after ? [...this._log, ...rows] : rows;
      this._logMore = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } catch (err) {
      this._error = errorMessage(err);
    } finally {
      this._logLoading = false;
    }
    if (!after) {
      await this.updateComplete;
      this.renderRoot.querySelector('#delivery-log h2')?.focus();
    }
  }

  async _resend(delivery) {
    const payload = await this._run(RESEND, { id: delivery.id }, 'resendWebhookDelivery');
    if (payload) {
      this._notice = 'Queued to be sent again.';
      await this._showLog(this._logFor);
    }
  }

  _endpointRow(endpoint) {
    const confirming = this._confirmDelete === endpoint.id;
    return html`<tr>
      <td class="url">${endpoint.url}
        ${endpoint.description ? html`<span class="muted">${endpoint.description}</span>` : ''}</td>
      <td>${endpoint.eventTypes.map((t) => EVENT_LABEL[t] || t).join(', ')}</td>
      <td>${endpoint.active ? html`<span class="pill green">Active</span>` : html`<span class="pill grey">Paused</span>`}</td>
      <td>${confirming ? html`<div class="confirm" role="group" aria-label="Delete ${endpoint.url}?">
          <span>Delete it and its log?</span>
          <button class="small danger" data-confirm-delete @click=${() => this._delete(endpoint)}>Delete</button>
          <button class="small" @click=${() => this._cancelDelete(endpoint)}>Cancel</button>
        </div>` : html`<div class="actions">
          <button class="small" @click=${() => this._showLog(endpoint)}
            aria-label="Deliveries of ${endpoint.url}">Deliveries</button>
          <button class="small" @click=${() => this._setActive(endpoint, !endpoint.active)}
            aria-label="${endpoint.active ? 'Pause' : 'Resume'} ${endpoint.url}">${endpoint.active ? 'Pause' : 'Resume'}</button>
          <button class="small" @click=${() => this._rotate(endpoint)}
            aria-label="New secret for ${endpoint.url}">New secret</button>
          <button class="small danger" data-delete=${endpoint.id} @click=${() => this._askDelete(endpoint)}
            aria-label="Delete ${endpoint.url}">Delete</button>
        </div>`}</td>
    </tr>`;
  }

  _deliveryRow(delivery) {
    const resendable = delivery.status === 'DELIVERED' || delivery.status === 'FAILED';
    return html`<tr>
      <td class="nowrap">${formatDateTime(delivery.createdAt)}</td>
      <td>${EVENT_LABEL[delivery.eventType] || delivery.eventType}</td>
      <td><span class="pill ${STATUS_PILL[delivery.status]}">${STATUS_LABEL[delivery.status]}</span></td>
      <td>${delivery.attemptCount}</td>
      <td>${delivery.lastStatusCode ?? '—'}</td>
      <td class="error">${delivery.lastError || ''}</td>
      <td>${resendable ? html`<button class="small" @click=${() => this._resend(delivery)}
        aria-label="Resend ${EVENT_LABEL[delivery.eventType] || ''} of ${formatDateTime(delivery.createdAt)}">Resend</button>` : ''}</td>
    </tr>`;
  }

  _logSection() {
    if (!this._logFor) return '';
    return html`<section class="card" id="delivery-log" aria-labelledby="log-title">
      <div class="log-head">
        <h2 id="log-title" tabindex="-1">Deliveries to ${this._logFor.url}</h2>
        <button class="small" @click=${() => this._showLog(this._logFor)}>Refresh</button>
        <button class="small" @click=${() => { this._logFor = null; }}>Close</button>
      </div>
      <div class="table-wrap"><table>
        <thead><tr><th>Time</th><th>Event</th><th>Status</th><th>Attempts</th><th>Last HTTP status</th>
          <th>Last error</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this._log.length ? this._log.map((d) => this._deliveryRow(d))
          : html`<tr><td colspan="7" class="empty">${this._logLoading ? 'Loading…' : 'Nothing sent yet'}</td></tr>`}</tbody>
      </table></div>
      ${this._logMore ? html`<div class="more"><button class="small" ?disabled=${this._logLoading}
        @click=${() => this._showLog(this._logFor, this._logMore)}>Show more</button></div>` : ''}
    </section>`;
  }

  render() {
    return html`
      <h1>Webhooks</h1>
      <nav class="admin-nav" aria-label="Administration">
        <a href="#/admin">Users and API tokens</a>
        <a href="#/admin/webhooks" aria-current="page">Webhooks</a>
      </nav>
      ${this._error ? html`<div class="alert" role="alert">${this._error}</div>` : ''}
      ${this._notice ? html`<div class="notice" role="status">${this._notice}</div>` : ''}
      ${this._secret ? html`<div class="card secret" data-testid="secret" tabindex="-1">
        Signing secret for ${this._secret.url}: copy it now, it is shown only this once.
        <code>${this._secret.value}</code>
        <div class="buttons">
          <button class="small primary" @click=${this._copy}>Copy secret</button>
          <span role="status">${this._copied ? 'Copied.' : ''}</span>
          <button class="small" @click=${() => { this._secret = null; }}>Done</button>
        </div></div>` : ''}
      ${this._loading ? html`<div class="loading">Loading…</div>` : html`
      <section class="card">
        <div class="head"><h2>Endpoints</h2>
          <span class="muted">Changes are POSTed to them, signed (Standard Webhooks).</span></div>
        <div class="table-wrap"><table class="endpoints">
          <thead><tr><th>URL</th><th>Events</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${this._endpoints.length ? this._endpoints.map((e) => this._endpointRow(e))
            : html`<tr><td colspan="4" class="empty">No webhook endpoints yet</td></tr>`}</tbody>
        </table></div>
      </section>
      ${this._logSection()}
      <section class="card">
        <div class="head"><h2>Add an endpoint</h2></div>
        <form class="add" @submit=${this._create}>
          <label>URL <input name="url" type="url" required placeholder="https://erp.example.com/hooks/serialtrace" /></label>
          <fieldset>
            <legend>Events to send</legend>
            ${EVENT_TYPES.map(([value, label, wire]) => html`<label class="check">
              <input type="checkbox" name="eventTypes" value=${value} checked /> ${label} <code>${wire}</code></label>`)}
          </fieldset>
          <label>Description (optional) <input name="description" maxlength="200" placeholder="e.g. ERP sync" /></label>
          <div><button class="primary" type="submit">Add endpoint</button></div>
        </form>
      </section>`}
    `;
  }
}

customElements.define('st-webhooks', StWebhooks);
