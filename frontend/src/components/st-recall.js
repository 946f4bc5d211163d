// Recall view of one purchase order: every customer and sales order that got units of it, with
// their serial numbers (each linked to its trace view); exportable as CSV.
import { LitElement, html, css } from 'lit';
import { shared, pageHead } from '../styles.js';
import { ApiError, gql } from '../api.js';
import { Loader, notLoaded, retryAlert } from '../page.js';
import { downloadText, formatDate, formatDateTime, labels, statusColor, toCsv } from '../format.js';
import { orderHref, salesOrderHref, searchHref, traceHref } from '../router.js';
import { iconDownload } from '../icons.js';

const QUERY = `
  query Recall($id: ID!) {
    purchaseOrder(id: $id) {
      id number kind status supplier { id name }
      recall {
        customer { id name }
        salesOrder { id number deliveredAt status }
        serialNumbers { id number status variant { id sku } }
      }
    }
  }
`;

export class StRecall extends LitElement {
  static properties = {
    orderId: { type: String },
    _order: { state: true },
    _exported: { state: true },
  };

  static styles = [
    shared,
    pageHead,
    css`
      :host { display: block; }
      .actions { flex-wrap: nowrap; align-items: center; }
      .export-status { font-size: 12.5px; color: var(--st-muted); }
      td { vertical-align: top; }
      td.customer { font-weight: 600; }
      .serials { display: flex; flex-wrap: wrap; gap: 4px 6px; }
      .serials a {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; white-space: pre;
        padding: 0 7px; border-radius: 4px; border: 1px solid #b8c4d8; background: #e7ecf5; color: #1e293b; line-height: 20px;
      }
      .serials a:hover { border-color: var(--st-primary); color: var(--st-primary); text-decoration: none; }
      .serials a.RESERVED { background: #fff; border-style: dashed; }
      .count { color: var(--st-muted); font-size: 12px; margin-bottom: 4px; }
      .legend { display: flex; align-items: center; gap: 6px; padding: 8px 12px; font-size: 12px; color: var(--st-muted); }
      .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; background: #e7ecf5; border: 1px solid #b8c4d8; }
      .swatch.reserved { background: #fff; border-style: dashed; margin-left: 10px; }
    `,
  ];

  constructor() {
    super();
    this.orderId = '';
    this._order = null;
    this._loader = new Loader(this);
    this._exported = '';
  }

  willUpdate(changed) {
    if (changed.has('orderId') && this.orderId) {
      this._order = null;
      this._exported = '';
      this._load();
    }
  }

  _load() {
    return this._loader.run(() => gql(QUERY, { id: this.orderId }), (data) => {
      this._order = data.purchaseOrder;
      if (!data.purchaseOrder) throw new ApiError('This purchase order does not exist (any more).');
    });
  }

  _export() {
    const order = this._order;
    const lines = [];
    for (const entry of order.recall) {
      for (const sn of entry.serialNumbers) {
        lines.push([
          entry.customer.name, entry.salesOrder.number, entry.salesOrder.status,
          formatDate(entry.salesOrder.deliveredAt), sn.variant?.sku, sn.number, sn.status,
        ]);
      }
    }
    const csv = toCsv(
      ['customer', 'sales_order', 'sales_order_status', 'delivered_date', 'sku', 'serial_number', 'serial_status'],
      lines,
    );
    downloadText(`recall-${order.number}.csv`, csv);
    this._exported = `Exported ${lines.length} serial number${lines.length === 1 ? '' : 's'}.`;
  }

  _table(order) {
    const recall = order.recall;
    if (!recall.length) {
      return html`<div class="empty" data-testid="recall-empty">No customer has got units of ${order.number} yet:
        none of its serial numbers is picked on a sales order.</div>`;
    }
    return html`
      <div class="table-wrap">
        <table>
          <thead><tr><th>Customer</th><th>Sales order</th><th>Status</th><th>Delivered</th><th>Serial numbers</th></tr></thead>
          <tbody>
            ${recall.map((entry) => html`
              <tr data-sales-order=${entry.salesOrder.number}>
                <td class="customer"><a href=${searchHref('/sales-orders', entry.customer.name)}>${entry.customer.name}</a></td>
                <td class="nowrap"><a href=${salesOrderHref(entry.salesOrder.id)}>${entry.salesOrder.number}</a></td>
                <td><span class="pill ${statusColor[entry.salesOrder.status] || ''}">${labels.salesStatus[entry.salesOrder.status] || entry.salesOrder.status}</span></td>
                <td class="nowrap" title=${formatDateTime(entry.salesOrder.deliveredAt)}>${formatDate(entry.salesOrder.deliveredAt) || html`<span class="muted">—</span>`}</td>
                <td>
                  <div class="count">${entry.serialNumbers.length} unit${entry.serialNumbers.length === 1 ? '' : 's'}</div>
                  <div class="serials">${entry.serialNumbers.map((sn) => html`<a class=${sn.status}
                    href=${traceHref(sn.variant.sku, sn.number)} title="${sn.variant.sku} · ${labels.serialStatus[sn.status] || sn.status} — trace it">${sn.number}</a>`)}</div>
                </td>
              </tr>`)}
          </tbody>
        </table>
      </div>`;
  }

  render() {
    const order = this._order;
    const back = html`<a class="back" href=${orderHref(this.orderId)}>← ${order ? order.number : 'Purchase order'}</a>`;
    if (!order) {
      return notLoaded(this._loader, back, { failed: 'Could not load the recall list', loading: 'Loading the customers…' });
    }
    const units = order.recall.reduce((n, e) => n + e.serialNumbers.length, 0);
    const customers = new Set(order.recall.map((e) => e.customer.id)).size;
    return html`
      ${back}
      <div class="head">
        <div>
          <h1>Customers who got units of ${order.number}</h1>
          <div class="facts">
            <span>${labels.kindLong[order.kind] || order.kind} <strong><a href=${orderHref(order.id)}>${order.number}</a></strong></span>
            <span>Supplier <strong>${order.supplier?.name}</strong></span>
            <span data-testid="recall-summary"><strong>${customers}</strong> customer${customers === 1 ? '' : 's'} ·
              <strong>${order.recall.length}</strong> sales order${order.recall.length === 1 ? '' : 's'} ·
              <strong>${units}</strong> unit${units === 1 ? '' : 's'}</span>
          </div>
        </div>
        <div class="actions">
          ${this._exported ? html`<span class="export-status" role="status">${this._exported}</span>` : ''}
          <button type="button" class="export-csv" ?disabled=${!units} @click=${this._export}>${iconDownload()} Export CSV</button>
        </div>
      </div>
      ${this._loader.error ? retryAlert('Could not refresh', this._loader) : ''}
      <section class="card" aria-busy=${this._loader.loading ? 'true' : 'false'}>${this._table(order)}
        ${units ? html`<div class="legend"><span class="swatch"></span>shipped to the customer
          <span class="swatch reserved"></span>reserved on the order, not delivered yet</div>` : ''}</section>
    `;
  }
}

customElements.define('st-recall', StRecall);
