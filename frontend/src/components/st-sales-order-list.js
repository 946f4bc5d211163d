// Sales orders screen: number, customer, status, tracing summary, delivered date; search by
// number or customer, status filter, paging.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { salesOrderHref, replaceQuery } from '../router.js';
import { formatDate, formatDateTime, labels, statusColor } from '../format.js';
import './st-tracing-badge.js';
import './st-pager.js';

const PAGE_SIZE = 50;

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

export class StSalesOrderList extends LitElement {
  static properties = {
    query: { attribute: false },   // filters from the URL
    _search: { state: true },
    _status: { state: true },
    _page: { state: true },
    _result: { state: true },
    _loading: { state: true },
    _error: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .head { display: flex; align-items: center; gap: 12px; margin-bottom: 14px; }
      .toolbar { padding: 12px; border-bottom: 1px solid var(--st-border); }
      .toolbar input[type='search'] { width: 260px; }
      td.number a { font-weight: 600; }
      .alert { margin: 12px; }
      .loading-bar { height: 2px; background: linear-gradient(90deg, transparent, var(--st-primary), transparent);
        background-size: 200% 100%; animation: slide 1s linear infinite; }
      @keyframes slide { from { background-position: 100% 0; } to { background-position: -100% 0; } }
    `,
  ];

  constructor() {
    super();
    this.query = {};
    this._search = '';
    this._status = '';
    this._page = 0;
    this._cursors = [null];
    this._result = null;
    this._loading = false;
    this._error = '';
    this._seq = 0;
    this._searchTimer = null;
  }

  _applyQuery() {
    const q = this.query || {};
    this._search = q.search || '';
    this._status = q.status || '';
  }

  willUpdate(changed) {
    if (changed.has('query') && this._started && changed.get('query') !== undefined) {
      this._applyQuery();
      this._reset();
    }
  }

  connectedCallback() {
    super.connectedCallback();
    this._applyQuery();
    this._started = true;
    this._reset();
  }

  disconnectedCallback() {
    clearTimeout(this._searchTimer);
    super.disconnectedCallback();
  }

  _filter() {
    const filter = {};
    if (this._search.trim()) filter.search = this._search.trim();
    if (this._status) filter.status = this._status;
    return filter;
  }

  _reset() {
    this._page = 0;
    this._cursors = [null];
    replaceQuery('/sales-orders', { search: this._search.trim(), status: this._status });
    this._load();
  }

  async _load() {
    const seq = ++this._seq;
    this._loading = true;
    this._error = '';
    try {
      const data = await gql(QUERY, { filter: this._filter(), first: PAGE_SIZE, after: this._cursors[this._page] });
      if (seq !== this._seq) return;
      this._result = data.salesOrders;
      this._cursors[this._page + 1] = data.salesOrders.pageInfo.endCursor;
    } catch (err) {
      if (seq === this._seq) this._error = errorMessage(err);
    } finally {
      if (seq === this._seq) this._loading = false;
    }
  }

  _onSearch(event) {
    this._search = event.target.value;
    clearTimeout(this._searchTimer);
    this._searchTimer = setTimeout(() => this._reset(), 250);
  }

  _onPage(event) {
    this._page = Math.max(0, this._page + event.detail.direction);
    this._load();
  }

  _table() {
    const result = this._result;
    if (!result) return this._loading ? html`<div class="loading">Loading sales orders…</div>` : '';
    if (!result.edges.length) {
      return html`<div class="empty">${this._search.trim() || this._status
        ? 'No sales orders match these filters.'
        : 'No sales orders yet.'}</div>`;
    }
    return html`
      <div class="table-wrap">
        <table>
          <thead><tr>
            <th>Number</th><th>Customer</th><th>Status</th><th>Created</th><th>Delivered</th><th>Tracing</th>
          </tr></thead>
          <tbody>
            ${result.edges.map(({ node: so }) => html`
              <tr data-id=${so.id}>
                <td class="number"><a href=${salesOrderHref(so.id)}>${so.number}</a></td>
                <td>${so.customer?.name}</td>
                <td><span class="pill ${statusColor[so.status] || ''}">${labels.salesStatus[so.status] || so.status}</span></td>
                <td class="nowrap">${formatDate(so.createdAt)}</td>
                <td class="nowrap delivered" title=${formatDateTime(so.deliveredAt)}>${formatDate(so.deliveredAt) || html`<span class="muted">—</span>`}</td>
                <td>${so.hasTrackedRows
                  ? html`<st-tracing-badge .tracing=${so.tracing}></st-tracing-badge>`
                  : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      <st-pager .page=${this._page} .pageSize=${PAGE_SIZE} .count=${result.edges.length}
        .totalCount=${result.totalCount} ?hasNext=${result.pageInfo.hasNextPage} ?disabled=${this._loading}
        @page-change=${this._onPage}></st-pager>
    `;
  }

  render() {
    return html`
      <div class="head"><h1>Sales orders</h1></div>
      <section class="card" aria-busy=${this._loading ? 'true' : 'false'}>
        <div class="toolbar" role="search">
          <label class="field">Search
            <input type="search" placeholder="Order number or customer, e.g. SO-12" .value=${this._search}
              @input=${this._onSearch} aria-label="Search by order number or customer"></label>
          <label class="field">Status
            <select aria-label="Status" @change=${(e) => { this._status = e.target.value; this._reset(); }}>
              <option value="" ?selected=${!this._status}>All statuses</option>
              ${Object.entries(labels.salesStatus).map(([value, label]) => html`
                <option value=${value} ?selected=${this._status === value}>${label}</option>`)}
            </select></label>
        </div>
        ${this._loading ? html`<div class="loading-bar"></div>` : ''}
        ${this._error ? html`<p class="alert" role="alert">Could not load sales orders: ${this._error}
          <button class="small" @click=${() => this._load()}>Retry</button></p>` : ''}
        ${this._table()}
      </section>
    `;
  }
}

customElements.define('st-sales-order-list', StSalesOrderList);
