// Trace view of one serial number: supplier → PO/OPO (received) → stock → SO → customer
// (delivered), drawn as an inline SVG path — steps reached in colour, the current one ringed,
// steps ahead greyed — each node linking to its document; the event history beneath.
import { LitElement, html, css, svg } from 'lit';
import { shared, pageHead } from '../styles.js';
import { gql } from '../api.js';
import { Loader, retryAlert } from '../page.js';
import { formatDate, formatDateTime, itemName, labels, statusColor } from '../format.js';
import { orderHref, recallHref, salesOrderHref, searchHref } from '../router.js';

const QUERY = `
  query Trace($sku: String!, $number: String!) {
    serialNumber(sku: $sku, number: $number) {
      id number status addedAt
      variant { id sku name product { id name } }
      purchaseOrderRow { id receivedAt status purchaseOrder { id number kind supplier { id name } } }
      salesOrderRow { id salesOrder { id number status deliveredAt customer { id name } } }
      history { kind at document user purchaseOrder { id number } salesOrder { id number } }
    }
  }
`;

const STAGE = { EXPECTED: 1, IN_STOCK: 2, RESERVED: 3, SHIPPED: 4 };

const WIDTH = 1000;
const HEIGHT = 150;
const Y = 46;
const R = 20;

function clip(text, max = 22) {
  const s = text || '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** An event's order (the API names it) as {href, number}; null for an event of no order. */
function eventOrder(event) {
  if (event.purchaseOrder) return { href: orderHref(event.purchaseOrder.id), number: event.purchaseOrder.number };
  if (event.salesOrder) return { href: salesOrderHref(event.salesOrder.id), number: event.salesOrder.number };
  return null;
}

export class StSerialTrace extends LitElement {
  static properties = {
    sku: { type: String },
    number: { type: String },
    _serial: { state: true },
  };

  static styles = [
    shared,
    pageHead,
    css`
      :host { display: block; }
      h1 .mono { font-size: 20px; }
      .label { font-size: 12px; }
      section.card { margin-bottom: 16px; }
      .path { padding: 10px 12px 4px; }
      svg.trace { display: block; width: 100%; height: auto; max-height: 180px; }
      /* A phone: the path keeps a readable size and scrolls sideways in its own box. */
      @media (max-width: 640px) { .path { overflow-x: auto; } svg.trace { min-width: 600px; } }
      svg.trace a { cursor: pointer; }
      svg.trace a:hover .node-circle { stroke-width: 4; }
      svg.trace a:focus-visible { outline: none; }
      svg.trace a:focus-visible .node-circle { stroke: var(--st-primary); stroke-width: 4; }
      svg.trace text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
      ol.timeline { list-style: none; margin: 0; padding: 14px 16px 8px 16px; }
      ol.timeline li { position: relative; padding: 0 0 14px 26px; }
      ol.timeline li::before { content: ''; position: absolute; left: 6px; top: 14px; bottom: -2px; width: 2px; background: #dfe3ea; }
      ol.timeline li:last-child::before { display: none; }
      ol.timeline .dot { position: absolute; left: 0; top: 4px; width: 14px; height: 14px; border-radius: 50%; background: #fff; border: 3px solid #94a3b8; }
      ol.timeline .dot.in { border-color: var(--st-success); }
      ol.timeline .dot.out { border-color: #7c4dcc; }
      ol.timeline .dot.back { border-color: var(--st-warning); }
      ol.timeline .line1 { display: grid; grid-template-columns: 150px 130px minmax(80px, 1fr) auto; align-items: baseline; gap: 4px 16px; }
      @media (max-width: 700px) { ol.timeline .line1 { grid-template-columns: 1fr 1fr; } }
      ol.timeline .kind { font-weight: 600; }
      ol.timeline .when { color: var(--st-muted); font-size: 12.5px; font-variant-numeric: tabular-nums; }
      ol.timeline .who { color: var(--st-muted); font-size: 12.5px; }
    `,
  ];

  constructor() {
    super();
    this.sku = '';
    this.number = '';
    this._serial = undefined;   // undefined: not loaded; null: no such number
    this._loader = new Loader(this);
  }

  willUpdate(changed) {
    if ((changed.has('sku') || changed.has('number')) && this.sku && this.number) {
      this._serial = undefined;
      this._load();
    }
  }

  _load() {
    return this._loader.run(() => gql(QUERY, { sku: this.sku, number: this.number }), (data) => {
      this._serial = data.serialNumber;
    });
  }

  _steps(sn) {
    const stage = STAGE[sn.status] ?? 0;
    const po = sn.purchaseOrderRow?.purchaseOrder;
    const so = sn.salesOrderRow?.salesOrder;
    const kind = po ? labels.kind[po.kind] || 'PO' : 'PO';
    return [
      { key: 'supplier', title: 'Supplier', value: po?.supplier?.name || '—', sub: '',
        reached: Boolean(po), href: po ? searchHref('/purchase-orders', po.supplier.name) : null },
      { key: 'po', title: kind === 'OPO' ? 'Outsourced PO' : 'Purchase order', value: po?.number || '—',
        sub: sn.purchaseOrderRow?.receivedAt ? `received ${formatDate(sn.purchaseOrderRow.receivedAt)}` : 'not received',
        reached: Boolean(po), href: po ? orderHref(po.id) : null },
      { key: 'stock', title: 'Stock', value: { EXPECTED: 'Expected', IN_STOCK: 'In stock', RESERVED: 'Reserved', SHIPPED: 'Left stock' }[sn.status] || '—',
        sub: sn.addedAt ? `added ${formatDate(sn.addedAt)}` : '',
        reached: stage >= 2, href: stage >= 2 ? `#/stock?${new URLSearchParams({ search: sn.number, sku: sn.variant.sku })}` : null },
      { key: 'so', title: 'Sales order', value: so?.number || 'Not picked',
        sub: so ? (so.status === 'DELIVERED' ? 'delivered' : 'reserved') : '',
        reached: stage >= 3 && Boolean(so), href: so ? salesOrderHref(so.id) : null },
      { key: 'customer', title: 'Customer', value: so?.customer?.name || '—',
        sub: stage >= 4 && so?.deliveredAt ? `delivered ${formatDate(so.deliveredAt)}` : so ? 'not delivered' : '',
        reached: stage >= 4, href: so ? searchHref('/sales-orders', so.customer.name) : null },
    ];
  }

  _picture(sn) {
    const steps = this._steps(sn);
    const gap = WIDTH / steps.length;
    const xs = steps.map((_, i) => gap / 2 + i * gap);
    let current = -1;
    steps.forEach((s, i) => { if (s.reached) current = i; });
    const segments = xs.slice(1).map((x, i) => {
      const done = steps[i + 1].reached;
      return svg`<path class="segment ${done ? 'reached' : 'future'}" d="M ${xs[i] + R} ${Y} L ${x - R} ${Y}"
        stroke=${done ? '#2457c5' : '#c3c8d0'} stroke-width=${done ? 4 : 2.5} fill="none"
        stroke-dasharray=${done ? 'none' : '6 6'} stroke-linecap="round"/>`;
    });
    const nodes = steps.map((step, i) => {
      const x = xs[i];
      const isCurrent = i === current;
      const fill = step.reached ? (isCurrent ? '#2457c5' : '#e8eefb') : '#f4f5f7';
      const stroke = step.reached ? '#2457c5' : '#c3c8d0';
      const ink = step.reached ? '#1f2937' : '#9ca3af';
      const body = svg`
        ${isCurrent ? svg`<circle cx=${x} cy=${Y} r=${R + 7} fill="none" stroke="#2457c5" stroke-opacity=".25" stroke-width="5"/>` : ''}
        <circle class="node-circle" cx=${x} cy=${Y} r=${R} fill=${fill} stroke=${stroke} stroke-width="2.5"/>
        <text x=${x} y=${Y + 5} text-anchor="middle" font-size="14" font-weight="700"
          fill=${isCurrent ? '#fff' : step.reached ? '#2457c5' : '#9ca3af'}>${i + 1}</text>
        <text x=${x} y=${Y + R + 22} text-anchor="middle" font-size="11.5" letter-spacing=".06em"
          fill=${step.reached ? '#596170' : '#b0b6bf'}>${step.title.toUpperCase()}</text>
        <text class="value" x=${x} y=${Y + R + 42} text-anchor="middle" font-size="15" font-weight="600"
          fill=${step.href && step.reached ? '#2457c5' : ink}>${clip(step.value)}</text>
        ${step.sub ? svg`<text x=${x} y=${Y + R + 61} text-anchor="middle" font-size="12.5" fill=${step.reached ? '#596170' : '#b0b6bf'}>${step.sub}</text>` : ''}`;
      return svg`<g class="node ${step.reached ? 'reached' : 'future'}${isCurrent ? ' current' : ''}" data-step=${step.key}>
        ${step.href
          ? svg`<a href=${step.href}><title>${step.title}: ${step.value}</title>${body}</a>`
          : svg`<title>${step.title}: ${step.value}</title>${body}`}</g>`;
    });
    return html`<svg class="trace" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="group"
      aria-label="Path of ${sn.number}: ${steps.filter((s) => s.reached).map((s) => `${s.title} ${s.value}`).join(', then ')}">
      ${segments}${nodes}</svg>`;
  }

  _dotClass(kind) {
    if (['RECEIVED', 'IMPORTED', 'ASSIGNED'].includes(kind)) return 'in';
    if (['RESERVED', 'SHIPPED'].includes(kind)) return 'out';
    return 'back';
  }

  /** The event's document linked to its order; an import names its file and links its order. */
  _document(event, order) {
    if (!order) return event.document || html`<span class="muted">—</span>`;
    if (!event.document || event.document === order.number) return html`<a href=${order.href}>${order.number}</a>`;
    return html`${event.document} · <a href=${order.href}>${order.number}</a>`;
  }

  _timeline(sn) {
    if (!sn.history.length) return html`<div class="empty">No events recorded.</div>`;
    return html`<ol class="timeline" aria-label="History">
      ${sn.history.map((event) => {
        const order = eventOrder(event);
        return html`<li data-kind=${event.kind}>
          <span class="dot ${this._dotClass(event.kind)}"></span>
          <div class="line1">
            <span class="kind">${labels.eventKind[event.kind] || event.kind}</span>
            <time class="when" datetime=${event.at}>${formatDateTime(event.at)}</time>
            <span class="doc">${this._document(event, order)}</span>
            <span class="who">${event.user ? `by ${event.user}` : ''}</span>
          </div>
        </li>`;
      })}
    </ol>`;
  }

  render() {
    const back = html`<a class="back" href="#/stock">← Stock</a>`;
    const sn = this._serial;
    if (this._loader.error) {
      return html`${back}${retryAlert('Could not load the serial number', this._loader)}`;
    }
    if (sn === undefined) return html`${back}<div class="card loading">Loading ${this.number}…</div>`;
    if (sn === null) {
      return html`${back}<div class="card empty" data-testid="not-found">
        <h2>No serial number “${this.number}” of ${this.sku}</h2>
        <p>Check the number and the SKU, or search the <a href=${`#/stock?${new URLSearchParams({ search: this.number })}`}>stock</a>.</p></div>`;
    }
    const po = sn.purchaseOrderRow?.purchaseOrder;
    return html`
      ${back}
      <div class="head">
        <div>
          <div class="title">
            <h1><span class="label muted">Serial number</span> <span class="mono" data-testid="number">${sn.number}</span></h1>
            <span class="pill ${statusColor[sn.status] || ''}" data-testid="status">${labels.serialStatus[sn.status] || sn.status}</span>
          </div>
          <div class="facts">
            <span>SKU <strong class="mono">${sn.variant.sku}</strong></span>
            <span>Item <strong>${itemName(sn.variant)}</strong></span>
            <span>Added <strong>${formatDate(sn.addedAt) || '—'}</strong></span>
            ${po ? html`<span><a href=${recallHref(po.id)}>Customers who got units of ${po.number}</a></span>` : ''}
          </div>
        </div>
      </div>
      <section class="card" aria-busy=${this._loader.loading ? 'true' : 'false'}>
        <div class="section-head"><h2>Path</h2><span class="muted">supplier → purchase → stock → sale → customer</span></div>
        <div class="path">${this._picture(sn)}</div>
      </section>
      <section class="card">
        <div class="section-head"><h2>History</h2><span class="muted">${sn.history.length} event${sn.history.length === 1 ? '' : 's'}, oldest first</span></div>
        ${this._timeline(sn)}
      </section>
    `;
  }
}

customElements.define('st-serial-trace', StSerialTrace);
