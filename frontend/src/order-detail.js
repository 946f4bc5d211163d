// What the purchase and the sales order page share (one rule each, written once): the order
// loaded and followed live (a colleague's change shown as it is, a load started before a live
// message keeping the newer state), the rows edited in place (row-edits.js), the head with
// the order's number, pills and dates, the rows table's frame (item cell, tracing button, the
// first rows of a long order), the confirmation dialog of an action and running it (busy,
// refusal shown in the dialog, the page reloaded with a notice when done). What differs —
// receiving versus picking and delivering — stays in each page (st-purchase-order-detail.js,
// st-sales-order-detail.js), which extends `OrderDetailPage`.
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { shared, pageHead, orderDetail } from './styles.js';
import { ApiError, gql, errorMessage } from './api.js';
import { dismissableNotice, Loader, moreRows, notLoaded, retryAlert, shownRows } from './page.js';
import { formatDate, formatDateTime, itemName } from './format.js';
import { RowEdits, rowEditStyles } from './row-edits.js';
import { LiveFollow } from './live-follow.js';
import './components/st-tracing-badge.js';
import './components/st-action-dialog.js';
import './components/st-labels-menu.js';

const ERRORS = 'errors { code message field index }';

/** A mutation `name` (camelCase; its input type is Name + "Input") answering `returns` and the errors. */
export function orderMutation(name, returns) {
  const Name = name[0].toUpperCase() + name.slice(1);
  return `mutation ${Name}($input: ${Name}Input!) { ${name}(input: $input) { ${returns} ${ERRORS} } }`;
}

/** The order query of a page and its live subscription (a colleague's change of the order,
 * with the order as it is then: the page shows it as is). */
function orderQueries(kind, fields, extra) {
  const field = kind === 'purchase' ? 'purchaseOrder' : 'salesOrder';
  const Kind = kind === 'purchase' ? 'PurchaseOrder' : 'SalesOrder';
  return {
    query: `query ${Kind}Detail($id: ID!) { ${field}(id: $id) { ${fields} } ${extra} }`,
    live: `subscription ${Kind}Live($id: ID!, $after: String) {
      ${field}Changed(id: $id, after: $after) { change { cursor kind eventKind user } ${field} { ${fields} } } }`,
  };
}

/** The styles both order pages use (each adds its own). */
export const orderDetailStyles = [
  shared,
  pageHead,
  orderDetail,
  rowEditStyles,
  css`
    :host { display: block; }
    td.row-actions { text-align: right; white-space: nowrap; }
    h2[tabindex] { outline: none; }
    /* The facts sit on the page's grey, where the muted grey is too faint to read. */
    .facts, .facts .muted { color: #4b5563; }
  `,
];

/**
 * The base of an order page. A subclass sets `static kind` ('purchase' or 'sales'),
 * `static orderFields` (what it reads of the order, in the query and each live message),
 * `static queryExtra` (more fields of the query, with `$id`) and `static noun` ("purchase order"), and may override `_resetOrder()` (its own state when another order is
 * shown), `_applyLoaded(data)` and `_afterLive(order, before)`.
 */
export class OrderDetailPage extends LitElement {
  static properties = {
    orderId: { type: String },
    _order: { state: true },
    _action: { state: true },      // the open confirmation dialog
    _notice: { state: true },
    _changedBy: { state: true },   // who made the last live change of the order, if known
  };

  constructor() {
    super();
    const { kind, orderFields, queryExtra = '' } = this.constructor;
    this._field = kind === 'purchase' ? 'purchaseOrder' : 'salesOrder';
    this._queries = orderQueries(kind, orderFields, queryExtra);
    this.orderId = '';
    this._order = null;
    this._loader = new Loader(this);
    this._action = null;
    this._notice = '';
    this._rowsEdit = new RowEdits(this, kind);
    this._changedBy = null;
    this._liveSeen = 0;   // live messages applied (a load started before one keeps the newer state)
    this._live = new LiveFollow(this, {
      query: this._queries.live,
      variables: () => (this.orderId ? { id: this.orderId } : null),
      onData: (data) => this._onLive(data[`${this._field}Changed`]),
      onReconnect: () => this._load(),
    });
  }

  willUpdate(changed) {
    if (changed.has('orderId') && this.orderId) {
      this._order = null;
      this._notice = '';
      this._changedBy = null;
      this._rowsEdit.reset();
      this._resetOrder();
      const id = this.orderId;
      this._live.start().then(() => { if (id === this.orderId) this._load(); });
    }
  }

  /** The page's own state, when another order is shown. */
  _resetOrder() {}

  /** The page's own part of what the load brought (besides the order). */
  _applyLoaded() {}

  _load() {
    const seen = this._liveSeen;
    return this._loader.run(() => gql(this._queries.query, { id: this.orderId }), (data) => {
      const order = data[this._field];
      // A live message that came while this was on its way is newer: it stays.
      if (seen === this._liveSeen || !this._order) this._order = order;
      this._applyLoaded(data);
      if (!order) throw new ApiError(`This ${this.constructor.noun} does not exist (any more).`);
    });
  }

  /** A change of the order (by a colleague, or one's own echoed): the page shows the order as
   * it is now, without a reload; what is being typed (a quantity, a new row, a dialog's
   * entries) stays. */
  _onLive(message) {
    const order = message?.[this._field];
    if (!order || !this._order || order.id !== this._order.id) return;
    this._liveSeen += 1;
    const { change } = message;
    this._changedBy = change.kind === 'SERIAL_NUMBER_EVENTS' || change.user ? change.user || null : null;
    const before = this._order;
    this._order = order;
    this._afterLive(order, before);
  }

  /** What the page does besides showing a live change. */
  _afterLive() {}

  /**
   * Runs the open action's mutation: the dialog busy, the refusal shown in it (`onRefused(errors)`
   * first, when given), or closed with `done` as the notice and the order reloaded.
   */
  async _runMutation(action, { query, field, input, done, onRefused = null, onDone = null }) {
    this._action = { ...action, busy: true, errors: [] };
    try {
      const payload = (await gql(query, { input }))[field];
      if (payload.errors?.length) {
        onRefused?.(payload.errors);
        this._action = { ...action, busy: false, errors: payload.errors };
        return;
      }
      this._action = null;
      this._rowsEdit.settle();
      onDone?.();
      this._notice = done;
      await this._load();
    } catch (err) {
      this._action = { ...action, busy: false, errors: [errorMessage(err)] };
    }
  }

  /** The notice after a row's serial numbers were saved in its dialog (`st-saved`). */
  _serialsSaved(rowId, event, { picked = false } = {}) {
    const row = this._order?.rows.find((r) => r.id === rowId);
    const t = event.detail.row?.tracing;
    this._notice = row
      ? `Serial numbers of ${row.variant.sku} saved${t ? `: ${t.assigned} of ${t.required}${picked ? ' picked' : ''}` : ''}.`
      : 'Serial numbers saved.';
    this._rowsEdit.settle();
  }

  // ---- rendering --------------------------------------------------------------------------

  /** The open action's confirmation dialog (`action` holds what st-action-dialog shows). */
  _actionDialog() {
    const action = this._action;
    if (!action) return '';
    return html`<st-action-dialog .heading=${action.heading} .message=${action.message}
      .confirmLabel=${action.confirmLabel} ?danger=${Boolean(action.danger)}
      .quantityMax=${action.quantityMax ?? null} ?wholeNumbers=${Boolean(action.wholeNumbers)}
      .quantityLabel=${action.quantityLabel || 'Quantity'}
      .dateLabel=${action.dateLabel || ''} .dateMin=${action.dateMin || ''} .dateHint=${action.dateHint || ''}
      .dateField=${action.dateField || ''}
      .serialChoice=${action.serialChoice ?? null} .serialChoiceNote=${action.serialChoiceNote || ''}
      ?busy=${Boolean(action.busy)} .errors=${action.errors}
      @st-confirm=${this._runAction} @st-cancel=${() => { this._action = null; }}></st-action-dialog>`;
  }

  _itemCell(row) {
    return html`<td class="item"><div class="item-name">${itemName(row.variant)}</div><div class="sku">${row.variant.sku}</div></td>`;
  }

  /** The Tracing cell: a button that opens the row's serial numbers (`open()`), or "—". */
  _tracingCell(row, title, open) {
    return html`<td data-label="Tracing">${row.tracing
      ? html`<button type="button" class="tracing" data-testid="tracing" aria-haspopup="dialog"
          aria-label="Serial numbers of ${row.variant.sku}: ${row.tracing.assigned} / ${row.tracing.required}"
          title=${title} @click=${open}>
          <st-tracing-badge .tracing=${row.tracing}></st-tracing-badge></button>`
      : html`<span class="muted" title="Not serial-tracked">—</span>`}</td>`;
  }

  /** The rows table: `head` its header cells, `cells(row, index)` a row's cells, `columns` how many. */
  _rowsFrame(order, { head, cells, columns, rowClass = () => '' }) {
    const edits = this._rowsEdit;
    return html`
      <div class="table-wrap">
        <table class="order-rows">
          <thead><tr>${head}</tr></thead>
          <tbody>
            ${repeat(shownRows(this, order.id, order.rows), (row) => row.id, (row, index) => {
              const classes = [rowClass(row, index), edits.hasLine(row) ? 'has-message' : ''].filter(Boolean).join(' ');
              return html`
              <tr data-row-id=${row.id} data-sku=${row.variant.sku} class=${classes}>${cells(row, index)}</tr>
              ${edits.line(row, columns)}`;
            })}
          </tbody>
        </table>
      </div>
      ${moreRows(this, order.id, order.rows)}`;
  }

  /** The labels menu of the serial numbers of `params` (an order or a row), when it has any. */
  _labels(params, tracing, what, small = false) {
    return tracing?.assigned ? html`<st-labels-menu ?small=${small} .params=${params}
      description=${`the ${tracing.assigned} serial numbers of ${what}`}></st-labels-menu>` : '';
  }

  /**
   * The page: the `back` link, the head (the number and `pills`; the facts: `party`, the order
   * date, `facts`, the tracing; `underFacts`; the `actions`), `notices`, the refresh error, the
   * items card (`table`, `underTable`) and the `dialogs`.
   */
  _page(order, { back, pills, party, facts = '', underFacts = '', actions, notices = '', table, underTable = '', dialogs = '' }) {
    const ordered = formatDate(order.orderedAt);
    const entered = formatDate(order.createdAt);
    return html`
      ${back}
      <div class="head">
        <div>
          <div class="title">
            <h1>${order.number}</h1>
            ${pills}
          </div>
          <div class="facts">
            ${party}
            <span>Ordered <strong data-testid="ordered-at" title=${formatDateTime(order.orderedAt)}>${ordered}</strong>
              ${entered !== ordered ? html`<span class="muted">(entered ${entered})</span>` : ''}</span>
            ${facts}
            ${order.tracing ? html`<span>Tracing <st-tracing-badge .tracing=${order.tracing}></st-tracing-badge></span>` : ''}
          </div>
          ${underFacts}
        </div>
        <div class="actions">${actions}</div>
      </div>
      ${notices}
      ${this._loader.error ? retryAlert('Could not refresh the order', this._loader) : ''}
      <section class="card" aria-busy=${this._loader.loading ? 'true' : 'false'}>
        <div class="section-head"><h2 id="items-heading" tabindex="-1">Items</h2>
          <span class="muted">${order.rows.length} row${order.rows.length === 1 ? '' : 's'}</span></div>
        ${table}
        ${underTable}
      </section>
      ${dialogs}
    `;
  }

  /** Before the order is there: the back link, then the error or "Loading order…". */
  _notLoaded(back) {
    return notLoaded(this._loader, back, { failed: 'Could not load the order', loading: 'Loading order…' });
  }

  _dismissableNotice() {
    return dismissableNotice(this);
  }
}
