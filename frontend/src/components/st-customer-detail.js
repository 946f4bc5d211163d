// Customer page: the customer's contact details (editable), a link to a new sales order for it,
// every unit it holds or was shipped (number linked to its trace view, SKU / item, status, sales
// order; paged) with its CSV / XLSX export (the other half of a recall), and its sales orders.
import { html, css } from 'lit';
import { plural } from '../catalog.js';
import { formatDate, formatDateTime, itemName, labels, statusColor, totalLabel } from '../format.js';
import { NEW_SALES_ORDER_HREF, salesOrderHref, traceHref } from '../router.js';
import { iconDownload } from '../icons.js';
import { PartyPage, partyPageStyles } from '../party-page.js';

const UNITS = `
  query CustomerSerialNumbers($id: ID!, $first: Int, $after: String) {
    customer(id: $id) { id serialNumbers(first: $first, after: $after) {
      totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
      edges { node { id number status
        variant { id sku name product { id name } }
        salesOrderRow { id salesOrder { id number status deliveredAt } } } }
    } }
  }
`;

const ORDERS = `
  query CustomerSalesOrders($id: ID!, $first: Int, $after: String) {
    customer(id: $id) { id salesOrders(first: $first, after: $after) {
      totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
      edges { node { id number status orderedAt deliveredAt hasTrackedRows tracing { required assigned state } } }
    } }
  }
`;

/** Where a customer's units download: every serial number on its sales orders. */
export function customerUnitsHref(customerId, format = 'csv') {
  return `/downloads/customers/${encodeURIComponent(customerId)}/serial-numbers.${format}`;
}

export class StCustomerDetail extends PartyPage {
  static kind = 'customer';
  static noun = 'Customer';
  static idProperty = 'customerId';
  static listHref = '#/customers';
  static newOrder = { href: NEW_SALES_ORDER_HREF, label: 'New sales order for this customer' };

  static properties = {
    ...PartyPage.properties,
    customerId: { type: String },
  };

  static styles = [
    ...partyPageStyles,
    css`
      section.units { border-color: #c9d6f2; }
      section.units .section-head { background: #f3f6fd; border-radius: 8px 8px 0 0; }
      section.units .section-head .count { color: #4b5563; }
      .units-note { font-size: 12.5px; color: #4b5563; flex: 1 1 100%; margin: 0; }
      td.number { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
      td.number a { white-space: pre; color: inherit; text-decoration: underline dotted #94a3b8; text-underline-offset: 3px; font-weight: 400; }
      td.number a:hover { color: var(--st-primary); text-decoration: underline; }
      td .sku { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; font-weight: 600; margin-right: 6px; }
      td .item { color: var(--st-muted); }
      td.so a { font-weight: 600; }
    `,
  ];

  constructor() {
    super();
    this.customerId = '';
    this._units = this._pagedOf(UNITS, 'serialNumbers', { pageSize: 50 });
    this._orders = this._pagedOf(ORDERS, 'salesOrders');
  }

  _unitList() {
    return this._listSection(this._units, {
      cls: 'units', id: 'units-heading', heading: 'Units held or shipped',
      count: (result) => (result.totalCountIsExact === false
        ? `${totalLabel(result.totalCount, false)} serial numbers` : plural(result.totalCount, 'serial number')),
      extra: html`<div class="section-actions">
          <a class="button primary export-csv" href=${customerUnitsHref(this.customerId)} download
            aria-label="Export CSV: every unit of this customer">${iconDownload()} Export CSV</a>
          <a class="button export-xlsx" href=${customerUnitsHref(this.customerId, 'xlsx')} download
            aria-label="Export XLSX: every unit of this customer">${iconDownload()} XLSX</a>
        </div>
        <p class="units-note">Every serial number on this customer’s sales orders, shipped or reserved for a delivery:
          for a recall, who to reach about which unit.</p>`,
      list: {
        noun: 'units',
        empty: 'No serial-numbered unit has been reserved for or shipped to this customer yet.',
        head: () => html`<th>Serial number</th><th class="wide-only">SKU / Item</th><th>Status</th><th>Sales order</th>
          <th class="wide-only">Delivered</th>`,
        row: (sn) => {
          const so = sn.salesOrderRow?.salesOrder;
          return html`<tr data-id=${sn.id} data-number=${sn.number}>
            <td class="number"><a href=${traceHref(sn.variant.sku, sn.number)} title="Trace ${sn.number}">${sn.number}</a>
              <div class="sub narrow-only"><span class="sku">${sn.variant.sku}</span></div></td>
            <td class="wide-only item-cell"><span class="sku">${sn.variant.sku}</span> <span class="item">${itemName(sn.variant)}</span></td>
            <td><span class="pill ${statusColor[sn.status] || ''}">${labels.serialStatus[sn.status] || sn.status}</span></td>
            <td class="so">${so ? html`<a href=${salesOrderHref(so.id)}>${so.number}</a>` : html`<span class="muted">—</span>`}
              ${so?.deliveredAt ? html`<div class="sub narrow-only">${formatDate(so.deliveredAt)}</div>` : ''}</td>
            <td class="nowrap wide-only delivered" title=${formatDateTime(so?.deliveredAt)}>${formatDate(so?.deliveredAt) || html`<span class="muted">—</span>`}</td>
          </tr>`;
        },
      },
    });
  }

  _orderList() {
    return this._listSection(this._orders, {
      cls: 'sales-orders', heading: 'Sales orders',
      list: {
        noun: 'sales orders',
        empty: html`No sales orders for this customer yet. <a href=${this._newOrderHref()}>Create the first one</a>.`,
        head: () => html`<th>Number</th><th>Status</th><th class="wide-only">Ordered</th><th>Delivered</th><th>Tracing</th>`,
        row: (o) => html`<tr data-id=${o.id}>
          <td class="number-cell"><a class="so-number" href=${salesOrderHref(o.id)}><strong>${o.number}</strong></a></td>
          <td><span class="pill ${statusColor[o.status] || ''}">${labels.salesStatus[o.status] || o.status}</span></td>
          <td class="nowrap wide-only" title=${formatDateTime(o.orderedAt)}>${formatDate(o.orderedAt)}</td>
          <td class="nowrap delivered" title=${formatDateTime(o.deliveredAt)}>${formatDate(o.deliveredAt) || html`<span class="muted">—</span>`}</td>
          ${this._tracingCell(o)}
        </tr>`,
      },
    });
  }

  _lists() {
    return html`${this._unitList()}${this._orderList()}`;
  }
}

customElements.define('st-customer-detail', StCustomerDetail);
