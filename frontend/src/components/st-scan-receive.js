// "Receive by scanning" a purchase order whose rows have expected serial numbers. Every scan —
// a keyboard-wedge scanner (types the number and Enter), typing, or the camera
// (st-camera-scan) — is checked at once against the order (verifySerialNumbers): matched (which
// row, n of q), not on this order (and where it is, if anywhere), scanned twice, an item that
// is not tracked, already received, not a serial number. The last scan's outcome shows large,
// in colour with an icon and a word, to be read at arm's length (no sound); a tally per row
// counts what is verified. A number serialtrace does not know anywhere (not on this order, no
// location) can be put on a row that still has room. "Receive the N
// verified units" sends ONE all-or-nothing receiveSerialNumbers with exactly those units (rows
// split like a partial receipt) on the chosen received date. Scans not received yet are
// unsaved work (unsaved.js): leaving asks first.
import { LitElement, html, css, svg } from 'lit';
import { shared, pageHead } from '../styles.js';
import { ApiError, gql, errorMessage } from '../api.js';
import { Loader, notLoaded, retryAlert } from '../page.js';
import { formatDate, formatQuantity, itemName } from '../format.js';
import { orderHref } from '../router.js';
import { instantForDay, todayDay } from '../order-edit.js';
import { normalise } from '../serials.js';
import { registerUnsaved } from '../unsaved.js';
import { iconBin } from '../icons.js';
import './st-date-field.js';
import './st-camera-scan.js';

const ORDER = `
  query ScanReceiveOrder($id: ID!) {
    purchaseOrder(id: $id) {
      id number status orderedAt hasTrackedRows
      supplier { id name }
      rows {
        id quantity status
        tracing { required assigned state }
        variant { id sku name product { id name serialTracked } }
      }
    }
  }
`;

const VERIFY = `
  query VerifySerialNumbers($purchaseOrderId: ID!, $numbers: [String!]!) {
    verifySerialNumbers(purchaseOrderId: $purchaseOrderId, numbers: $numbers) {
      number outcome row { id } position location message
    }
  }
`;

const RECEIVE = `
  mutation ReceiveSerialNumbers($input: ReceiveSerialNumbersInput!) {
    receiveSerialNumbers(input: $input) {
      purchaseOrder { id status }
      errors { code message field index }
    }
  }
`;

// How each outcome looks: a word, a colour class and an icon. Colour is never the only cue.
const OUTCOMES = {
  CHECKING: { word: 'Checking…', tone: 'pending', icon: 'dots' },
  MATCHED: { word: 'Matched', tone: 'ok', icon: 'check' },
  ADDED: { word: 'Added to a row', tone: 'ok', icon: 'plus' },
  NOT_ON_ORDER: { word: 'Not on this order', tone: 'bad', icon: 'cross' },
  SCANNED_TWICE: { word: 'Scanned twice', tone: 'warn', icon: 'twice' },
  NOT_TRACKED: { word: 'Not tracked', tone: 'warn', icon: 'bang' },
  ALREADY_RECEIVED: { word: 'Already received', tone: 'warn', icon: 'bang' },
  NEW: { word: 'Not expected', tone: 'warn', icon: 'question' },
  UNKNOWN: { word: 'Not a serial number', tone: 'bad', icon: 'cross' },
  FAILED: { word: 'Not checked', tone: 'bad', icon: 'bang' },
};

function bigIcon(name) {
  const paths = {
    check: svg`<path d="M13 25l7 7 15-16" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>`,
    plus: svg`<path d="M24 13v22M13 24h22" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round"/>`,
    cross: svg`<path d="M15 15l18 18M33 15L15 33" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round"/>`,
    twice: svg`<path d="M16 14v20M26 14v20M32 14v20" fill="none" stroke="currentColor" stroke-width="4.5" stroke-linecap="round"/>`,
    bang: svg`<path d="M24 12v15" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="35" r="3.2" fill="currentColor"/>`,
    question: svg`<path d="M18 18a6 6 0 1 1 8.5 5.5c-1.6.8-2.5 2-2.5 3.7V29" fill="none" stroke="currentColor" stroke-width="4.5" stroke-linecap="round"/><circle cx="24" cy="36" r="3" fill="currentColor"/>`,
    dots: svg`<circle cx="14" cy="24" r="3.5" fill="currentColor"/><circle cx="24" cy="24" r="3.5" fill="currentColor"/><circle cx="34" cy="24" r="3.5" fill="currentColor"/>`,
  };
  return html`<svg class="big-icon" width="48" height="48" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
    <circle cx="24" cy="24" r="22" fill="none" stroke="currentColor" stroke-width="3"/>${paths[name]}</svg>`;
}

let nextKey = 1;

export class StScanReceive extends LitElement {
  static properties = {
    orderId: { type: String },
    _order: { state: true },
    _version: { state: true },
    _day: { state: true },
    _busy: { state: true },
    _refusal: { state: true },     // {message, errors} of the last refused receipt
    _notice: { state: true },
    _camera: { state: true },
  };

  static styles = [
    shared,
    pageHead,
    css`
      :host { display: block; }
      /* The facts sit on the page's grey, where the muted grey is too faint to read. */
      .facts, .facts .muted { color: #4b5563; }
      .scan-box { display: flex; gap: 8px; flex-wrap: wrap; margin: 4px 0 12px; }
      .scan-box input { flex: 1 1 14em; min-width: 0; min-height: 56px; font-size: 22px; padding: 6px 12px;
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .scan-box button { min-height: 56px; font-size: 16px; }
      .feedback { display: flex; align-items: center; gap: 16px; padding: 16px 18px; border-radius: 10px;
        border: 3px solid currentColor; margin-bottom: 14px; min-height: 96px; box-sizing: border-box; }
      .feedback .word { font-size: 30px; font-weight: 700; line-height: 1.15; }
      .feedback .number { font-size: 22px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        overflow-wrap: anywhere; }
      .feedback .detail { font-size: 18px; margin-top: 2px; overflow-wrap: anywhere; }
      .feedback .big-icon { flex: none; width: 64px; height: 64px; }
      .feedback.idle { color: #4b5563; border-style: dashed; background: #fff; }
      .feedback.idle .word { font-size: 20px; font-weight: 500; }
      .tone-ok { color: #14532d; background: #dcfce7; }
      .tone-bad { color: #7f1d1d; background: #fee2e2; }
      .tone-warn { color: #78350f; background: #fef3c7; }
      .tone-pending { color: #1e3a8a; background: #e0e7ff; }
      .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 14px; align-items: start; }
      @media (max-width: 900px) { .grid { grid-template-columns: minmax(0, 1fr); } }
      .card h2 { font-size: 15px; margin: 0; }
      table { width: 100%; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      .tally .count { font-size: 20px; font-weight: 600; }
      .tally td:first-child { overflow-wrap: anywhere; min-width: 7em; }
      .tally th, .tally td { padding-left: 8px; padding-right: 8px; }
      .tally tr.complete .count { color: var(--st-success); }
      .scans { list-style: none; margin: 0; padding: 8px; display: flex; flex-direction: column; gap: 6px; max-height: 60vh; overflow-y: auto; }
      .scan { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 6px 8px; border-radius: var(--st-radius); }
      .scan .n { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; overflow-wrap: anywhere; }
      .scan .what { flex: 1 1 10em; font-size: 13px; overflow-wrap: anywhere; }
      .scan select, .scan button { min-height: 44px; }
      .scan button.icon { min-width: 44px; justify-content: center; }
      .receive { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 12px; padding: 12px; }
      .receive button.primary { min-height: 48px; font-size: 16px; }
      .empty { padding: 12px; color: var(--st-muted); }
      .card { margin-bottom: 14px; }
      .section-head .muted { font-size: 13px; }
    `,
  ];

  constructor() {
    super();
    this.orderId = '';
    this._order = null;
    this._loader = new Loader(this);
    this._version = 0;
    this._day = todayDay();
    this._busy = false;
    this._refusal = null;
    this._notice = '';
    this._camera = false;
    this._scans = [];          // [{key, number, outcome, rowId, addRowId, location, message, position}]
    this._last = null;         // the scan the big feedback shows
    this._unregister = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this._unregister = registerUnsaved({
      hasUnsaved: () => this._verified().length > 0,
      describe: () => `${this._verified().length} scanned units not received yet${this._order ? ` (${this._order.number})` : ''}`,
      discard: () => { this._scans = []; },
    });
  }

  disconnectedCallback() {
    this._unregister?.();
    super.disconnectedCallback();
  }

  willUpdate(changed) {
    if (changed.has('orderId') && this.orderId) {
      this._order = null;
      this._scans = [];
      this._last = null;
      this._load();
    }
  }

  _load() {
    return this._loader.run(() => gql(ORDER, { id: this.orderId }), (data) => {
      this._order = data.purchaseOrder;
      if (!data.purchaseOrder) throw new ApiError('This purchase order does not exist (any more).');
      this.updateComplete.then(() => this._focusScan());
    });
  }

  _focusScan() {
    this.renderRoot.querySelector('input.scan-input')?.focus();
  }

  /** Rows that can receive: tracked and not received. */
  get _openRows() {
    return (this._order?.rows || []).filter((r) => r.tracing && r.status === 'NOT_RECEIVED');
  }

  _row(id) {
    return this._order?.rows.find((r) => r.id === id) || null;
  }

  /** The scans that count as units to receive (in scan order): matched, or unknown and put on a row. */
  _verified() {
    return [...this._scans].reverse().filter((s) => s.outcome === 'MATCHED' || (this._addable(s) && s.addRowId));
  }

  _tally(rowId) {
    let matched = 0;
    let added = 0;
    for (const s of this._scans) {
      if (s.outcome === 'MATCHED' && s.rowId === rowId) matched += 1;
      else if (this._addable(s) && s.addRowId === rowId) added += 1;
    }
    return { matched, added, total: matched + added };
  }

  /** How many more numbers a row can take on top of its expected ones (for unknown scans). */
  _room(row) {
    return Number(row.quantity) - (row.tracing?.assigned ?? 0) - this._tally(row.id).added;
  }

  /** Not on this order and nowhere else: it may be added to a row with room. */
  _addable(scan) {
    return scan.outcome === 'NOT_ON_ORDER' && !scan.location;
  }

  /** What the scan shows as: an addable number is NEW (ADDED once it has a row). */
  _shown(scan) {
    if (this._addable(scan)) return scan.addRowId ? 'ADDED' : 'NEW';
    return scan.outcome;
  }

  _bump() {
    this._version += 1;
  }

  // ---- scanning -----------------------------------------------------------------------------

  _onKeyDown(event) {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    const input = event.target;
    const text = input.value;
    input.value = '';
    this._scan(text);
  }

  /** The camera on or off; the text box keeps the focus, for the scanner. */
  _toggleCamera() {
    this._camera = !this._camera;
    this.updateComplete.then(() => this._focusScan());
  }

  _onCameraScan(event) {
    this._scan(event.detail.text);
  }

  /** One scan: synchronous up to the request, so a fast scanner never waits. */
  _scan(raw) {
    const number = String(raw ?? '').trim();
    if (!number || !this._order) return;
    this._notice = '';
    this._refusal = null;
    const key = normalise(number);
    // A scan that could not be checked (the network) is checked again, not counted twice.
    this._scans = this._scans.filter((s) => !(s.outcome === 'FAILED' && normalise(s.number) === key));
    const first = this._scans.find((s) => normalise(s.number) === key && s.outcome !== 'SCANNED_TWICE');
    if (first) {
      const entry = { key: nextKey++, number, outcome: 'SCANNED_TWICE', message: `Already scanned (${first.number}); counted once.` };
      this._scans.unshift(entry);
      this._last = entry;
      this._bump();
      return;
    }
    const entry = { key: nextKey++, number, outcome: 'CHECKING', rowId: null, addRowId: null, location: null, message: '' };
    this._scans.unshift(entry);
    this._last = entry;
    this._bump();
    this._verify(entry);
  }

  async _verify(entry) {
    try {
      const data = await gql(VERIFY, { purchaseOrderId: this._order.id, numbers: [entry.number] });
      const [result] = data.verifySerialNumbers;
      if (!result) throw new Error('no answer for this number');
      entry.outcome = result.outcome in OUTCOMES ? result.outcome : 'UNKNOWN';
      entry.rowId = result.row?.id ?? null;
      entry.location = result.location ?? null;
      entry.position = result.position ?? null;
      entry.message = result.message || '';
      if (this._addable(entry)) {
        // Put it on the only row with room, when there is just one; otherwise the user chooses.
        const rows = this._openRows.filter((r) => this._room(r) > 0);
        if (rows.length === 1) entry.addRowId = rows[0].id;
      }
    } catch (err) {
      entry.outcome = 'FAILED';
      entry.message = `${errorMessage(err)} Scan it again.`;
    }
    this._bump();
  }

  _remove(entry) {
    this._scans = this._scans.filter((s) => s !== entry);
    if (this._last === entry) this._last = null;
    this._refusal = null;
    this._bump();
    this._focusScan();
  }

  _setAddRow(entry, rowId) {
    entry.addRowId = rowId || null;
    this._refusal = null;
    this._bump();
  }

  _clearAll() {
    this._scans = [];
    this._last = null;
    this._refusal = null;
    this._bump();
    this._focusScan();
  }

  // ---- receiving ----------------------------------------------------------------------------

  async _receive() {
    const units = this._verified();
    if (!units.length || this._busy) return;
    const matched = units.filter((s) => s.outcome === 'MATCHED');
    const byRow = new Map();
    for (const s of units) {
      if (s.outcome === 'MATCHED') continue;
      if (!byRow.has(s.addRowId)) byRow.set(s.addRowId, []);
      byRow.get(s.addRowId).push(s);
    }
    const additions = [...byRow.entries()].map(([rowId, list]) => ({ rowId, numbers: list.map((s) => s.number) }));
    const input = {
      purchaseOrderId: this._order.id,
      numbers: matched.map((s) => s.number),
      receivedAt: instantForDay(this._day, [this._order.orderedAt]),
    };
    if (additions.length) input.additions = additions;
    this._busy = true;
    this._refusal = null;
    try {
      const payload = (await gql(RECEIVE, { input })).receiveSerialNumbers;
      this._busy = false;
      if (payload.errors?.length) {
        this._refusal = { errors: payload.errors.map((e) => this._describeError(e, matched, additions)) };
        return;
      }
      const n = units.length;
      const on = this._day && this._day !== todayDay() ? ` on ${this._day}` : '';
      this._scans = [];
      this._last = null;
      this._notice = `Received ${n} ${n === 1 ? 'unit' : 'units'} of ${this._order.number}${on}.`;
      await this._load();
    } catch (err) {
      this._busy = false;
      this._refusal = { errors: [`Not received: ${errorMessage(err)} The scans are kept; try again.`] };
    }
  }

  /** A refusal naming the number it is about, where the server says which. */
  _describeError(error, matched, additions) {
    let number = null;
    if (error.index != null) {
      if (error.field === 'numbers' || error.field == null) number = matched[error.index]?.number;
      if (error.field === 'additions.numbers' && additions.length === 1) number = additions[0].numbers[error.index];
    }
    return number && !error.message.includes(number) ? `${number}: ${error.message}` : error.message;
  }

  // ---- rendering ----------------------------------------------------------------------------

  _detail(entry) {
    const row = entry.rowId ? this._row(entry.rowId) : null;
    switch (this._shown(entry)) {
      case 'MATCHED': {
        if (!row) return entry.message;
        const n = this._scans.filter((s) => s.outcome === 'MATCHED' && s.rowId === row.id).length;
        return `${row.variant.sku} · ${n} of ${formatQuantity(row.quantity)} scanned`;
      }
      case 'ADDED': {
        const target = this._row(entry.addRowId);
        return `Not on this order: added to ${target?.variant.sku ?? 'a row'} when received.`;
      }
      case 'NEW':
        return this._openRows.some((r) => this._room(r) > 0)
          ? 'Not on this order nor anywhere else: choose a row with room to add it, or set it aside.'
          : 'Not on this order nor anywhere else, and no row has room for it: set it aside.';
      case 'NOT_ON_ORDER':
        return entry.message || `It is on ${entry.location}.`;
      default:
        return entry.message || (entry.location ? `It is on ${entry.location}.` : '');
    }
  }

  _feedback() {
    const entry = this._last;
    if (!entry) {
      return html`<div class="feedback idle" role="status" data-testid="scan-feedback" data-outcome="">
        <div><div class="word">Scan a serial number</div>
          <div class="detail">Each scan is checked against ${this._order.number} at once.</div></div></div>`;
    }
    const shown = this._shown(entry);
    const o = OUTCOMES[shown];
    return html`<div class="feedback tone-${o.tone}" role="status" data-testid="scan-feedback"
      data-outcome=${entry.outcome} data-shown=${shown}>
      ${bigIcon(o.icon)}
      <div><div class="word">${o.word}</div>
        <div class="number">${entry.number}</div>
        <div class="detail">${this._detail(entry)}</div></div></div>`;
  }

  _tallyTable() {
    const rows = (this._order.rows || []).filter((r) => r.tracing);
    return html`<section class="card tally" aria-labelledby="tally-heading">
      <div class="section-head"><h2 id="tally-heading">Verified per row</h2></div>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Tally per row (scrolls sideways)"><table>
        <thead><tr><th>Item</th><th class="num">Scanned</th><th class="num">Expected</th><th class="num">Qty</th></tr></thead>
        <tbody>${rows.map((row) => {
          const t = this._tally(row.id);
          const received = row.status !== 'NOT_RECEIVED';
          const expected = row.tracing?.assigned ?? 0;
          return html`<tr data-row-id=${row.id} data-sku=${row.variant.sku} class=${t.matched && t.matched === expected ? 'complete' : ''}>
            <td><div>${itemName(row.variant)}</div><div class="muted mono">${row.variant.sku}</div>
              ${received ? html`<div class="muted">Received</div>` : ''}</td>
            <td class="num"><span class="count" data-testid="tally">${t.total}</span>
              ${t.added ? html`<div class="muted">${t.added} added</div>` : ''}</td>
            <td class="num">${expected}</td>
            <td class="num">${formatQuantity(row.quantity)}</td></tr>`;
        })}</tbody>
      </table></div></section>`;
  }

  _scanList() {
    const scans = this._scans;
    return html`<section class="card" aria-labelledby="scans-heading">
      <div class="section-head"><h2 id="scans-heading">Scans</h2>
        <span class="muted">${scans.length ? `${scans.length}, newest first` : ''}</span>
        ${scans.length ? html`<button type="button" class="small clear-scans" @click=${this._clearAll}>Clear all</button>` : ''}</div>
      ${scans.length ? html`<ul class="scans">${scans.map((s) => this._scanItem(s))}</ul>`
        : html`<div class="empty">No scans yet.</div>`}
    </section>`;
  }

  _scanItem(entry) {
    const o = OUTCOMES[this._shown(entry)];
    const rooms = this._addable(entry) ? this._openRows.filter((r) => r.id === entry.addRowId || this._room(r) > 0) : [];
    return html`<li class="scan tone-${o.tone}" data-number=${entry.number} data-outcome=${entry.outcome}>
      <span class="n">${entry.number}</span>
      <strong>${o.word}</strong>
      <span class="what">${this._detail(entry)}</span>
      ${rooms.length ? html`<label class="visually-hidden" for="add-${entry.key}">Row for ${entry.number}</label>
        <select id="add-${entry.key}" class="add-row" @change=${(e) => this._setAddRow(entry, e.target.value)}>
          <option value="" ?selected=${!entry.addRowId}>Set aside</option>
          ${rooms.map((r) => html`<option value=${r.id} ?selected=${entry.addRowId === r.id}>Add to ${r.variant.sku} (${this._room(r) + (entry.addRowId === r.id ? 1 : 0)} room)</option>`)}
        </select>` : ''}
      <button type="button" class="icon remove-scan" aria-label="Remove scan ${entry.number}" title="Remove this scan"
        @click=${() => this._remove(entry)}>${iconBin()}</button>
    </li>`;
  }

  _receiveBar() {
    const n = this._verified().length;
    const checking = this._scans.some((s) => s.outcome === 'CHECKING');
    const ordered = formatDate(this._order.orderedAt);
    return html`<section class="card" aria-label="Receive">
      <div class="receive">
        <st-date-field .label=${'Received on'} .value=${this._day} .min=${ordered} .max=${todayDay()}
          .hint=${`Today, or an earlier day since the order date (${ordered}).`} ?disabled=${this._busy}
          @st-change=${(e) => { this._day = e.detail.value; this._refusal = null; }}></st-date-field>
        <button type="button" class="primary receive-scanned" ?disabled=${!n || this._busy || checking}
          @click=${this._receive}>${this._busy ? 'Receiving…' : `Receive the ${n} verified ${n === 1 ? 'unit' : 'units'}`}</button>
      </div>
      ${this._refusal ? html`<div class="alert" role="alert" data-testid="receive-refused">
        <strong>Nothing was received.</strong>
        <ul>${this._refusal.errors.map((m) => html`<li>${m}</li>`)}</ul></div>` : ''}
    </section>`;
  }

  render() {
    const order = this._order;
    const back = html`<a class="back" href=${this.orderId ? orderHref(this.orderId) : '#/purchase-orders'}>← ${order?.number || 'Purchase order'}</a>`;
    if (!order) return notLoaded(this._loader, back, { failed: 'Could not load the order', loading: 'Loading order…' });
    const open = this._openRows;
    return html`
      ${back}
      <div class="head"><div>
        <div class="title"><h1>Receive ${order.number} by scanning</h1></div>
        <div class="facts"><span>Supplier <strong>${order.supplier?.name}</strong></span>
          <span>${open.length} tracked ${open.length === 1 ? 'row' : 'rows'} to receive</span></div>
      </div></div>
      ${this._notice ? html`<div class="notice" role="status" data-testid="scan-notice">${this._notice}</div>` : ''}
      ${this._loader.error ? retryAlert('Could not refresh the order', this._loader) : ''}
      ${open.length ? html`
        <div class="scan-box">
          <input class="scan-input" type="text" inputmode="text" autocomplete="off" spellcheck="false" enterkeyhint="go"
            aria-label="Serial number" aria-describedby="scan-help" placeholder="Scan or type + Enter"
            @keydown=${this._onKeyDown}>
          <button type="button" class="camera-toggle"
            @click=${this._toggleCamera}>${this._camera ? 'Stop camera' : 'Scan with camera'}</button>
        </div>
        <div id="scan-help" class="visually-hidden">A barcode scanner types the number and Enter; each scan is checked at once.</div>
        ${this._camera ? html`<st-camera-scan @st-scan=${this._onCameraScan}></st-camera-scan>` : ''}
        ${this._feedback()}
        <div class="grid">
          <div>${this._tallyTable()}${this._receiveBar()}</div>
          ${this._scanList()}
        </div>`
        : html`<div class="card empty">Nothing left to receive by scanning: no tracked row of this order is open.
            <a href=${orderHref(order.id)}>Back to ${order.number}</a></div>`}
    `;
  }
}

customElements.define('st-scan-receive', StScanReceive);
