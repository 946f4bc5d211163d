// Items screen: every product with its variants (SKU, name) and each variant's stock (expected /
// in stock / reserved / shipped, from the order rows); search by name or SKU, the serial-tracking
// filter, paging; "New item" opens the dialog and goes to the new item's page.
import { html, css } from 'lit';
import { CatalogList, ERRORS, PAGE_SIZE, plural, submitDialog, th2, trackingBadge } from '../catalog.js';
import { itemHref } from '../router.js';
import { formatQuantity } from '../format.js';
import './st-item-dialog.js';

const QUERY = `
  query ItemList($search: String, $serialTracked: Boolean, $first: Int, $after: String) {
    products(search: $search, serialTracked: $serialTracked, first: $first, after: $after) {
      totalCount totalCountIsExact
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id name serialTracked
        variants { id sku name stock { expected inStock reserved shipped } }
      } }
    }
  }
`;

const CREATE = `
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) { product { id } ${ERRORS} }
  }
`;

const TRACKING = [['yes', 'Serial-tracked'], ['no', 'Not tracked']];

export class StItemList extends CatalogList {
  static properties = {
    _tracked: { state: true },   // '' | 'yes' | 'no'
  };

  static styles = [
    ...CatalogList.styles,
    css`
      tbody.item { border-top: 2px solid #eceef1; }
      tbody.item tr:hover { background: none; }
      tbody.item:hover { background: #f9fafb; }
      td.item-cell { min-width: 180px; }
      .badges { margin-top: 3px; }
      .sku { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; font-weight: 600; white-space: nowrap; margin-right: 8px; }
      .variant-name { color: var(--st-muted); }
      tr.group-row { display: none; }
      tr.group-row th { background: none; text-transform: none; letter-spacing: normal; font-size: 14px; color: var(--st-fg);
        border-bottom: none; padding-bottom: 0; white-space: normal; }
      tr.group-row a { font-weight: 600; }
      tr.group-row .badges { display: inline-block; margin: 0 0 0 6px; font-weight: 400; }
      @media (max-width: 640px) {
        th.item-col, td.item-cell { display: none; }
        tr.group-row { display: table-row; }
        .sku { display: block; margin: 0; }
        th.first, td.first { border-left: none; }
      }
      td.num.zero { color: #9ca3af; }
      td.num.negative { color: var(--st-danger); font-weight: 600; }
      th.first, td.first { border-left: 1px solid #eceef1; }
    `,
  ];

  constructor() {
    super();
    this._tracked = '';
    this.QUERY = QUERY;
    this.field = 'products';
    this.path = '/items';
    this.heading = 'Items';
    this.noun = 'items';
    this.newLabel = 'New item';
    this.emptyText = 'Items are what you buy and sell, each in one or more variants (SKUs). Create the first one to put it on a purchase order.';
    this.searchPlaceholder = 'Name or SKU';
    this.searchLabel = 'Search items by name or SKU';
  }

  _applyQuery() {
    super._applyQuery();
    const tracked = (this.query || {}).tracked;
    this._tracked = tracked === 'yes' || tracked === 'no' ? tracked : '';
  }

  _urlFilters() {
    return { search: this._search.trim(), tracked: this._tracked };
  }

  _variables() {
    return {
      search: this._search.trim() || null,
      serialTracked: this._tracked ? this._tracked === 'yes' : null,
    };
  }

  _clearOtherFilters() {
    this._tracked = '';
  }

  _filterFields() {
    return this._selectField('Serial tracking', '_tracked', 'Tracked and untracked', TRACKING);
  }

  _headers() {
    return html`<th class="item-col">Item</th><th>Variant</th>
      <th class="num first">${th2('Expected', 'Exp.')}</th><th class="num">${th2('In stock', 'Stock')}</th>
      <th class="num">${th2('Reserved', 'Res.')}</th><th class="num">${th2('Shipped', 'Ship.')}</th>`;
  }

  _count(value, first = false) {
    const n = Number(value);
    const cls = n < 0 ? 'negative' : n === 0 ? 'zero' : '';
    return html`<td class="num ${cls} ${first ? 'first' : ''}">${formatQuantity(value)}</td>`;
  }

  _itemHead(product, variants) {
    return html`<a href=${itemHref(product.id)}>${product.name}</a>
      <div class="badges">${trackingBadge(product.serialTracked)}
        ${variants > 1 ? html`<span class="muted">${plural(variants, 'variant')}</span>` : ''}</div>`;
  }

  // One <tbody> per item. Wide: the item's cell spans its variant rows; narrow: the item is a
  // row of its own above them (one of the two is display: none).
  _row(product) {
    const variants = product.variants.length ? product.variants : [null];
    return html`<tbody class="item" data-id=${product.id}>
      <tr class="group-row"><th colspan="5" scope="rowgroup" class="name">${this._itemHead(product, variants.length)}</th></tr>
      ${variants.map((v, i) => html`<tr data-sku=${v?.sku ?? ''}>
        ${i === 0 ? html`<td class="item-cell name" rowspan=${variants.length}>${this._itemHead(product, variants.length)}</td>` : ''}
        ${v ? html`
          <td class="variant"><span class="sku">${v.sku}</span>
            ${v.name !== product.name ? html`<span class="variant-name">${v.name}</span>` : ''}</td>
          ${this._count(v.stock.expected, true)}${this._count(v.stock.inStock)}
          ${this._count(v.stock.reserved)}${this._count(v.stock.shipped)}`
          : html`<td colspan="5" class="muted">No variants</td>`}
      </tr>`)}
    </tbody>`;
  }

  // OrderList puts rows into one <tbody>; items bring their own.
  _table() {
    const result = this._result;
    if (!result || !result.edges.length) return super._table();
    return html`
      <div class="table-wrap">
        <table>
          <thead><tr>${this._headers()}</tr></thead>
          ${result.edges.map(({ node }) => this._row(node))}
        </table>
      </div>
      <st-pager .page=${this._page} .pageSize=${PAGE_SIZE} .count=${result.edges.length}
        .totalCount=${result.totalCount} .exact=${result.totalCountIsExact} ?hasNext=${result.pageInfo.hasNextPage} ?disabled=${this._loading}
        @st-page-change=${this._onPage}></st-pager>`;
  }

  async _create(event) {
    const { name, serialTracked, numberingPattern, variants } = event.detail;
    const input = { name, serialTracked, variants };
    if (numberingPattern) input.numberingPattern = numberingPattern;
    const payload = await submitDialog(this, '_creating', CREATE, 'createProduct', input);
    if (!payload) return;
    this._creating = null;
    window.location.hash = itemHref(payload.product.id);
  }

  _createDialog() {
    return html`<st-item-dialog mode="new" ?busy=${this._creating.busy} .errors=${this._creating.errors}
      @st-submit=${this._create} @st-cancel=${() => { this._creating = null; }}></st-item-dialog>`;
  }
}

customElements.define('st-item-list', StItemList);
