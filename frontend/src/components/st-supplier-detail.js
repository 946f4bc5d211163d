// Supplier page: the supplier's contact details (editable), a link to a new purchase order for
// it, and its purchase orders (number, kind, status, order date, expected date), paged.
import { html } from 'lit';
import { formatDate, formatDateTime, labels, statusColor } from '../format.js';
import { NEW_ORDER_HREF, orderHref } from '../router.js';
import { PartyPage } from '../party-page.js';

const ORDERS = `
  query SupplierPurchaseOrders($id: ID!, $first: Int, $after: String) {
    supplier(id: $id) { id purchaseOrders(first: $first, after: $after) {
      totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
      edges { node { id number kind status orderedAt expectedOn hasTrackedRows tracing { required assigned state } } }
    } }
  }
`;

export class StSupplierDetail extends PartyPage {
  static kind = 'supplier';
  static noun = 'Supplier';
  static idProperty = 'supplierId';
  static listHref = '#/suppliers';
  static newOrder = { href: NEW_ORDER_HREF, label: 'New purchase order for this supplier' };

  static properties = {
    ...PartyPage.properties,
    supplierId: { type: String },
  };

  constructor() {
    super();
    this.supplierId = '';
    this._orders = this._pagedOf(ORDERS, 'purchaseOrders');
  }

  _lists() {
    return this._listSection(this._orders, {
      cls: 'purchase-orders', heading: 'Purchase orders',
      list: {
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
          ${this._tracingCell(o)}
        </tr>`,
      },
    });
  }
}

customElements.define('st-supplier-detail', StSupplierDetail);
