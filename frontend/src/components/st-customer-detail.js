// Customer page: the customer's contact details (editable), a link to a new sales order for it,
// every unit it holds or was shipped (number linked to its trace view, SKU / item, status, sales
// order; paged) with its CSV / XLSX export (the other half of a recall), and its sales orders.
import { LitElement, html, css } from 'lit';
import { shared, pageHead } from '../styles.js';
import { gql } from '../api.js';
import { dismissableNotice, Loader, notLoaded, retryAlert } from '../page.js';
import { CONTACT_FIELDS, Paged, notFound, plural, responsive, sections } from '../catalog.js';
import { formatDate, formatDateTime, itemName, labels, statusColor, totalLabel } from '../format.js';
import { NEW_SALES_ORDER_HREF, salesOrderHref, traceHref } from '../router.js';
import { iconDownload } from '../icons.js';
import './st-party-details.js';
import './st-tracing-badge.js';
import './st-pager.js';

const CUSTOMER = `
  query CustomerDetail($id: ID!) { customer(id: $id) { id ${CONTACT_FIELDS} } }
`;

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

export class StCustomerDetail extends LitElement {
  static properties = {
    customerId: { type: String },
    _customer: { state: true },
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
    this._customer = null;
    this._missing = false;
    this._loader = new Loader(this);
    this._notice = '';
    this._units = new Paged(this, async (first, after) => {
      const data = await gql(UNITS, { id: this.customerId, first, after });
      return data.customer ? data.customer.serialNumbers : null;
    }, { pageSize: 50 });
    this._orders = new Paged(this, async (first, after) => {
      const data = await gql(ORDERS, { id: this.customerId, first, after });
      return data.customer ? data.customer.salesOrders : null;
    });
  }

  willUpdate(changed) {
    if (changed.has('customerId') && this.customerId) {
      this._customer = null;
      this._missing = false;
      this._notice = '';
      this._load();
      this._units.reset();
      this._orders.reset();
    }
  }

  _load() {
    return this._loader.run(() => gql(CUSTOMER, { id: this.customerId }), (data) => {
      this._customer = data.customer;
      this._missing = !data.customer;
    });
  }

  _onSaved(event) {
    this._customer = event.detail.party;
    this._notice = `${event.detail.party.name} saved.`;
  }

  _unitList() {
    const units = this._units;
    const total = units.result?.totalCount;
    return html`
      <section class="card units" aria-labelledby="units-heading" aria-busy=${units.loading ? 'true' : 'false'}>
        <div class="section-head">
          <h2 id="units-heading">Units held or shipped</h2>
          ${units.result ? html`<span class="count">${units.result.totalCountIsExact === false
            ? `${totalLabel(total, false)} serial numbers` : plural(total, 'serial number')}</span>` : ''}
          <div class="section-actions">
            <a class="button primary export-csv" href=${customerUnitsHref(this.customerId)} download
              aria-label="Export CSV: every unit of this customer">${iconDownload()} Export CSV</a>
            <a class="button export-xlsx" href=${customerUnitsHref(this.customerId, 'xlsx')} download
              aria-label="Export XLSX: every unit of this customer">${iconDownload()} XLSX</a>
          </div>
          <p class="units-note">Every serial number on this customer’s sales orders, shipped or reserved for a delivery:
            for a recall, who to reach about which unit.</p>
        </div>
        ${units.render({
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
        })}
      </section>`;
  }

  _orderList() {
    const orders = this._orders;
    return html`
      <section class="card sales-orders" aria-labelledby="orders-heading" aria-busy=${orders.loading ? 'true' : 'false'}>
        <div class="section-head">
          <h2 id="orders-heading">Sales orders</h2>
          ${orders.result ? html`<span class="count">${totalLabel(orders.result.totalCount, orders.result.totalCountIsExact)}</span>` : ''}
        </div>
        ${orders.render({
          noun: 'sales orders',
          empty: html`No sales orders for this customer yet. <a href=${this._newOrderHref()}>Create the first one</a>.`,
          head: () => html`<th>Number</th><th>Status</th><th class="wide-only">Ordered</th><th>Delivered</th><th>Tracing</th>`,
          row: (o) => html`<tr data-id=${o.id}>
            <td class="number-cell"><a class="so-number" href=${salesOrderHref(o.id)}><strong>${o.number}</strong></a></td>
            <td><span class="pill ${statusColor[o.status] || ''}">${labels.salesStatus[o.status] || o.status}</span></td>
            <td class="nowrap wide-only" title=${formatDateTime(o.orderedAt)}>${formatDate(o.orderedAt)}</td>
            <td class="nowrap delivered" title=${formatDateTime(o.deliveredAt)}>${formatDate(o.deliveredAt) || html`<span class="muted">—</span>`}</td>
            <td>${o.hasTrackedRows
              ? html`<st-tracing-badge .tracing=${o.tracing}></st-tracing-badge>`
              : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>
          </tr>`,
        })}
      </section>`;
  }

  _newOrderHref() {
    return `${NEW_SALES_ORDER_HREF}?${new URLSearchParams({ customer: this.customerId })}`;
  }

  render() {
    const back = html`<a class="back" href="#/customers">← Customers</a>`;
    if (this._missing) return html`${back}${notFound('Customer', html`<a href="#/customers">All customers</a>`)}`;
    const customer = this._customer;
    if (!customer) return notLoaded(this._loader, back, { failed: 'Could not load the customer', loading: 'Loading customer…' });
    return html`
      ${back}
      <div class="head">
        <div class="title"><h1>${customer.name}</h1><span class="pill grey">Customer</span></div>
        <div class="actions">
          <a class="button primary new-order" href=${this._newOrderHref()}>New sales order for this customer</a>
        </div>
      </div>
      ${dismissableNotice(this)}
      ${this._loader.error ? retryAlert('Could not refresh the customer', this._loader) : ''}
      <st-party-details kind="customer" .party=${customer} @st-saved=${this._onSaved}></st-party-details>
      ${this._unitList()}
      ${this._orderList()}
    `;
  }
}

customElements.define('st-customer-detail', StCustomerDetail);
