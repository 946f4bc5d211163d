// Sales order detail: the order date, the items table (with the Tracing column when the order
// has tracked rows), rows added, their quantity changed and deleted until it is delivered (see
// row-edits.js), the pick dialog of a row, delivering on a date (today by default, or an
// earlier day, not before the order nor before its units were received; refused with the
// incomplete rows shown in place) and reverting the delivery, both confirmed first.
import { html, css } from 'lit';
import { formatDate, formatDateTime, labels, statusColor } from '../format.js';
import { customerHref } from '../router.js';
import { iconWarning } from '../icons.js';
import { instantForDay, laterDay, todayDay } from '../order-edit.js';
import { OrderDetailPage, orderDetailStyles, orderMutation } from '../order-detail.js';
import './st-pick-dialog.js';

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

const DELIVER = orderMutation('deliverSalesOrder', 'salesOrder { id status deliveredAt }');
const REVERT = orderMutation('revertSalesOrderDelivery', 'salesOrder { id status deliveredAt }');

export class StSalesOrderDetail extends OrderDetailPage {
  static kind = 'sales';
  static noun = 'sales order';
  static orderFields = ORDER_FIELDS;

  static properties = {
    ...OrderDetailPage.properties,
    _pickRowId: { state: true },     // the row whose pick dialog is open
    _rowProblems: { state: true },   // Map row index -> message, from a refused delivery
  };

  static styles = [
    ...orderDetailStyles,
    css`
      tr.problem { background: var(--st-danger-bg); }
      tr.problem:hover { background: #fbe3e0; }
      .row-problem { display: inline-flex; align-items: center; gap: 6px; color: var(--st-danger); font-size: 12.5px; font-weight: 500; }
      .alert.refused ul { margin: 4px 0 0; }
    `,
  ];

  constructor() {
    super();
    this._pickRowId = null;
    this._rowProblems = new Map();
  }

  _resetOrder() {
    this._rowProblems = new Map();
  }

  /** An open Deliver or Revert question whose order a colleague changed meanwhile says so: a
   * delivery made or reverted elsewhere, or other picked numbers than the question counted. */
  _afterLive(order, before) {
    const action = this._action;
    if (!action || action.busy) return;
    let problem = '';
    if (action.kind === 'deliver' && order.status === 'DELIVERED') {
      problem = `${order.number} was delivered meanwhile (the page shows it as it is now): cancel to go back.`;
    } else if (action.kind === 'revert' && order.status !== 'DELIVERED') {
      problem = `The delivery of ${order.number} was reverted meanwhile: cancel to go back.`;
    } else if (action.kind === 'deliver' && order.tracing?.assigned !== before.tracing?.assigned) {
      const picked = order.tracing?.assigned ?? 0;
      problem = `The picked serial numbers changed meanwhile: ${picked} picked now. Check the rows before you deliver.`;
    }
    if (problem) this._action = { ...action, errors: [problem] };
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
    await this._runMutation(action, {
      query, field, input,
      done: deliver ? `${number} is delivered${on}.` : `The delivery of ${number} is reverted.`,
      onRefused: (errors) => {
        const problems = new Map();
        for (const e of errors) {
          if (e.code === 'INCOMPLETE_ROW' && e.index != null) problems.set(e.index, e.message);
        }
        this._rowProblems = problems;
        if (problems.size) this._load();   // show the rows as they are now, marked
      },
      onDone: () => { this._rowProblems = new Map(); },
    });
  }

  _onPicked(event) {
    this._serialsSaved(this._pickRowId, event, { picked: true });
    this._rowProblems = new Map();
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
    return this._rowsFrame(order, {
      columns: 3 + (tracked ? 1 : 0) + (anyProblem ? 1 : 0) + (editable ? 1 : 0),
      head: html`<th>#</th><th>Item</th><th class="num">Quantity</th>
        ${tracked ? html`<th>Tracing</th>` : ''}
        ${anyProblem ? html`<th>Delivery</th>` : ''}
        ${editable ? html`<th class="num"><span class="visually-hidden">Actions</span></th>` : ''}`,
      rowClass: (row, index) => (this._rowProblems.has(index) ? 'problem' : ''),
      cells: (row, index) => {
        const problem = this._rowProblems.get(index);
        return html`
          <td class="muted index">${index + 1}</td>
          ${this._itemCell(row)}
          <td class="num nowrap" data-label="Qty">${edits.quantity(row, editable)}</td>
          ${tracked
            ? this._tracingCell(row, order.status === 'DELIVERED' ? 'Serial numbers (delivered: read-only)' : 'Pick serial numbers',
              () => { this._pickRowId = row.id; })
            : ''}
          ${anyProblem
            ? html`<td>${problem ? html`<span class="row-problem" data-testid="row-problem">${iconWarning()} ${problem}</span>` : ''}</td>`
            : ''}
          ${editable ? html`<td class="row-actions compact">${edits.deleteButton(row, true)}</td>` : ''}`;
      },
    });
  }

  _dialogs(order) {
    const pickRow = this._pickRowId ? order.rows.find((r) => r.id === this._pickRowId) : null;
    return html`
      ${this._actionDialog()}
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
    if (!order) return this._notLoaded(back);
    const delivered = order.status === 'DELIVERED';
    const problems = [...this._rowProblems.values()];
    return this._page(order, {
      back,
      pills: html`<span class="pill blue">Sales order</span>
        <span class="pill ${statusColor[order.status] || ''}" data-testid="order-status">${labels.salesStatus[order.status] || order.status}</span>`,
      party: html`<span>Customer <strong><a href=${customerHref(order.customer?.id)}
        title="The customer, with its orders and units">${order.customer?.name}</a></strong></span>`,
      facts: delivered ? html`<span>Delivered <strong data-testid="delivered-at" title=${formatDateTime(order.deliveredAt)}>${formatDate(order.deliveredAt)}</strong></span>` : '',
      actions: html`
        <button type="button" class="deliver primary" aria-haspopup="dialog" ?disabled=${delivered} @click=${this._openDeliver}>Deliver</button>
        <button type="button" class="revert danger" aria-haspopup="dialog" ?disabled=${!delivered} @click=${this._openRevert}>Revert delivery</button>
        ${this._labels({ salesOrder: order.id }, order.tracing, order.number)}`,
      notices: html`${this._dismissableNotice()}
        ${problems.length && !this._action
          ? html`<div class="alert refused" role="alert" data-testid="deliver-refused">
              <strong>Not delivered:</strong> ${problems.length === 1 ? 'one row is' : `${problems.length} rows are`} not complete.
              <ul>${problems.map((m) => html`<li>${m}</li>`)}</ul></div>`
          : ''}`,
      table: this._rowsTable(order),
      underTable: delivered
        ? html`<div class="locked-note" data-testid="read-only">${order.number} is delivered: its rows can't be changed. Revert the delivery to change them.</div>`
        : this._rowsEdit.addForm(),
      dialogs: this._dialogs(order),
    });
  }
}

customElements.define('st-sales-order-detail', StSalesOrderDetail);
