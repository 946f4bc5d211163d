// Purchase orders screen: POs and OPOs with search by number, kind and status filters, paging.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { orderHref, replaceQuery } from '../router.js';
import { formatDate, labels, statusColor } from '../format.js';
import './st-tracing-badge.js';
import './st-pager.js';

const PAGE_SIZE = 50;

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

export class StPurchaseOrderList extends LitElement {
  static properties = {
    query: { attribute: false },   // filters from the URL
    _search: { state: true },
    _kind: { state: true },
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
      .toolbar input[type='search'] { width: 220px; }
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
    this._kind = '';
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
    this._kind = q.kind || '';
    this._status = q.status || '';
  }

  willUpdate(changed) {
    // A navigation to this screen with other filters (e.g. the nav link) re-applies them.
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
    if (this._kind) filter.kind = this._kind;
    if (this._status) filter.status = this._status;
    return filter;
  }

  _reset() {
    this._page = 0;
    this._cursors = [null];
    replaceQuery('/purchase-orders', { search: this._search.trim(), kind: this._kind, status: this._status });
    this._load();
  }

  async _load() {
    const seq = ++this._seq;
    this._loading = true;
    this._error = '';
    try {
      const data = await gql(QUERY, { filter: this._filter(), first: PAGE_SIZE, after: this._cursors[this._page] });
      if (seq !== this._seq) return;
      this._result = data.purchaseOrders;
      this._cursors[this._page + 1] = data.purchaseOrders.pageInfo.endCursor;
    } catch (err) {
      if (seq !== this._seq) return;
      this._error = errorMessage(err);
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

  _filtersActive() {
    return Boolean(this._search.trim() || this._kind || this._status);
  }

  _table() {
    const result = this._result;
    if (!result) return this._loading ? html`<div class="loading">Loading purchase orders…</div>` : '';
    if (!result.edges.length) {
      return html`<div class="empty">${this._filtersActive()
        ? 'No purchase orders match these filters.'
        : 'No purchase orders yet.'}</div>`;
    }
    return html`
      <div class="table-wrap">
        <table>
          <thead><tr>
            <th>Number</th><th>Kind</th><th>Supplier</th><th>Status</th><th>Created</th><th>Tracing</th>
          </tr></thead>
          <tbody>
            ${result.edges.map(({ node: po }) => html`
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
      <div class="head"><h1>Purchase orders</h1></div>
      <section class="card" aria-busy=${this._loading ? 'true' : 'false'}>
        <div class="toolbar" role="search">
          <label class="field">Search
            <input type="search" placeholder="Order number, e.g. PO-12" .value=${this._search}
              @input=${this._onSearch} aria-label="Search by order number"></label>
          <label class="field">Kind
            <select aria-label="Kind" .value=${this._kind}
              @change=${(e) => { this._kind = e.target.value; this._reset(); }}>
              <option value="" ?selected=${!this._kind}>All kinds</option>
              <option value="PURCHASE" ?selected=${this._kind === 'PURCHASE'}>Purchase order (PO)</option>
              <option value="OUTSOURCED" ?selected=${this._kind === 'OUTSOURCED'}>Outsourced (OPO)</option>
            </select></label>
          <label class="field">Status
            <select aria-label="Status" .value=${this._status}
              @change=${(e) => { this._status = e.target.value; this._reset(); }}>
              <option value="" ?selected=${!this._status}>All statuses</option>
              ${Object.entries(labels.orderStatus).map(([value, label]) => html`
                <option value=${value} ?selected=${this._status === value}>${label}</option>`)}
            </select></label>
        </div>
        ${this._loading ? html`<div class="loading-bar"></div>` : ''}
        ${this._error ? html`<p class="alert" role="alert">Could not load purchase orders: ${this._error}
          <button class="small" @click=${() => this._load()}>Retry</button></p>` : ''}
        ${this._table()}
      </section>
    `;
  }
}

customElements.define('st-purchase-order-list', StPurchaseOrderList);
