// Purchase orders screen: POs and OPOs with search by number, kind and status filters, paging;
// the "New purchase order" button; on a fresh database the first steps (items, a supplier, an
// order, or an import).
import { html, css } from 'lit';
import { OrderList } from '../order-list.js';
import { IMPORT_HREF, NEW_ORDER_HREF, orderHref } from '../router.js';
import { formatDate, labels, statusColor } from '../format.js';
import { todayDay } from '../order-edit.js';
import './st-tracing-badge.js';

const QUERY = `
  query PurchaseOrderList($filter: PurchaseOrderFilter, $first: Int, $after: String) {
    purchaseOrders(filter: $filter, first: $first, after: $after) {
      totalCount totalCountIsExact
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id number kind status createdAt orderedAt expectedOn hasTrackedRows
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
    css`.toolbar input[type='search'] { width: 220px; }
      .pill.overdue { background: var(--st-danger-bg); color: var(--st-danger); }`,
  ];

  constructor() {
    super();
    this._kind = '';
    this.QUERY = QUERY;
    this.field = 'purchaseOrders';
    this.path = '/purchase-orders';
    this.heading = 'Purchase orders';
    this.noun = 'purchase orders';
    this.liveKind = 'PURCHASE_ORDER_CHANGED';
    this.searchPlaceholder = 'Order number, e.g. PO-12';
    this.searchLabel = 'Search by order number';
    this.newHref = NEW_ORDER_HREF;
    this.newLabel = 'New purchase order';
  }

  _clearFilters() {
    this._kind = '';
    super._clearFilters();
  }

  _firstSteps() {
    return {
      text: 'A purchase order needs the items it buys and the supplier it buys them from: create those first '
        + '(an item takes a minute), then the order. Orders whose serial numbers you have in a spreadsheet can be imported once they are received.',
      steps: [['New item', '#/items'], ['New supplier', '#/suppliers'], ['New purchase order', NEW_ORDER_HREF, true],
        ['Import', IMPORT_HREF]],
    };
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
    return html`<th>Number</th><th>Kind</th><th>Supplier</th><th>Status</th><th>Ordered</th><th>Expected</th><th>Tracing</th>`;
  }

  _row(po) {
    return html`
      <tr data-id=${po.id}>
        <td class="number"><a href=${orderHref(po.id)}>${po.number}</a></td>
        <td><span class="pill ${po.kind === 'OUTSOURCED' ? 'purple' : 'blue'}"
          title=${labels.kindLong[po.kind] || po.kind}>${labels.kind[po.kind] || po.kind}</span></td>
        <td>${po.supplier?.name}</td>
        <td><span class="pill ${statusColor[po.status] || ''}">${labels.orderStatus[po.status] || po.status}</span></td>
        <td class="nowrap">${formatDate(po.orderedAt)}</td>
        <td class="nowrap expected">${po.expectedOn
          ? html`${po.expectedOn}${po.status !== 'RECEIVED' && po.expectedOn < todayDay()
            ? html` <span class="pill overdue">Overdue</span>` : ''}`
          : html`<span class="muted">—</span>`}</td>
        <td>${po.hasTrackedRows
          ? html`<st-tracing-badge .tracing=${po.tracing}></st-tracing-badge>`
          : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>
      </tr>`;
  }
}

customElements.define('st-purchase-order-list', StPurchaseOrderList);
