// Purchase orders screen: POs and OPOs with search by number, kind and status filters, paging.
import { html, css } from 'lit';
import { OrderList } from '../order-list.js';
import { orderHref } from '../router.js';
import { formatDate, labels, statusColor } from '../format.js';
import './st-tracing-badge.js';

const QUERY = `
  query PurchaseOrderList($filter: PurchaseOrderFilter, $first: Int, $after: String) {
    purchaseOrders(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id number kind status createdAt hasTrackedRows
        supplier { id name }
        tracing { required assigned state }
      } }
    }
  }
`;

const KINDS = [['PURCHASE', 'Purchase order (PO)'], ['OUTSOURCED', 'Outsourced (OPO)']];

export class StPurchaseOrderList extends OrderList {
  static properties = {
    _kind: { state: true },
  };

  static styles = [
    ...OrderList.styles,
    css`.toolbar input[type='search'] { width: 220px; }`,
  ];

  constructor() {
    super();
    this._kind = '';
    this.QUERY = QUERY;
    this.field = 'purchaseOrders';
    this.path = '/purchase-orders';
    this.heading = 'Purchase orders';
    this.noun = 'purchase orders';
    this.searchPlaceholder = 'Order number, e.g. PO-12';
    this.searchLabel = 'Search by order number';
  }

  _applyQuery() {
    super._applyQuery();
    this._kind = (this.query || {}).kind || '';
  }

  _urlFilters() {
    return { search: this._search.trim(), kind: this._kind, status: this._status };
  }

  _filterFields() {
    return html`
      ${this._selectField('Kind', '_kind', 'All kinds', KINDS)}
      ${this._selectField('Status', '_status', 'All statuses', Object.entries(labels.orderStatus))}`;
  }

  _headers() {
    return html`<th>Number</th><th>Kind</th><th>Supplier</th><th>Status</th><th>Created</th><th>Tracing</th>`;
  }

  _row(po) {
    return html`
      <tr data-id=${po.id}>
        <td class="number"><a href=${orderHref(po.id)}>${po.number}</a></td>
        <td><span class="pill ${po.kind === 'OUTSOURCED' ? 'purple' : 'blue'}"
          title=${labels.kindLong[po.kind] || po.kind}>${labels.kind[po.kind] || po.kind}</span></td>
        <td>${po.supplier?.name}</td>
        <td><span class="pill ${statusColor[po.status] || ''}">${labels.orderStatus[po.status] || po.status}</span></td>
        <td class="nowrap">${formatDate(po.createdAt)}</td>
        <td>${po.hasTrackedRows
          ? html`<st-tracing-badge .tracing=${po.tracing}></st-tracing-badge>`
          : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>
      </tr>`;
  }
}

customElements.define('st-purchase-order-list', StPurchaseOrderList);
