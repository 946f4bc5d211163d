// Stock → Serial numbers: every serial number (linked to its trace view) with its item, status,
// added date, PO and customer / SO;
// search, filters (SKU, status, added-date range), sortable headers, paging, CSV export.
import { html, css } from 'lit';
import { shared, listScreen } from '../styles.js';
import { gql } from '../api.js';
import { orderHref, salesOrderHref, traceHref } from '../router.js';
import { dayToIso, formatDate, formatDateTime, labels, statusColor } from '../format.js';
import { iconDownload, iconSort } from '../icons.js';
import { retryAlert } from '../page.js';
import { PAGE_SIZE, UrlListScreen } from '../order-list.js';
import './st-pager.js';

const FIELDS = `
  id number status addedAt
  variant { id sku name product { id name } }
  purchaseOrderRow { id purchaseOrder { id number kind } }
  salesOrderRow { id salesOrder { id number customer { id name } } }
`;

const QUERY = `
  query SerialNumberList($filter: SerialNumberFilter, $orderBy: SerialNumberOrder, $first: Int, $after: String) {
    serialNumbers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount totalCountIsExact
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${FIELDS} } }
    }
  }
`;

const VARIANTS = `
  query TrackedVariants { variants(serialTracked: true, first: 500) { edges { node { id sku name product { id name } } } } }
`;

const COLUMNS = [
  { label: 'Serial number', field: 'NUMBER' },
  { label: 'SKU / Item', field: 'SKU' },
  { label: 'Status', field: 'STATUS' },
  { label: 'Added date', field: 'ADDED_AT' },
  { label: 'Purchase order', field: null },
  { label: 'Customer / SO', field: null },
];

function itemName(variant) {
  const product = variant?.product?.name;
  if (product && variant.name && variant.name !== product) return `${product} — ${variant.name}`;
  return product || variant?.name || '';
}

export class StSerialNumberList extends UrlListScreen {
  static properties = {
    _filters: { state: true },
    _sort: { state: true },         // {field, direction} or null (server default)
    _variants: { state: true },
  };


  static styles = [
    shared,
    listScreen,
    css`
      :host { display: block; }
      .head { display: flex; align-items: baseline; gap: 16px; margin-bottom: 10px; }
      .tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--st-border); margin-bottom: 14px; }
      .tabs a { padding: 8px 14px; color: var(--st-muted); border-bottom: 2px solid transparent; margin-bottom: -1px; }
      .tabs a[aria-current='page'] { color: var(--st-fg); border-bottom-color: var(--st-primary); font-weight: 500; }
      .tabs a:hover { text-decoration: none; color: var(--st-fg); }
      .toolbar input[type='search'] { width: 200px; }
      .toolbar input.sku { width: 150px; }
      .toolbar .export { margin-left: auto; }
      .toolbar .export st-labels-menu { margin-left: 6px; }
      .export-status { font-size: 12.5px; color: var(--st-muted); }
      th button.sort {
        all: unset; cursor: pointer; display: inline-flex; align-items: center; gap: 5px;
        font: inherit; color: inherit; text-transform: inherit; letter-spacing: inherit;
      }
      th button.sort:focus-visible { outline: 2px solid var(--st-primary); outline-offset: 2px; }
      th[aria-sort='ascending'], th[aria-sort='descending'] { color: var(--st-fg); }
      td.number { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; white-space: pre; }
      td .sku { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; font-weight: 600; margin-right: 6px; }
      .item { color: var(--st-muted); }
      td.number a { color: inherit; text-decoration: underline dotted #94a3b8; text-underline-offset: 3px; }
      td.number a:hover { color: var(--st-primary); text-decoration: underline; }
      td.so .customer { margin-right: 6px; }
      td.so a { text-decoration: underline; text-underline-offset: 2px; }
      /* A phone: the table keeps readable columns and scrolls sideways in its own box. */
      @media (max-width: 760px) { .table-wrap table { min-width: 720px; } }
      @media (max-width: 1000px) { .toolbar .export { margin-left: 0; } }
    `,
  ];

  constructor() {
    super();
    this.QUERY = QUERY;
    this.field = 'serialNumbers';
    this.path = '/stock';
    this._filters = { search: '', sku: '', status: '', from: '', to: '' };
    this._sort = null;
    this._variants = [];
  }

  _applyQuery() {
    const q = this.query || {};
    this._filters = { search: q.search || '', sku: q.sku || '', status: q.status || '', from: q.from || '', to: q.to || '' };
    const [field, direction] = (q.sort || '').split(':');
    this._sort = field && (direction === 'ASC' || direction === 'DESC') ? { field, direction } : null;
  }

  // Live: any serial number event (received, picked, shipped, …) may change the page shown; a
  // burst (an import, a receipt of 1000) is waited out for a second before the page is read.
  static LIVE = `subscription StockLive($after: String) { serialNumberEvents(after: $after) { cursor } }`;

  liveDelay = 1000;

  _start() {
    super._start();
    this._loadVariants();
  }

  async _loadVariants() {
    try {
      const data = await gql(VARIANTS);
      this._variants = data.variants.edges.map((e) => e.node);
    } catch {
      this._variants = [];   // only the SKU suggestions are missing; the filter still works
    }
  }

  _filterInput() {
    const f = this._filters;
    const filter = {};
    if (f.search.trim()) filter.search = f.search.trim();
    if (f.sku.trim()) filter.sku = f.sku.trim();
    if (f.status) filter.status = f.status;
    if (f.from) filter.addedFrom = dayToIso(f.from);
    if (f.to) filter.addedTo = dayToIso(f.to, { end: true });
    return filter;
  }

  _variables() {
    return { filter: this._filterInput(), orderBy: this._sort };
  }

  _urlFilters() {
    const f = this._filters;
    return {
      search: f.search.trim(), sku: f.sku.trim(), status: f.status, from: f.from, to: f.to,
      sort: this._sort ? `${this._sort.field}:${this._sort.direction}` : '',
    };
  }

  _setFilter(name, value, { debounce = false } = {}) {
    this._filters = { ...this._filters, [name]: value };
    clearTimeout(this._searchTimer);
    if (debounce) this._searchTimer = setTimeout(() => this._reset(), 250);
    else this._reset();
  }

  _clearFilters() {
    this._filters = { search: '', sku: '', status: '', from: '', to: '' };
    this._reset();
  }

  _sortBy(field) {
    const current = this._sort;
    let direction = 'ASC';
    if (current && current.field === field) direction = current.direction === 'ASC' ? 'DESC' : 'ASC';
    this._sort = { field, direction };
    this._reset();
  }

  /** The download of what the filter shows, every page: streamed by the server in the list's
   * order (/downloads/serial-numbers.csv, the same filters as the query). */
  _exportHref() {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(this._filterInput())) params.set(name, value);
    if (this._sort) {
      params.set('orderBy', this._sort.field);
      params.set('direction', this._sort.direction);
    }
    const query = params.toString();
    return `/downloads/serial-numbers.csv${query ? `?${query}` : ''}`;
  }

  _filtersActive() {
    const f = this._filters;
    return Boolean(f.search.trim() || f.sku.trim() || f.status || f.from || f.to);
  }

  _header(column) {
    if (!column.field) return html`<th>${column.label}</th>`;
    const active = this._sort?.field === column.field ? this._sort.direction : null;
    const ariaSort = active === 'ASC' ? 'ascending' : active === 'DESC' ? 'descending' : 'none';
    return html`<th aria-sort=${ariaSort} data-field=${column.field}>
      <button type="button" class="sort" @click=${() => this._sortBy(column.field)}
        title="Sort by ${column.label.toLowerCase()}">${column.label} ${iconSort(active)}</button></th>`;
  }

  _table() {
    const result = this._result;
    if (!result) return this._loader.loading ? html`<div class="loading">Loading serial numbers…</div>` : '';
    if (!result.edges.length) {
      return html`<div class="empty">${this._filtersActive()
        ? html`No serial numbers match these filters. <button class="link" @click=${this._clearFilters}>Clear filters</button>`
        : 'No serial numbers yet'}</div>`;
    }
    return html`
      <div class="table-wrap">
        <table>
          <thead><tr>${COLUMNS.map((c) => this._header(c))}</tr></thead>
          <tbody>
            ${result.edges.map(({ node: sn }) => html`
              <tr data-id=${sn.id}>
                <td class="number"><a href=${traceHref(sn.variant.sku, sn.number)} title="Trace ${sn.number}">${sn.number}</a></td>
                <td><span class="sku">${sn.variant?.sku}</span> <span class="item">${itemName(sn.variant)}</span></td>
                <td><span class="pill ${statusColor[sn.status] || ''}">${labels.serialStatus[sn.status] || sn.status}</span></td>
                <td class="nowrap added" title=${formatDateTime(sn.addedAt)}>${formatDate(sn.addedAt) || html`<span class="muted">—</span>`}</td>
                <td>${sn.purchaseOrderRow?.purchaseOrder
                  ? html`<a href=${orderHref(sn.purchaseOrderRow.purchaseOrder.id)}>${sn.purchaseOrderRow.purchaseOrder.number}</a>`
                  : html`<span class="muted">—</span>`}</td>
                <td class="so">${sn.salesOrderRow?.salesOrder
                  ? html`<span class="customer">${sn.salesOrderRow.salesOrder.customer?.name}</span>
                      <a href=${salesOrderHref(sn.salesOrderRow.salesOrder.id)}>${sn.salesOrderRow.salesOrder.number}</a>`
                  : html`<span class="muted">—</span>`}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      <st-pager .page=${this._page} .pageSize=${PAGE_SIZE} .count=${result.edges.length}
        .totalCount=${result.totalCount} .exact=${result.totalCountIsExact} ?hasNext=${result.pageInfo.hasNextPage} ?disabled=${this._busy}
        @st-page-change=${this._onPage}></st-pager>
    `;
  }

  render() {
    const f = this._filters;
    return html`
      <div class="head"><h1>Stock</h1></div>
      <nav class="tabs" aria-label="Stock"><a href="#/stock" aria-current="page">Serial numbers</a></nav>
      <section class="card" aria-busy=${this._busy ? 'true' : 'false'}>
        <div class="toolbar" role="search" aria-label="Filters">
          <label class="field">Search
            <input type="search" placeholder="Serial number" aria-label="Search serial numbers" .value=${f.search}
              @input=${(e) => this._setFilter('search', e.target.value, { debounce: true })}></label>
          <label class="field">SKU
            <input class="sku" type="text" list="skus" placeholder="Any SKU" aria-label="SKU" .value=${f.sku}
              @change=${(e) => this._setFilter('sku', e.target.value)}></label>
          <datalist id="skus">${this._variants.map((v) => html`<option value=${v.sku}>${itemName(v)}</option>`)}</datalist>
          <label class="field">Status
            <select aria-label="Status" @change=${(e) => this._setFilter('status', e.target.value)}>
              <option value="" ?selected=${!f.status}>All statuses</option>
              ${Object.entries(labels.serialStatus).map(([value, label]) => html`
                <option value=${value} ?selected=${f.status === value}>${label}</option>`)}
            </select></label>
          <label class="field">Added from
            <input type="date" aria-label="Added from" .value=${f.from} max=${f.to || ''}
              @change=${(e) => this._setFilter('from', e.target.value)}></label>
          <label class="field">Added to
            <input type="date" aria-label="Added to" .value=${f.to} min=${f.from || ''}
              @change=${(e) => this._setFilter('to', e.target.value)}></label>
          ${this._filtersActive() ? html`<button type="button" class="link" @click=${this._clearFilters}>Clear</button>` : ''}
          <div class="export">
            ${this._result?.totalCount
              ? html`<a class="button export-csv" href=${this._exportHref()} download
                  title="Download what the filter shows, all pages">${iconDownload()} Export CSV</a>`
              : html`<button type="button" class="export-csv" disabled
                  title="Nothing to export">${iconDownload()} Export CSV</button>`}
            <st-labels-menu .params=${this._filterInput()} ?disabled=${!this._result?.totalCount}
              description=${`the ${this._result?.totalCountIsExact === false ? 'more than ' : ''}${this._result?.totalCount ?? 0} serial numbers the filter shows`}></st-labels-menu>
          </div>
        </div>
        ${this._busy ? html`<div class="loading-bar"></div>` : ''}
        ${this._loader.error ? retryAlert('Could not load serial numbers', this._loader) : ''}
        ${this._table()}
      </section>
    `;
  }
}

customElements.define('st-serial-number-list', StSerialNumberList);
