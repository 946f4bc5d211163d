// Item page: the product's name (Rename), its serial-tracking switch (the server's refusal,
// TRACKING_LOCKED or INVALID_QUANTITY, shown beside it), its variants with their stock from the
// order rows (Edit a variant's SKU, name and own numbering pattern; Add variants), for a tracked
// item its numbering pattern (the default of its variants, Set / Change) and its serial numbers
// per status (each count a link into Stock with the filter set), and the open purchase and sales
// orders that hold it.
import { LitElement, html, css } from 'lit';
import { shared, pageHead } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { dismissableNotice, Loader, notLoaded, retryAlert } from '../page.js';
import {
  ERRORS, Paged, notFound, plural, responsive, sections, submitDialog, switchButton, switchStyles, th2, trackingBadge,
} from '../catalog.js';
import { formatDate, formatQuantity, labels, statusColor, totalLabel } from '../format.js';
import { patternField } from '../numbering.js';
import { orderHref, salesOrderHref, stockHref, supplierHref, customerHref } from '../router.js';
import './st-catalog-form-dialog.js';
import './st-item-dialog.js';
import './st-pager.js';

const VARIANT_FIELDS = `id sku name ownNumberingPattern
  stock { expected inStock reserved shipped }
  serialNumberCounts { expected inStock reserved shipped }`;

const PRODUCT = `
  query ItemDetail($id: ID!) {
    product(id: $id) { id name serialTracked numberingPattern variants { ${VARIANT_FIELDS} } }
  }
`;

const OPEN_POS = `
  query ItemOpenPurchaseOrders($id: ID!, $first: Int, $after: String) {
    product(id: $id) { id openPurchaseOrders(first: $first, after: $after) {
      totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
      edges { node { id number kind status orderedAt expectedOn supplier { id name }
        rows { id quantity status variant { id sku product { id } } } } }
    } }
  }
`;

const OPEN_SOS = `
  query ItemOpenSalesOrders($id: ID!, $first: Int, $after: String) {
    product(id: $id) { id openSalesOrders(first: $first, after: $after) {
      totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
      edges { node { id number status orderedAt customer { id name }
        rows { id quantity variant { id sku product { id } } } } }
    } }
  }
`;

const UPDATE_PRODUCT = `
  mutation UpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      product { id name serialTracked numberingPattern variants { ${VARIANT_FIELDS} } } ${ERRORS}
    }
  }
`;
const ADD_VARIANTS = `
  mutation AddVariants($input: AddVariantsInput!) {
    addVariants(input: $input) { product { id } ${ERRORS} }
  }
`;
const UPDATE_VARIANT = `
  mutation UpdateVariant($input: UpdateVariantInput!) {
    updateVariant(input: $input) { variant { id sku name } ${ERRORS} }
  }
`;

const SHORT = { EXPECTED: 'Exp.', IN_STOCK: 'Stock', RESERVED: 'Res.', SHIPPED: 'Ship.' };

const STATUSES = [
  ['EXPECTED', 'expected'], ['IN_STOCK', 'inStock'], ['RESERVED', 'reserved'], ['SHIPPED', 'shipped'],
];

export class StItemDetail extends LitElement {
  static properties = {
    productId: { type: String },
    _product: { state: true },
    _missing: { state: true },     // the id names no product
    _notice: { state: true },
    _dialog: { state: true },      // {kind: 'rename' | 'variant' | 'add', variant, busy, errors}
    _tracking: { state: true },    // the switch's change: {busy, error}
  };

  static styles = [
    shared,
    pageHead,
    sections,
    switchStyles,
    responsive,
    css`
      :host { display: block; }
      .notice { margin-bottom: 12px; display: flex; align-items: center; gap: 8px; }
      .notice button { margin-left: auto; }
      .tracking { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 14px; padding: 8px 12px; margin-bottom: 16px; }
      .tracking .hint { font-size: 12.5px; color: var(--st-muted); flex: 1 1 260px; }
      .tracking .pattern-line { flex: 1 1 100%; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px;
        font-size: 13px; border-top: 1px solid #eceef1; padding-top: 6px; }
      .tracking .pattern-line .sku { font-size: 13px; color: var(--st-fg); overflow-wrap: anywhere; }
      .tracking .alert { flex: 1 1 100%; margin: 4px 0; }
      .sku { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; font-weight: 600; white-space: nowrap; }
      td.variant .variant-name { color: var(--st-muted); font-size: 13px; }
      td.num.zero, .zero { color: #9ca3af; }
      td.num.negative { color: var(--st-danger); font-weight: 600; }
      td.num a { font-weight: 600; }
      td.row-actions { text-align: right; white-space: nowrap; }
      .on-order { font-size: 12.5px; color: var(--st-muted); }
      .on-order .sku { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .section-note { font-size: 12.5px; color: var(--st-muted); padding: 8px 12px 10px; margin: 0; }
    `,
  ];

  constructor() {
    super();
    this.productId = '';
    this._product = null;
    this._missing = false;
    this._loader = new Loader(this);
    this._notice = '';
    this._dialog = null;
    this._tracking = null;
    this._purchaseOrders = new Paged(this, (first, after) => this._sub(OPEN_POS, first, after, 'openPurchaseOrders'), { pageSize: 10 });
    this._salesOrders = new Paged(this, (first, after) => this._sub(OPEN_SOS, first, after, 'openSalesOrders'), { pageSize: 10 });
  }

  async _sub(query, first, after, field) {
    const data = await gql(query, { id: this.productId, first, after });
    return data.product ? data.product[field] : null;
  }

  willUpdate(changed) {
    if (changed.has('productId') && this.productId) {
      this._product = null;
      this._missing = false;
      this._notice = '';
      this._tracking = null;
      this._load();
      this._purchaseOrders.reset();
      this._salesOrders.reset();
    }
  }

  _load() {
    return this._loader.run(() => gql(PRODUCT, { id: this.productId }), (data) => {
      this._product = data.product;
      this._missing = !data.product;
    });
  }

  // ---- changes ----------------------------------------------------------------------------

  async _toggleTracking() {
    const product = this._product;
    if (this._tracking?.busy) return;
    const on = !product.serialTracked;
    this._tracking = { busy: true, error: '' };
    try {
      const payload = (await gql(UPDATE_PRODUCT, { input: { productId: product.id, serialTracked: on } })).updateProduct;
      if (payload.errors.length) {
        this._tracking = { busy: false, error: payload.errors.map((e) => e.message).join(' ') };
        return;
      }
      this._tracking = null;
      this._notice = on
        ? `${product.name} is serial-tracked now: its units get serial numbers on purchase and sales orders.`
        : `${product.name} is not serial-tracked any more.`;
      await this._load();
    } catch (err) {
      this._tracking = { busy: false, error: errorMessage(err) };
    }
  }

  async _submitDialog(event) {
    const dialog = this._dialog;
    const product = this._product;
    let payload;
    if (dialog.kind === 'rename') {
      payload = await submitDialog(this, '_dialog', UPDATE_PRODUCT, 'updateProduct',
        { productId: product.id, name: event.detail.values.name });
      if (payload) this._notice = `Renamed to ${payload.product.name}.`;
    } else if (dialog.kind === 'variant') {
      const { sku, name, numberingPattern } = event.detail.values;
      const input = { variantId: dialog.variant.id };
      if (sku !== dialog.variant.sku) input.sku = sku;
      if (name !== dialog.variant.name) input.name = name;
      if (numberingPattern !== undefined && numberingPattern.trim() !== dialog.variant.numberingPattern) {
        input.numberingPattern = numberingPattern.trim();
      }
      payload = await submitDialog(this, '_dialog', UPDATE_VARIANT, 'updateVariant', input);
      if (payload) this._notice = `Variant ${payload.variant.sku} saved.`;
    } else if (dialog.kind === 'pattern') {
      const value = event.detail.values.numberingPattern.trim();
      payload = await submitDialog(this, '_dialog', UPDATE_PRODUCT, 'updateProduct',
        { productId: product.id, numberingPattern: value });
      if (payload) this._notice = value ? `Numbering pattern: ${value}.` : 'The numbering pattern is cleared.';
    } else if (dialog.kind === 'add') {
      const { variants } = event.detail;
      payload = await submitDialog(this, '_dialog', ADD_VARIANTS, 'addVariants', { productId: product.id, variants });
      if (payload) {
        this._notice = `Added ${plural(variants.length, 'variant')}: ${variants.map((v) => v.sku.trim()).join(', ')}.`;
      }
    }
    if (!payload) return;
    this._dialog = null;
    // The item as saved, at once: a dialog opened before the reload answers (a variant's, whose
    // placeholder is the item's pattern) must not show what it was before.
    if (payload.product?.variants) this._product = payload.product;
    await this._load();
  }

  /** The Edit dialog of a variant; for a tracked one with its own numbering pattern. */
  _editVariant(product, variant) {
    const own = product.serialTracked ? variant.ownNumberingPattern || '' : null;
    this._dialog = {
      kind: 'variant', variant: { ...variant, numberingPattern: own }, itemPattern: product.numberingPattern || '',
      busy: false, errors: [],
    };
  }

  // ---- rendering --------------------------------------------------------------------------

  _count(value) {
    const n = Number(value);
    return html`<td class="num ${n < 0 ? 'negative' : n === 0 ? 'zero' : ''}">${formatQuantity(value)}</td>`;
  }

  _variants(product) {
    return html`
      <section class="card variants" aria-labelledby="variants-heading">
        <div class="section-head">
          <h2 id="variants-heading">Variants and stock</h2>
          <span class="count">${plural(product.variants.length, 'variant')}</span>
          <div class="section-actions">
            <button type="button" class="small add-variants" aria-haspopup="dialog" @click=${() => { this._dialog = { kind: 'add', itemPattern: product.numberingPattern || '', busy: false, errors: [] }; }}>+ Add variants</button>
          </div>
        </div>
        <div class="table-wrap">
          <table>
            <thead><tr>
              <th>Variant</th><th class="num">${th2('Expected', 'Exp.')}</th><th class="num">${th2('In stock', 'Stock')}</th>
              <th class="num">${th2('Reserved', 'Res.')}</th><th class="num">${th2('Shipped', 'Ship.')}</th>
              <th class="num"><span class="visually-hidden">Actions</span></th>
            </tr></thead>
            <tbody>
              ${product.variants.map((v) => html`
                <tr data-sku=${v.sku} data-id=${v.id}>
                  <td class="variant"><div class="sku">${v.sku}</div><div class="variant-name">${v.name}</div>
                    ${product.serialTracked && v.ownNumberingPattern ? html`<div class="variant-name" data-testid="variant-pattern">Own pattern <span class="sku">${v.ownNumberingPattern}</span></div>` : ''}</td>
                  ${this._count(v.stock.expected)}${this._count(v.stock.inStock)}
                  ${this._count(v.stock.reserved)}${this._count(v.stock.shipped)}
                  <td class="row-actions"><button type="button" class="small edit-variant" aria-haspopup="dialog"
                    aria-label="Edit variant ${v.sku}"
                    @click=${() => this._editVariant(product, v)}>Edit</button></td>
                </tr>`)}
            </tbody>
          </table>
        </div>
        <p class="section-note">Units from the order rows: expected on purchase orders not received yet, reserved on sales
          orders not delivered yet; in stock = received − reserved − shipped.</p>
      </section>`;
  }

  _serialNumbers(product) {
    if (!product.serialTracked) return '';
    return html`
      <section class="card serial-numbers" aria-labelledby="serials-heading">
        <div class="section-head">
          <h2 id="serials-heading">Serial numbers</h2>
          <span class="count">by status; each count opens them in Stock</span>
        </div>
        <div class="table-wrap">
          <table>
            <thead><tr>
              <th>SKU</th>
              ${STATUSES.map(([status]) => html`<th class="num">${th2(labels.serialStatus[status], SHORT[status])}</th>`)}
              <th class="num">All</th>
            </tr></thead>
            <tbody>
              ${product.variants.map((v) => {
                const counts = v.serialNumberCounts || {};
                const total = STATUSES.reduce((sum, [, key]) => sum + (counts[key] || 0), 0);
                return html`<tr data-sku=${v.sku}>
                  <td><span class="sku">${v.sku}</span></td>
                  ${STATUSES.map(([status, key]) => {
                    const n = counts[key] || 0;
                    return n
                      ? html`<td class="num" data-status=${status}><a href=${stockHref({ sku: v.sku, status })}
                          >${n}<span class="visually-hidden"> ${labels.serialStatus[status].toLowerCase()} serial numbers of ${v.sku}</span></a></td>`
                      : html`<td class="num zero" data-status=${status}>0</td>`;
                  })}
                  <td class="num" data-status="ALL">${total
                    ? html`<a href=${stockHref({ sku: v.sku })}>${total}<span class="visually-hidden"> serial numbers of ${v.sku}</span></a>`
                    : html`<span class="zero">0</span>`}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>
      </section>`;
  }

  /** "5 × SRV-1" for this item's rows on an order (for a PO only the rows still to receive). */
  _onOrder(order) {
    const rows = order.rows.filter((r) => r.variant.product.id === this.productId && r.status !== 'RECEIVED');
    return html`<span class="on-order">${rows.map((r, i) => html`${i ? ', ' : ''}${formatQuantity(r.quantity)} × <span class="sku">${r.variant.sku}</span>`)}</span>`;
  }

  _openOrders() {
    const po = this._purchaseOrders;
    const so = this._salesOrders;
    return html`
      <section class="card open-purchase-orders" aria-labelledby="po-heading" aria-busy=${po.loading ? 'true' : 'false'}>
        <div class="section-head"><h2 id="po-heading">Open purchase orders</h2>
          ${po.result ? html`<span class="count">${totalLabel(po.result.totalCount, po.result.totalCountIsExact)}</span>` : ''}</div>
        ${po.render({
          noun: 'purchase orders',
          empty: 'No open purchase order has this item.',
          head: () => html`<th>Number</th><th class="wide-only">Supplier</th><th>Status</th><th>Still to receive</th>
            <th class="wide-only">Expected</th>`,
          row: (o) => html`<tr data-id=${o.id}>
            <td class="number"><span class="nowrap"><a href=${orderHref(o.id)}>${o.number}</a>
              <span class="pill ${o.kind === 'OUTSOURCED' ? 'purple' : 'blue'}" title=${labels.kindLong[o.kind]}>${labels.kind[o.kind]}</span></span>
              <div class="sub narrow-only">${o.supplier.name}${o.expectedOn ? `, expected ${formatDate(o.expectedOn)}` : ''}</div></td>
            <td class="wide-only"><a href=${supplierHref(o.supplier.id)}>${o.supplier.name}</a></td>
            <td><span class="pill ${statusColor[o.status] || ''}">${labels.orderStatus[o.status] || o.status}</span></td>
            <td>${this._onOrder(o)}</td>
            <td class="nowrap wide-only">${formatDate(o.expectedOn) || html`<span class="muted">—</span>`}</td>
          </tr>`,
        })}
      </section>
      <section class="card open-sales-orders" aria-labelledby="so-heading" aria-busy=${so.loading ? 'true' : 'false'}>
        <div class="section-head"><h2 id="so-heading">Open sales orders</h2>
          ${so.result ? html`<span class="count">${totalLabel(so.result.totalCount, so.result.totalCountIsExact)}</span>` : ''}</div>
        ${so.render({
          noun: 'sales orders',
          empty: 'No open sales order has this item.',
          head: () => html`<th>Number</th><th class="wide-only">Customer</th><th>Status</th><th>On the order</th>
            <th class="wide-only">Ordered</th>`,
          row: (o) => html`<tr data-id=${o.id}>
            <td class="number"><a href=${salesOrderHref(o.id)}>${o.number}</a>
              <div class="sub narrow-only">${o.customer.name}</div></td>
            <td class="wide-only"><a href=${customerHref(o.customer.id)}>${o.customer.name}</a></td>
            <td><span class="pill ${statusColor[o.status] || ''}">${labels.salesStatus[o.status] || o.status}</span></td>
            <td>${this._onOrder(o)}</td>
            <td class="nowrap wide-only">${formatDate(o.orderedAt)}</td>
          </tr>`,
        })}
      </section>`;
  }

  _dialogs(product) {
    const d = this._dialog;
    if (!d) return '';
    const cancel = () => { this._dialog = null; };
    if (d.kind === 'add') {
      return html`<st-item-dialog mode="add" .productName=${product.name} ?tracked=${product.serialTracked}
        .itemPattern=${d.itemPattern || ''} ?busy=${d.busy} .errors=${d.errors}
        @st-submit=${this._submitDialog} @st-cancel=${cancel}></st-item-dialog>`;
    }
    const form = d.kind === 'rename'
      ? { heading: `Rename ${product.name}`, confirm: 'Rename', fields: [{ key: 'name', label: 'Name', value: product.name }] }
      : d.kind === 'pattern' ? {
        heading: `Numbering pattern of ${product.name}`,
        confirm: 'Save',
        fields: [patternField(d.pattern, { hint: 'The default of its variants (a variant may have its own), for “Generate” in the serial number dialog. Empty: none.' })],
      } : {
        heading: `Edit variant ${d.variant.sku}`,
        confirm: 'Save',
        fields: [
          { key: 'sku', label: 'SKU', value: d.variant.sku, hint: 'Unique in any case; the SKU on orders, imports and exports.' },
          { key: 'name', label: 'Name', value: d.variant.name },
          ...(d.variant.numberingPattern !== null ? [patternField(d.variant.numberingPattern, {
            placeholder: d.itemPattern ? `Default: ${d.itemPattern}` : undefined,
            hint: d.itemPattern ? `Empty: the item’s pattern, ${d.itemPattern}.` : undefined,
          })] : []),
        ],
      };
    return html`<st-catalog-form-dialog class=${d.kind} .heading=${form.heading} .confirmLabel=${form.confirm}
      .fields=${form.fields} ?busy=${d.busy} .errors=${d.errors}
      @st-submit=${this._submitDialog} @st-cancel=${cancel}></st-catalog-form-dialog>`;
  }

  render() {
    const back = html`<a class="back" href="#/items">← Items</a>`;
    if (this._missing) return html`${back}${notFound('Item', html`<a href="#/items">All items</a>`)}`;
    const product = this._product;
    if (!product) return notLoaded(this._loader, back, { failed: 'Could not load the item', loading: 'Loading item…' });
    const t = this._tracking;
    return html`
      ${back}
      <div class="head">
        <div>
          <div class="title">
            <h1>${product.name}</h1>
            ${trackingBadge(product.serialTracked)}
          </div>
        </div>
        <div class="actions">
          <button type="button" class="rename" aria-haspopup="dialog" @click=${() => { this._dialog = { kind: 'rename', busy: false, errors: [] }; }}>Rename</button>

        </div>
      </div>
      ${dismissableNotice(this)}
      ${this._loader.error ? retryAlert('Could not refresh the item', this._loader) : ''}
      <div class="card tracking" data-testid="tracking">
        ${switchButton({
          checked: product.serialTracked,
          label: t?.busy ? 'Serial-tracked (saving…)' : 'Serial-tracked',
          onToggle: () => this._toggleTracking(),
          describedBy: t?.error ? 'tracking-hint tracking-error' : 'tracking-hint',
          cls: 'tracking-switch',
        })}
        <span class="hint" id="tracking-hint">Each unit has its own serial number. Can be switched only while no
          variant has serial numbers; switching on needs every order row in whole units.</span>
        ${t?.error ? html`<p class="alert" role="alert" id="tracking-error" data-testid="tracking-refused">
          <strong>Not switched:</strong> ${t.error}</p>` : ''}
        ${product.serialTracked ? html`<div class="pattern-line" data-testid="item-pattern">
          <span>Numbering pattern <strong class="sku">${product.numberingPattern || '—'}</strong></span>
          <button type="button" class="small edit-pattern"
            aria-label=${product.numberingPattern ? 'Change the numbering pattern' : 'Set a numbering pattern'}
            @click=${() => { this._dialog = { kind: 'pattern', pattern: product.numberingPattern || '', busy: false, errors: [] }; }}>
            ${product.numberingPattern ? 'Change' : 'Set'}</button></div>` : ''}
      </div>
      ${this._variants(product)}
      ${this._serialNumbers(product)}
      ${this._openOrders()}
      ${this._dialogs(product)}
    `;
  }
}

customElements.define('st-item-detail', StItemDetail);
