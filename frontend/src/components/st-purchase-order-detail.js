// Order detail: the order and expected dates (the expected one changed in place, overdue when
// past and not received), the items table (with the Tracing column when the order has tracked
// rows), rows added, their quantity changed and deleted while not received (see row-edits.js),
// receiving a row (all or part, choosing which assigned serial numbers arrive), receiving the
// whole order, each on a received date that is today by default or earlier, reverting the
// receipt, and the serial number dialog of a row (which loads the row's numbers itself: the
// order query carries only each row's tracing counts, so a 200-row order stays quick). A fully
// received order with tracked rows offers its pre-filled import template.
import { html, css } from 'lit';
import { gql, errorMessage } from '../api.js';
import { formatDate, formatDateTime, formatQuantity, itemName, labels, statusColor } from '../format.js';
import { IMPORT_HREF, recallHref, scanReceiveHref, supplierHref } from '../router.js';
import { iconDownload } from '../icons.js';
import { instantForDay, todayDay } from '../order-edit.js';
import { OrderDetailPage, orderDetailStyles, orderMutation } from '../order-detail.js';
import './st-date-field.js';
import './st-serial-number-dialog.js';

const ORDER_FIELDS = `
  id number kind status createdAt orderedAt expectedOn hasTrackedRows
  supplier { id name }
  tracing { required assigned state }
  rows {
    id quantity status receivedAt canRemoveSerialNumbers
    tracing { required assigned state }
    variant { id sku name product { id name serialTracked } }
  }`;

const RECEIVE_ROW = orderMutation('receivePurchaseOrderRow', 'purchaseOrder { id status }');
const RECEIVE_ORDER = orderMutation('receivePurchaseOrder', 'purchaseOrder { id status }');
const UPDATE_ORDER = orderMutation('updatePurchaseOrder', 'purchaseOrder { id expectedOn }');
const REVERT = orderMutation('revertPurchaseOrderReceipt', 'purchaseOrder { id status }');
const ROW_SERIALS = `
  query ReceiveChoice($id: ID!) { purchaseOrderRow(id: $id) { id serialNumbers { id number } } }
`;

export class StPurchaseOrderDetail extends OrderDetailPage {
  static kind = 'purchase';
  static noun = 'purchase order';
  static orderFields = ORDER_FIELDS;
  static queryExtra = 'importTemplate(purchaseOrderId: $id) { csvUrl xlsxUrl }';

  static properties = {
    ...OrderDetailPage.properties,
    _serialRowId: { state: true }, // the row whose serial number dialog is open
    _template: { state: true },    // {csvUrl, xlsxUrl} of this order's import template
    _expected: { state: true },    // changing the expected date: {value, error, busy}
  };

  static styles = [
    ...orderDetailStyles,
    css`
      .facts button.link { padding: 0 2px; font-size: 13px; }
      .pill.red { background: var(--st-danger-bg); color: var(--st-danger); }
      .expected-edit { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px; margin: 10px 0 4px;
        padding: 10px 12px; border: 1px solid var(--st-border); border-radius: var(--st-radius); background: #fff; }
      .expected-edit .buttons { display: flex; gap: 6px; padding-bottom: 1px; }
      .expected-edit .buttons.with-message { padding-bottom: 20px; }
      a.button:hover { text-decoration: none; background: #eef0f3; }
      td.row-actions button + button, td.row-actions st-labels-menu + button { margin-left: 6px; }
      .import-template { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: -4px 0 14px;
        padding: 8px 12px; border: 1px solid #c9d6f2; background: #f3f6fd; border-radius: var(--st-radius); font-size: 13px; }
      .import-template a.button { padding: 2px 8px; font-size: 13px; }
    `,
  ];

  constructor() {
    super();
    this._serialRowId = null;
    this._template = null;
    this._expected = null;
  }

  _resetOrder() {
    this._expected = null;
  }

  _applyLoaded(data) {
    this._template = data.importTemplate;
  }

  /** A row whose receive dialog is open and that was received or deleted meanwhile says so in
   * the dialog; the import template follows the status. */
  _afterLive(order, before) {
    const action = this._action;
    if (action?.row && !action.busy) {
      const now = order.rows.find((r) => r.id === action.row.id);
      if (!now || now.status !== 'NOT_RECEIVED') {
        this._action = { ...action, errors: [`${now ? 'This row was received' : 'This row was deleted'} meanwhile (the page shows it as it is now): cancel to go back.`] };
      }
    }
    if (order.status !== before.status) this._load();
  }

  // ---- receiving and reverting -----------------------------------------------------------

  /** What the receive dialogs share: the received date, today unless an earlier day is chosen. */
  _dated() {
    const ordered = formatDate(this._order.orderedAt);
    return {
      dateLabel: 'Received on', dateMin: ordered, dateField: 'receivedAt',
      dateHint: `Today, or an earlier day since the order date (${ordered}).`,
    };
  }

  _openReceiveRow(row) {
    const t = row.tracing;
    const qty = formatQuantity(row.quantity);
    let message = `Receive ${qty} × ${row.variant.sku} (${itemName(row.variant)})?`;
    if (t) {
      message += t.assigned
        ? ` Its ${t.assigned} serial number${t.assigned === 1 ? '' : 's'} get the received date as added date and go in stock.`
        : ' It has no serial numbers yet; you can add them after receiving.';
      if (t.assigned && t.assigned < t.required) message += ` (${t.required - t.assigned} still missing.)`;
    }
    this._action = { kind: 'receive-row', row, heading: 'Receive row', message, confirmLabel: 'Receive', errors: [], ...this._dated() };
  }

  async _openReceivePart(row) {
    const tracked = Boolean(row.tracing);
    let serialChoice = null;
    let serialChoiceNote = '';
    if (tracked && row.tracing.assigned) {
      try {
        const data = await gql(ROW_SERIALS, { id: row.id });
        serialChoice = (data.purchaseOrderRow?.serialNumbers || []).map((sn) => ({ id: sn.id, number: sn.number }));
      } catch (err) {
        serialChoiceNote = `The row's serial numbers could not be loaded (${errorMessage(err)}); the first assigned ones are taken.`;
      }
    } else if (tracked) {
      serialChoiceNote = 'The row has no serial numbers yet; they can be added to the received part later.';
    }
    this._action = {
      kind: 'receive-part', row, heading: `Receive part of ${row.variant.sku}`,
      message: `How many of the ${formatQuantity(row.quantity)} do you receive now? The row is split: the received part becomes its own row${serialChoice?.length ? ' and takes the serial numbers ticked below' : ''}.`,
      confirmLabel: 'Receive', quantityLabel: 'Quantity received', quantityMax: Number(row.quantity), wholeNumbers: tracked, errors: [],
      serialChoice, serialChoiceNote, ...this._dated(),
    };
  }

  _openReceiveOrder() {
    const open = this._order.rows.filter((r) => r.status === 'NOT_RECEIVED').length;
    this._action = {
      kind: 'receive-order', heading: `Receive ${this._order.number}`,
      message: `Receive all ${open} not-received row${open === 1 ? '' : 's'}? Their serial numbers get the received date as added date.`,
      confirmLabel: 'Receive order', errors: [], ...this._dated(),
    };
  }

  _openRevert() {
    this._action = {
      kind: 'revert', heading: `Revert receipt of ${this._order.number}`,
      message: 'Every row goes back to Not received and its serial numbers back to Expected, without added date. This is refused when any of them is reserved or shipped on a sales order.',
      confirmLabel: 'Revert receipt', danger: true, errors: [],
    };
  }

  async _runAction(event) {
    const action = this._action;
    if (!action || action.busy) return;
    const { quantity, day, serialNumberIds } = event.detail;
    const receivedAt = day ? instantForDay(day, [this._order.orderedAt]) : null;
    const on = day && day !== todayDay() ? ` on ${day}` : '';
    let query;
    let input;
    let field;
    let done;
    switch (action.kind) {
      case 'receive-row':
        query = RECEIVE_ROW; field = 'receivePurchaseOrderRow';
        input = { rowId: action.row.id, receivedAt };
        done = `Received ${formatQuantity(action.row.quantity)} × ${action.row.variant.sku}${on}.`;
        break;
      case 'receive-part':
        query = RECEIVE_ROW; field = 'receivePurchaseOrderRow';
        input = { rowId: action.row.id, quantity, receivedAt };
        if (serialNumberIds) input.serialNumberIds = serialNumberIds;
        done = `Received ${quantity} of ${formatQuantity(action.row.quantity)} × ${action.row.variant.sku}${on}.`;
        break;
      case 'receive-order':
        query = RECEIVE_ORDER; field = 'receivePurchaseOrder';
        input = { purchaseOrderId: this._order.id, receivedAt };
        done = `${this._order.number} is received${on}.`;
        break;
      case 'revert':
        query = REVERT; field = 'revertPurchaseOrderReceipt';
        input = { purchaseOrderId: this._order.id };
        done = `The receipt of ${this._order.number} is reverted.`;
        break;
      default:
        return;
    }
    await this._runMutation(action, { query, field, input, done });
  }

  _onSerialsSaved(event) {
    this._serialsSaved(this._serialRowId, event);
    if (event.detail.note) this._notice += ` ${event.detail.note}`;
    this._load();
  }

  // ---- the expected date --------------------------------------------------------------------

  async _editExpected() {
    this._expected = { value: this._order.expectedOn || '', error: '', busy: false };
    await this.updateComplete;
    this.renderRoot.querySelector('.expected-edit st-date-field')?.focus();
  }

  async _closeExpected() {
    this._expected = null;
    await this.updateComplete;
    this.renderRoot.querySelector('button.edit-expected')?.focus();
  }

  async _saveExpected(event, value) {
    event?.preventDefault();
    const edit = this._expected;
    if (!edit || edit.busy) return;
    this._expected = { ...edit, busy: true, error: '' };
    try {
      const payload = (await gql(UPDATE_ORDER, {
        input: { purchaseOrderId: this._order.id, expectedOn: value || null },
      })).updatePurchaseOrder;
      if (payload.errors?.length) {
        this._expected = { ...edit, busy: false, error: payload.errors.map((e) => e.message).join(' ') };
        return;
      }
      this._rowsEdit.settle();
      this._notice = value ? `Expected on ${value}.` : 'The expected date is cleared.';
      await this._load();
      await this._closeExpected();
    } catch (err) {
      this._expected = { ...edit, busy: false, error: errorMessage(err) };
    }
  }

  _expectedFact(order) {
    const overdue = order.expectedOn && order.expectedOn < todayDay() && order.status !== 'RECEIVED';
    return html`<span>Expected <strong data-testid="expected-on">${order.expectedOn || html`<span class="muted">—</span>`}</strong>
      ${overdue ? html`<span class="pill red" data-testid="overdue">Overdue</span>` : ''}
      ${this._expected ? '' : html`<button type="button" class="link edit-expected"
        aria-label=${order.expectedOn ? 'Change the expected date' : 'Set the expected date'}
        @click=${this._editExpected}>${order.expectedOn ? 'Change' : 'Set'}</button>`}</span>`;
  }

  _expectedForm(order) {
    const edit = this._expected;
    if (!edit) return '';
    return html`<form class="expected-edit" novalidate @submit=${(e) => this._saveExpected(e, edit.value)}
      @keydown=${(e) => { if (e.key === 'Escape') { e.preventDefault(); this._closeExpected(); } }}>
      <st-date-field .label=${'Expected on'} .value=${edit.value} .min=${formatDate(order.orderedAt)}
        .error=${edit.error ? `Not changed: ${edit.error}` : ''} ?disabled=${edit.busy}
        @st-change=${(e) => { this._expected = { ...this._expected, value: e.detail.value, error: '' }; }}></st-date-field>
      <div class="buttons ${edit.error ? 'with-message' : ''}">
        <button type="submit" class="primary small save-expected" ?disabled=${edit.busy}>${edit.busy ? 'Saving…' : 'Save'}</button>
        ${order.expectedOn ? html`<button type="button" class="small clear-expected" ?disabled=${edit.busy}
          @click=${() => this._saveExpected(null, '')}>Clear</button>` : ''}
        <button type="button" class="small cancel-expected" ?disabled=${edit.busy} @click=${this._closeExpected}>Cancel</button>
      </div>
    </form>`;
  }

  // ---- rendering --------------------------------------------------------------------------

  _rowsTable(order) {
    const tracked = order.hasTrackedRows;
    if (!order.rows.length) return html`<div class="empty">This order has no rows yet: add the first one below.</div>`;
    const edits = this._rowsEdit;
    const anyReceived = order.rows.some((r) => r.status === 'RECEIVED');
    return html`
      ${this._rowsFrame(order, {
        columns: tracked ? 6 : 5,
        head: html`<th>Item</th><th class="num">Quantity</th><th>Status</th><th>Received</th>
          ${tracked ? html`<th>Tracing</th>` : ''}
          <th class="num"><span class="visually-hidden">Actions</span></th>`,
        cells: (row) => {
          const open = row.status === 'NOT_RECEIVED';
          return html`
            ${this._itemCell(row)}
            <td class="num nowrap" data-label="Qty">${edits.quantity(row, open)}</td>
            <td><span class="pill ${statusColor[row.status] || ''}">${labels.rowStatus[row.status] || row.status}</span></td>
            <td class="nowrap" data-label="Received" title=${formatDateTime(row.receivedAt)}>${formatDate(row.receivedAt) || html`<span class="muted">—</span>`}</td>
            ${tracked ? this._tracingCell(row, 'Serial numbers', () => { this._serialRowId = row.id; }) : ''}
            <td class="row-actions">
              ${this._labels({ purchaseOrderRow: row.id }, row.tracing, row.variant.sku, true)}
              ${open
                ? html`<button type="button" class="small receive-row" aria-haspopup="dialog" @click=${() => this._openReceiveRow(row)}>Receive</button>
                  ${Number(row.quantity) > 1 || !row.tracing
                    ? html`<button type="button" class="small receive-part" aria-haspopup="dialog" @click=${() => this._openReceivePart(row)}>Receive part…</button>`
                    : ''}
                  ${edits.deleteButton(row, true)}`
                : ''}
            </td>`;
        },
      })}
      ${anyReceived ? html`<div class="locked-note">Received rows can't be changed or deleted; revert the receipt to change them.</div>` : ''}`;
  }

  _dialogs(order) {
    // A row deleted by a colleague while its dialog is open keeps the dialog (and what is typed
    // in it): its Done then says why it can't save.
    let serialRow = this._serialRowId ? order.rows.find((r) => r.id === this._serialRowId) : null;
    if (serialRow) this._serialRowLast = serialRow;
    else if (this._serialRowId && this._serialRowLast?.id === this._serialRowId) serialRow = this._serialRowLast;
    return html`
      ${this._actionDialog()}
      ${serialRow
        ? html`<st-serial-number-dialog .row=${serialRow} .orderId=${order.id} .orderNumber=${order.number}
            .changedBy=${this._changedBy}
            @st-saved=${this._onSerialsSaved} @st-close=${() => { this._serialRowId = null; }}></st-serial-number-dialog>`
        : ''}
    `;
  }

  _importTemplate(order) {
    const t = this._template;
    if (!t || order.status !== 'RECEIVED' || !order.hasTrackedRows) return '';
    const missing = order.tracing ? order.tracing.required - order.tracing.assigned : 0;
    return html`<div class="import-template" data-testid="import-template">
      <span>${missing
        ? `${missing} serial number${missing === 1 ? '' : 's'} missing. Import template, one line per missing number:`
        : 'Import template:'}</span>
      <a class="button template-csv" href=${t.csvUrl} download>${iconDownload()} CSV</a>
      <a class="button template-xlsx" href=${t.xlsxUrl} download>${iconDownload()} XLSX</a>
      <span class="muted">then fill in the numbers and upload the file on the <a href=${IMPORT_HREF}>Import screen</a>.</span>
    </div>`;
  }

  render() {
    const order = this._order;
    const back = html`<a class="back" href="#/purchase-orders">← Purchase orders</a>`;
    if (!order) return this._notLoaded(back);
    const anyOpen = order.rows.some((r) => r.status === 'NOT_RECEIVED');
    const anyReceived = order.rows.some((r) => r.status === 'RECEIVED');
    return this._page(order, {
      back,
      pills: html`<span class="pill ${order.kind === 'OUTSOURCED' ? 'purple' : 'blue'}">${labels.kindLong[order.kind] || order.kind}</span>
        <span class="pill ${statusColor[order.status] || ''}" data-testid="order-status">${labels.orderStatus[order.status] || order.status}</span>`,
      party: html`<span>Supplier <strong><a href=${supplierHref(order.supplier?.id)}>${order.supplier?.name}</a></strong></span>`,
      facts: this._expectedFact(order),
      underFacts: this._expectedForm(order),
      actions: html`
        <button type="button" class="receive-order primary" aria-haspopup="dialog" ?disabled=${!anyOpen} @click=${this._openReceiveOrder}>Receive order</button>
        ${order.rows.some((r) => r.tracing && r.status === 'NOT_RECEIVED')
          ? html`<a class="button receive-scan" href=${scanReceiveHref(order.id)}
              title="Check each unit against the order as it is scanned, then receive the verified ones">Receive by scanning</a>`
          : ''}
        <button type="button" class="revert danger" aria-haspopup="dialog" ?disabled=${!anyReceived} @click=${this._openRevert}>Revert receipt</button>
        ${this._labels({ purchaseOrder: order.id }, order.tracing, order.number)}
        ${order.hasTrackedRows ? html`<a class="button recall" href=${recallHref(order.id)}
          title="Every customer and sales order that got serial numbers of this order">Customers who got these units</a>` : ''}`,
      notices: html`${this._importTemplate(order)}${this._dismissableNotice()}`,
      table: this._rowsTable(order),
      underTable: this._rowsEdit.addForm(),
      dialogs: this._dialogs(order),
    });
  }
}

customElements.define('st-purchase-order-detail', StPurchaseOrderDetail);
