// Supplier page: the supplier's contact details (editable), a link to a new purchase order for
// it, and its purchase orders (number, kind, status, order date, expected date), paged.
import { LitElement, html, css } from 'lit';
import { shared, pageHead } from '../styles.js';
import { gql } from '../api.js';
import { dismissableNotice, Loader, notLoaded, retryAlert } from '../page.js';
import { CONTACT_FIELDS, Paged, notFound, responsive, sections } from '../catalog.js';
import { formatDate, formatDateTime, labels, statusColor, totalLabel } from '../format.js';
import { NEW_ORDER_HREF, orderHref } from '../router.js';
import './st-party-details.js';
import './st-tracing-badge.js';
import './st-pager.js';

const SUPPLIER = `
  query SupplierDetail($id: ID!) { supplier(id: $id) { id ${CONTACT_FIELDS} } }
`;

const ORDERS = `
  query SupplierPurchaseOrders($id: ID!, $first: Int, $after: String) {
    supplier(id: $id) { id purchaseOrders(first: $first, after: $after) {
      totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
      edges { node { id number kind status orderedAt expectedOn hasTrackedRows tracing { required assigned state } } }
    } }
  }
`;

export class StSupplierDetail extends LitElement {
  static properties = {
    supplierId: { type: String },
    _supplier: { state: true },
    _missing: { state: true },
    _notice: { state: true },
  };

  static styles = [
    shared,
    pageHead,
    sections,
    responsive,
    css`
      :host { display: block; }
      .notice { margin-bottom: 12px; display: flex; align-items: center; gap: 8px; }
      .notice button { margin-left: auto; }
      st-party-details { margin-bottom: 16px; }
    `,
  ];

  constructor() {
    super();
    this.supplierId = '';
    this._supplier = null;
    this._missing = false;
    this._loader = new Loader(this);
    this._notice = '';
    this._orders = new Paged(this, async (first, after) => {
      const data = await gql(ORDERS, { id: this.supplierId, first, after });
      return data.supplier ? data.supplier.purchaseOrders : null;
    });
  }

  willUpdate(changed) {
    if (changed.has('supplierId') && this.supplierId) {
      this._supplier = null;
      this._missing = false;
      this._notice = '';
      this._load();
      this._orders.reset();
    }
  }

  _load() {
    return this._loader.run(() => gql(SUPPLIER, { id: this.supplierId }), (data) => {
      this._supplier = data.supplier;
      this._missing = !data.supplier;
    });
  }

  _onSaved(event) {
    this._supplier = event.detail.party;
    this._notice = `${event.detail.party.name} saved.`;
  }

  _orderList() {
    const orders = this._orders;
    return html`
      <section class="card purchase-orders" aria-labelledby="orders-heading" aria-busy=${orders.loading ? 'true' : 'false'}>
        <div class="section-head">
          <h2 id="orders-heading">Purchase orders</h2>
          ${orders.result ? html`<span class="count">${totalLabel(orders.result.totalCount, orders.result.totalCountIsExact)}</span>` : ''}
        </div>
        ${orders.render({
          noun: 'purchase orders',
          empty: html`No purchase orders with this supplier yet.
            <a href=${this._newOrderHref()}>Place the first one</a>.`,
          head: () => html`<th>Number</th><th>Kind</th><th>Status</th><th>Ordered</th><th class="wide-only">Expected</th><th>Tracing</th>`,
          row: (o) => html`<tr data-id=${o.id}>
            <td class="number"><a href=${orderHref(o.id)}>${o.number}</a></td>
            <td><span class="pill ${o.kind === 'OUTSOURCED' ? 'purple' : 'blue'}" title=${labels.kindLong[o.kind] || o.kind}>${labels.kind[o.kind] || o.kind}</span></td>
            <td><span class="pill ${statusColor[o.status] || ''}">${labels.orderStatus[o.status] || o.status}</span></td>
            <td class="nowrap ordered" title=${formatDateTime(o.orderedAt)}>${formatDate(o.orderedAt)}</td>
            <td class="nowrap wide-only">${formatDate(o.expectedOn) || html`<span class="muted">—</span>`}</td>
            <td>${o.hasTrackedRows
              ? html`<st-tracing-badge .tracing=${o.tracing}></st-tracing-badge>`
              : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>
          </tr>`,
        })}
      </section>`;
  }

  _newOrderHref() {
    return `${NEW_ORDER_HREF}?${new URLSearchParams({ supplier: this.supplierId })}`;
  }

  render() {
    const back = html`<a class="back" href="#/suppliers">← Suppliers</a>`;
    if (this._missing) return html`${back}${notFound('Supplier', html`<a href="#/suppliers">All suppliers</a>`)}`;
    const supplier = this._supplier;
    if (!supplier) return notLoaded(this._loader, back, { failed: 'Could not load the supplier', loading: 'Loading supplier…' });
    return html`
      ${back}
      <div class="head">
        <div class="title"><h1>${supplier.name}</h1><span class="pill grey">Supplier</span></div>
        <div class="actions">
          <a class="button primary new-order" href=${this._newOrderHref()}>New purchase order for this supplier</a>
        </div>
      </div>
      ${dismissableNotice(this)}
      ${this._loader.error ? retryAlert('Could not refresh the supplier', this._loader) : ''}
      <st-party-details kind="supplier" .party=${supplier} @st-saved=${this._onSaved}></st-party-details>
      ${this._orderList()}
    `;
  }
}

customElements.define('st-supplier-detail', StSupplierDetail);
