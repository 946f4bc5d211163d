// Sales orders screen: number, customer, status, tracing summary, delivered date; search by
// number or customer, status filter, paging; the "New sales order" button; on a fresh database
// the first steps (a customer, an order).
import { html, css } from 'lit';
import { OrderList } from '../order-list.js';
import { NEW_SALES_ORDER_HREF, salesOrderHref } from '../router.js';
import { formatDate, formatDateTime, labels, statusColor } from '../format.js';
import './st-tracing-badge.js';

const QUERY = `
  query SalesOrderList($filter: SalesOrderFilter, $first: Int, $after: String) {
    salesOrders(filter: $filter, first: $first, after: $after) {
      totalCount totalCountIsExact
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id number status createdAt orderedAt deliveredAt hasTrackedRows
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
    this.liveKind = 'SALES_ORDER_CHANGED';
    this.searchPlaceholder = 'Order number or customer, e.g. SO-12';
    this.searchLabel = 'Search by order number or customer';
    this.newHref = NEW_SALES_ORDER_HREF;
    this.newLabel = 'New sales order';
  }

  _firstSteps() {
    return {
      text: 'A sales order ships items from stock to a customer: create the customer first (or while you enter the order), '
        + 'then the order, and pick the serial numbers of its tracked items before delivering.',
      steps: [['New customer', '#/customers'], ['New sales order', NEW_SALES_ORDER_HREF, true]],
    };
  }

  _filterFields() {
    return this._selectField('Status', '_status', 'All statuses', Object.entries(labels.salesStatus));
  }

  _headers() {
    return html`<th>Number</th><th>Customer</th><th>Status</th><th>Ordered</th><th>Delivered</th><th>Tracing</th>`;
  }

  _row(so) {
    return html`
      <tr data-id=${so.id}>
        <td class="number"><a href=${salesOrderHref(so.id)}>${so.number}</a></td>
        <td>${so.customer?.name}</td>
        <td><span class="pill ${statusColor[so.status] || ''}">${labels.salesStatus[so.status] || so.status}</span></td>
        <td class="nowrap">${formatDate(so.orderedAt)}</td>
        <td class="nowrap delivered" title=${formatDateTime(so.deliveredAt)}>${formatDate(so.deliveredAt) || html`<span class="muted">—</span>`}</td>
        <td>${so.hasTrackedRows
          ? html`<st-tracing-badge .tracing=${so.tracing}></st-tracing-badge>`
          : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>
      </tr>`;
  }
}

customElements.define('st-sales-order-list', StSalesOrderList);
