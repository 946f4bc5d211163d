// Sales order detail: the order date, the items table (with the Tracing column when the order
// has tracked rows), rows added, their quantity changed and deleted until it is delivered (see
// row-edits.js), the pick dialog of a row, delivering on a date (today by default, or an
// earlier day, not before the order nor before its units were received; refused with the
// incomplete rows shown in place) and reverting the delivery, both confirmed first.
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { shared, pageHead, orderDetail } from '../styles.js';
import { ApiError, gql, errorMessage } from '../api.js';
import { dismissableNotice, Loader, moreRows, notLoaded, retryAlert, shownRows } from '../page.js';
import { formatDate, formatDateTime, itemName, labels, statusColor } from '../format.js';
import { customerHref } from '../router.js';
import { iconWarning } from '../icons.js';
import { instantForDay, laterDay, todayDay } from '../order-edit.js';
import { RowEdits, rowEditStyles } from '../row-edits.js';
import { LiveFollow } from '../live-follow.js';
import './st-tracing-badge.js';
import './st-action-dialog.js';
import './st-pick-dialog.js';
import './st-labels-menu.js';

const ORDER_FIELDS = `
      id number status createdAt orderedAt deliveredAt hasTrackedRows
      customer { id name }
      tracing { required assigned state }
      rows {
        id quantity
        tracing { required assigned state }
        variant { id sku name product { id name serialTracked } }
        serialNumbers { id number status addedAt }
      }`;
const ORDER = `
  query SalesOrderDetail($id: ID!) {
    salesOrder(id: $id) { ${ORDER_FIELDS} }
  }
`;
// A colleague's change of the order, with the order as it is then (the page shows it as is).
const ORDER_CHANGED = `
  subscription SalesOrderLive($id: ID!, $after: String) {
    salesOrderChanged(id: $id, after: $after) {
      change { cursor kind eventKind user }
      salesOrder { ${ORDER_FIELDS} }
    }
  }
`;

const ERRORS = 'errors { code message field index }';
const DELIVER = `
  mutation DeliverSalesOrder($input: DeliverSalesOrderInput!) {
    deliverSalesOrder(input: $input) { salesOrder { id status deliveredAt } ${ERRORS} }
  }
`;
const REVERT = `
  mutation RevertSalesOrderDelivery($input: RevertSalesOrderDeliveryInput!) {
    revertSalesOrderDelivery(input: $input) { salesOrder { id status deliveredAt } ${ERRORS} }
  }
`;

export class StSalesOrderDetail extends LitElement {
  static properties = {
    orderId: { type: String },
    _order: { state: true },
    _action: { state: true },        // the open confirmation dialog
    _pickRowId: { state: true },     // the row whose pick dialog is open
    _rowProblems: { state: true },   // Map row index -> message, from a refused delivery
    _notice: { state: true },
    _changedBy: { state: true },     // who made the last live change of the order, if known
  };

  static styles = [
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
      tr.problem { background: var(--st-danger-bg); }
      tr.problem:hover { background: #fbe3e0; }
      .row-problem { display: inline-flex; align-items: center; gap: 6px; color: var(--st-danger); font-size: 12.5px; font-weight: 500; }
      .alert.refused ul { margin: 4px 0 0; }
    `,
  ];

  constructor() {
    super();
    this.orderId = '';
    this._order = null;
    this._loader = new Loader(this);
    this._action = null;
    this._pickRowId = null;
    this._rowProblems = new Map();
    this._notice = '';
    this._rowsEdit = new RowEdits(this, 'sales');
    this._changedBy = null;
    this._liveSeen = 0;   // live messages applied (a load started before one keeps the newer state)
    this._live = new LiveFollow(this, {
      query: ORDER_CHANGED,
      variables: () => (this.orderId ? { id: this.orderId } : null),
      onData: (data) => this._onLive(data.salesOrderChanged),
      onReconnect: () => this._load(),
    });
  }

  willUpdate(changed) {
    if (changed.has('orderId') && this.orderId) {
      this._order = null;
      this._notice = '';
      this._rowProblems = new Map();
      this._changedBy = null;
      this._rowsEdit.reset();
      const id = this.orderId;
      this._live.start().then(() => { if (id === this.orderId) this._load(); });
    }
  }

  _load() {
    const seen = this._liveSeen;
    return this._loader.run(() => gql(ORDER, { id: this.orderId }), (data) => {
      // A live message that came while this was on its way is newer: it stays.
      if (seen === this._liveSeen || !this._order) this._order = data.salesOrder;
      if (!data.salesOrder) throw new ApiError('This sales order does not exist (any more).');
    });
  }

  /** A change of the order (by a colleague, or one's own echoed): shown as it is now, without
   * a reload; what is being typed stays. */
  _onLive(message) {
    const order = message?.salesOrder;
    if (!order || !this._order || order.id !== this._order.id) return;
    this._liveSeen += 1;
    const { change } = message;
    this._changedBy = change.kind === 'SERIAL_NUMBER_EVENTS' || change.user ? change.user || null : null;
    this._order = order;
  }

  // ---- actions ----------------------------------------------------------------------------

  /** When the last picked unit was received (a delivery can't be dated before it), or null. */
  _lastReceived() {
    let last = null;
    for (const row of this._order.rows) {
      for (const sn of row.serialNumbers || []) {
        if (sn.addedAt && (!last || new Date(sn.addedAt) > new Date(last))) last = sn.addedAt;
      }
    }
    return last;
  }

  _openDeliver() {
    const order = this._order;
    const picked = order.tracing?.assigned ?? 0;
    let message = `Deliver ${order.number} to ${order.customer?.name}?`;
    if (order.tracing) {
      message += ` Its ${picked} picked serial number${picked === 1 ? '' : 's'} become shipped.`;
      if (order.tracing.state !== 'COMPLETE') message += ' Every tracked row needs all its serial numbers first.';
    }
    const ordered = formatDate(order.orderedAt);
    const received = formatDate(this._lastReceived());
    const earliest = laterDay(ordered, received);
    this._action = {
      kind: 'deliver', heading: `Deliver ${order.number}`, message, confirmLabel: 'Deliver', errors: [],
      dateLabel: 'Delivered on', dateMin: earliest, dateField: 'deliveredAt',
      dateHint: received && received >= ordered
        ? `Today, or an earlier day since its last unit was received (${received}).`
        : `Today, or an earlier day since the order date (${ordered}).`,
    };
  }

  _openRevert() {
    this._action = {
      kind: 'revert', heading: `Revert delivery of ${this._order.number}`,
      message: 'The order goes back to Not shipped and its serial numbers back to Reserved on it, so they can be changed again.',
      confirmLabel: 'Revert delivery', danger: true, errors: [],
    };
  }

  async _runAction(event) {
    const action = this._action;
    if (!action || action.busy) return;
    const deliver = action.kind === 'deliver';
    const query = deliver ? DELIVER : REVERT;
    const field = deliver ? 'deliverSalesOrder' : 'revertSalesOrderDelivery';
    const number = this._order.number;
    const input = { salesOrderId: this._order.id };
    const day = event.detail?.day;
    if (deliver) input.deliveredAt = day ? instantForDay(day, [this._order.orderedAt, this._lastReceived()]) : null;
    const on = deliver && day && day !== todayDay() ? ` on ${day}` : '';
    this._action = { ...action, busy: true, errors: [] };
    try {
      const payload = (await gql(query, { input }))[field];
      if (payload.errors?.length) {
        const problems = new Map();
        for (const e of payload.errors) {
          if (e.code === 'INCOMPLETE_ROW' && e.index != null) problems.set(e.index, e.message);
        }
        this._rowProblems = problems;
        this._action = { ...action, busy: false, errors: payload.errors };
        if (problems.size) this._load();   // show the rows as they are now, marked
        return;
      }
      this._action = null;
      this._rowsEdit.settle();
      this._rowProblems = new Map();
      this._notice = deliver ? `${number} is delivered${on}.` : `The delivery of ${number} is reverted.`;
      await this._load();
    } catch (err) {
      this._action = { ...action, busy: false, errors: [errorMessage(err)] };
    }
  }

  _onPicked(event) {
    const row = this._order?.rows.find((r) => r.id === this._pickRowId);
    const t = event.detail.row?.tracing;
    this._notice = row
      ? `Serial numbers of ${row.variant.sku} saved${t ? `: ${t.assigned} of ${t.required} picked` : ''}.`
      : 'Serial numbers saved.';
    this._rowProblems = new Map();
    this._rowsEdit.settle();
    this._load();
  }

  // ---- rendering --------------------------------------------------------------------------

  _rowsTable(order) {
    const tracked = order.hasTrackedRows;
    if (!order.rows.length) {
      return html`<div class="empty">This order has no rows yet${order.status === 'DELIVERED' ? '.' : ': add the first one below.'}</div>`;
    }
    const anyProblem = this._rowProblems.size > 0;
    const editable = order.status !== 'DELIVERED';
    const edits = this._rowsEdit;
    const columns = 3 + (tracked ? 1 : 0) + (anyProblem ? 1 : 0) + (editable ? 1 : 0);
    return html`
      <div class="table-wrap">
        <table class="order-rows">
          <thead><tr>
            <th>#</th><th>Item</th><th class="num">Quantity</th>
            ${tracked ? html`<th>Tracing</th>` : ''}
            ${anyProblem ? html`<th>Delivery</th>` : ''}
            ${editable ? html`<th class="num"><span class="visually-hidden">Actions</span></th>` : ''}
          </tr></thead>
          <tbody>
            ${repeat(shownRows(this, order.id, order.rows), (row) => row.id, (row, index) => {
              const problem = this._rowProblems.get(index);
              const classes = [problem ? 'problem' : '', edits.hasLine(row) ? 'has-message' : ''].filter(Boolean).join(' ');
              return html`
              <tr data-row-id=${row.id} data-sku=${row.variant.sku} class=${classes}>
                <td class="muted index">${index + 1}</td>
                <td class="item"><div class="item-name">${itemName(row.variant)}</div><div class="sku">${row.variant.sku}</div></td>
                <td class="num nowrap" data-label="Qty">${edits.quantity(row, editable)}</td>
                ${tracked
                  ? html`<td data-label="Tracing">${row.tracing
                      ? html`<button type="button" class="tracing" data-testid="tracing" aria-haspopup="dialog"
                          aria-label="Serial numbers of ${row.variant.sku}: ${row.tracing.assigned} / ${row.tracing.required}"
                          title=${order.status === 'DELIVERED' ? 'Serial numbers (delivered: read-only)' : 'Pick serial numbers'}
                          @click=${() => { this._pickRowId = row.id; }}>
                          <st-tracing-badge .tracing=${row.tracing}></st-tracing-badge></button>`
                      : html`<span class="muted" title="Not serial-tracked">—</span>`}</td>`
                  : ''}
                ${anyProblem
                  ? html`<td>${problem ? html`<span class="row-problem" data-testid="row-problem">${iconWarning()} ${problem}</span>` : ''}</td>`
                  : ''}
                ${editable ? html`<td class="row-actions compact">${edits.deleteButton(row, true)}</td>` : ''}
              </tr>
              ${edits.line(row, columns)}`;
            })}
          </tbody>
        </table>
      </div>
      ${moreRows(this, order.id, order.rows)}`;
  }

  _dialogs(order) {
    const action = this._action;
    const pickRow = this._pickRowId ? order.rows.find((r) => r.id === this._pickRowId) : null;
    return html`
      ${action
        ? html`<st-action-dialog .heading=${action.heading} .message=${action.message}
            .confirmLabel=${action.confirmLabel} ?danger=${Boolean(action.danger)}
            .dateLabel=${action.dateLabel || ''} .dateMin=${action.dateMin || ''} .dateHint=${action.dateHint || ''}
            .dateField=${action.dateField || ''}
            ?busy=${Boolean(action.busy)} .errors=${action.errors}
            @st-confirm=${this._runAction} @st-cancel=${() => { this._action = null; }}></st-action-dialog>`
        : ''}
      ${pickRow
        ? html`<st-pick-dialog .row=${pickRow} .orderNumber=${order.number} ?delivered=${order.status === 'DELIVERED'}
            .changedBy=${this._changedBy}
            @st-saved=${this._onPicked} @st-close=${() => { this._pickRowId = null; }}></st-pick-dialog>`
        : ''}
    `;
  }

  render() {
    const order = this._order;
    const back = html`<a class="back" href="#/sales-orders">← Sales orders</a>`;
    if (!order) {
      return notLoaded(this._loader, back, { failed: 'Could not load the order', loading: 'Loading order…' });
    }
    const delivered = order.status === 'DELIVERED';
    const problems = [...this._rowProblems.values()];
    const ordered = formatDate(order.orderedAt);
    const entered = formatDate(order.createdAt);
    return html`
      ${back}
      <div class="head">
        <div>
          <div class="title">
            <h1>${order.number}</h1>
            <span class="pill blue">Sales order</span>
            <span class="pill ${statusColor[order.status] || ''}" data-testid="order-status">${labels.salesStatus[order.status] || order.status}</span>
          </div>
          <div class="facts">
            <span>Customer <strong><a href=${customerHref(order.customer?.id)}
              title="The customer, with its orders and units">${order.customer?.name}</a></strong></span>
            <span>Ordered <strong data-testid="ordered-at" title=${formatDateTime(order.orderedAt)}>${ordered}</strong>
              ${entered !== ordered ? html`<span class="muted">(entered ${entered})</span>` : ''}</span>
            ${delivered ? html`<span>Delivered <strong data-testid="delivered-at" title=${formatDateTime(order.deliveredAt)}>${formatDate(order.deliveredAt)}</strong></span>` : ''}
            ${order.tracing ? html`<span>Tracing <st-tracing-badge .tracing=${order.tracing}></st-tracing-badge></span>` : ''}
          </div>
        </div>
        <div class="actions">
          <button type="button" class="deliver primary" aria-haspopup="dialog" ?disabled=${delivered} @click=${this._openDeliver}>Deliver</button>
          <button type="button" class="revert danger" aria-haspopup="dialog" ?disabled=${!delivered} @click=${this._openRevert}>Revert delivery</button>
          ${order.tracing?.assigned ? html`<st-labels-menu .params=${{ salesOrder: order.id }}
            description=${`the ${order.tracing.assigned} serial numbers of ${order.number}`}></st-labels-menu>` : ''}
        </div>
      </div>
      ${dismissableNotice(this)}
      ${problems.length && !this._action
        ? html`<div class="alert refused" role="alert" data-testid="deliver-refused">
            <strong>Not delivered:</strong> ${problems.length === 1 ? 'one row is' : `${problems.length} rows are`} not complete.
            <ul>${problems.map((m) => html`<li>${m}</li>`)}</ul></div>`
        : ''}
      ${this._loader.error ? retryAlert('Could not refresh the order', this._loader) : ''}
      <section class="card" aria-busy=${this._loader.loading ? 'true' : 'false'}>
        <div class="section-head"><h2 id="items-heading" tabindex="-1">Items</h2>
          <span class="muted">${order.rows.length} row${order.rows.length === 1 ? '' : 's'}</span></div>
        ${this._rowsTable(order)}
        ${delivered
          ? html`<div class="locked-note" data-testid="read-only">${order.number} is delivered: its rows can't be changed. Revert the delivery to change them.</div>`
          : this._rowsEdit.addForm()}
      </section>
      ${this._dialogs(order)}
    `;
  }
}

customElements.define('st-sales-order-detail', StSalesOrderDetail);
