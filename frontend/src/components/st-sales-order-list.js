// Sales orders screen: number, customer, status, tracing summary, delivered date; search by
// number or customer, status filter, paging.
import { html, css } from 'lit';
import { OrderList } from '../order-list.js';
import { salesOrderHref } from '../router.js';
import { formatDate, formatDateTime, labels, statusColor } from '../format.js';
import './st-tracing-badge.js';

const QUERY = `
  query SalesOrderList($filter: SalesOrderFilter, $first: Int, $after: String) {
    salesOrders(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id number status createdAt deliveredAt hasTrackedRows
        customer { id name }
        tracing { required assigned state }
      } }
    }
  }
`;

export class StSalesOrderList extends OrderList {
  static styles = [
    ...OrderList.styles,
    css`.toolbar input[type='search'] { width: 260px; }`,
  ];

  constructor() {
    super();
    this.QUERY = QUERY;
    this.field = 'salesOrders';
    this.path = '/sales-orders';
    this.heading = 'Sales orders';
    this.noun = 'sales orders';
    this.searchPlaceholder = 'Order number or customer, e.g. SO-12';
    this.searchLabel = 'Search by order number or customer';
  }

  _filterFields() {
    return this._selectField('Status', '_status', 'All statuses', Object.entries(labels.salesStatus));
  }

  _headers() {
    return html`<th>Number</th><th>Customer</th><th>Status</th><th>Created</th><th>Delivered</th><th>Tracing</th>`;
  }

  _row(so) {
    return html`
      <tr data-id=${so.id}>
        <td class="number"><a href=${salesOrderHref(so.id)}>${so.number}</a></td>
        <td>${so.customer?.name}</td>
        <td><span class="pill ${statusColor[so.status] || ''}">${labels.salesStatus[so.status] || so.status}</span></td>
        <td class="nowrap">${formatDate(so.createdAt)}</td>
        <td class="nowrap delivered" title=${formatDateTime(so.deliveredAt)}>${formatDate(so.deliveredAt) || html`<span class="muted">—</span>`}</td>
        <td>${so.hasTrackedRows
          ? html`<st-tracing-badge .tracing=${so.tracing}></st-tracing-badge>`
          : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>
      </tr>`;
  }
}

customElements.define('st-sales-order-list', StSalesOrderList);
