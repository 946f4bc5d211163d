// Serial numbers of one sales order row: pick in-stock numbers of the row's SKU by searching
// (results listed as you type; click or Enter to pick), by scanning or typing + Enter, or by
// pasting a block — the same text box and chips as the PO dialog. New entries are checked in the
// browser (format, duplicates, quantity) and by the debounced checkPickSerialNumbers dry run
// (not in stock, wrong SKU, unknown). Saved numbers of an undelivered order can be binned
// (released). Done is one pickSerialNumbers call that releases the binned numbers and picks the
// new ones, all-or-nothing; refusals land on the chips by index.
// On a delivered order the dialog is read-only.
// @fires st-saved - {row} after Done saved
// @fires st-close - the dialog closed (saved or not)
import { html, css } from 'lit';
import { gql, errorMessage } from '../api.js';
import { iconSearch } from '../icons.js';
import { formatDate, formatQuantity, itemName, totalLabel } from '../format.js';
import { MAX_PER_INPUT, normalise } from '../serials.js';
import { SerialDialog, newEntry } from '../serial-dialog.js';

const SEARCH_DELAY_MS = 200;
const RESULTS_SHOWN = 8;

const CONFLICT = `conflict { id number status variant { id sku }
  purchaseOrderRow { id purchaseOrder { id number } }
  salesOrderRow { id salesOrder { id number } } }`;

const CHECK = `
  query CheckPickSerialNumbers($rowId: ID!, $numbers: [String!]!, $releaseSerialNumberIds: [ID!]) {
    checkPickSerialNumbers(rowId: $rowId, numbers: $numbers, releaseSerialNumberIds: $releaseSerialNumberIds) {
      code message field index number ${CONFLICT}
    }
  }
`;

const SEARCH = `
  query InStock($filter: SerialNumberFilter, $orderBy: SerialNumberOrder, $first: Int) {
    serialNumbers(filter: $filter, orderBy: $orderBy, first: $first) {
      totalCount totalCountIsExact
      edges { node { id number addedAt purchaseOrderRow { id purchaseOrder { id number } } } }
    }
  }
`;

const PICK = `
  mutation PickSerialNumbers($input: PickSerialNumbersInput!) {
    pickSerialNumbers(input: $input) {
      row { id tracing { required assigned state } serialNumbers { id number status } }
      errors { code message field index number ${CONFLICT} }
    }
  }
`;

// Codes of the server's check that belong on a chip; the rest (format, duplicates, quantity)
// the browser finds itself, counting the numbers binned in this dialog.
const CHIP_CODES = new Set(['NOT_FOUND', 'WRONG_VARIANT', 'NOT_IN_STOCK']);

/** The chip's reason for a number the server refuses to pick. */
function reasonOf(error, row) {
  const c = error.conflict;
  switch (error.code) {
    case 'NOT_IN_STOCK': {
      if (c?.salesOrderRow?.id === row.id) return 'Already picked on this row';
      const so = c?.salesOrderRow?.salesOrder?.number;
      if (c?.status === 'RESERVED' && so) return `Not in stock: reserved on ${so}`;
      if (c?.status === 'SHIPPED' && so) return `Not in stock: shipped on ${so}`;
      const po = c?.purchaseOrderRow?.purchaseOrder?.number;
      if (c?.status === 'EXPECTED') return `Not in stock: expected on ${po || 'a purchase order'}, not received`;
      return error.message;
    }
    case 'WRONG_VARIANT':
      return c?.variant?.sku ? `Wrong SKU: a number of ${c.variant.sku}` : 'Wrong SKU';
    case 'NOT_FOUND':
      return `Unknown number: not a serial number of ${row.variant?.sku}`;
    default:
      return error.message;
  }
}

export class StPickDialog extends SerialDialog {
  static properties = {
    delivered: { type: Boolean },
    _search: { state: true },   // {text, loading, error, results, total}
  };

  static styles = [
    ...SerialDialog.styles,
    css`
      .results { margin: 2px 0 10px; border: 1px solid var(--st-border); border-radius: var(--st-radius); }
      .results-head { display: flex; align-items: center; gap: 6px; padding: 5px 10px; font-size: 12px; color: var(--st-muted);
        background: var(--st-bg-subtle); border-bottom: 1px solid var(--st-border); border-radius: var(--st-radius) var(--st-radius) 0 0; }
      .results-head svg { flex: none; }
      .results ul { list-style: none; margin: 0; padding: 4px; display: flex; flex-wrap: wrap; gap: 4px; min-height: 34px; }
      .results li { display: contents; }
      button.result {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; font-weight: 400;
        padding: 2px 9px; border-color: #b7e0c5; background: var(--st-success-bg); color: #14532d;
      }
      button.result:hover:not(:disabled), button.result:focus-visible { background: #d3efdd; }
      button.result .meta { font-family: system-ui, sans-serif; font-size: 11.5px; color: var(--st-muted); }
      .results .none { padding: 6px 8px; font-size: 12.5px; color: var(--st-muted); }
      .results .none.error { color: var(--st-warning); }
      .readonly { margin: 6px 0 10px; padding: 8px 12px; border-radius: var(--st-radius); background: #f1ebfb; color: #4c2a85; font-size: 13px; }
    `,
  ];

  constructor() {
    super();
    this.delivered = false;
    this._search = { text: '', loading: false, error: '', results: [], total: 0 };
    this._searchTimer = null;
    this._searchSeq = 0;
  }

  get _readOnly() {
    return this.delivered;
  }

  get _savedRepeat() {
    return 'Already picked on this row';
  }

  get _liveVerbs() {
    return ['picked', 'released'];
  }

  async _checkRequest(numbers, signal) {
    const data = await gql(CHECK, {
      rowId: this.row.id, numbers, releaseSerialNumberIds: [...this._removedIds],
    }, { signal });
    return data.checkPickSerialNumbers
      .filter((e) => CHIP_CODES.has(e.code) && e.index != null && (e.field == null || e.field === 'numbers'))
      .map((e) => ({ index: e.index, conflict: { id: e.conflict?.id ?? null, issue: { code: e.code, message: reasonOf(e, this.row) } } }));
  }

  /** One call releases the binned numbers and picks the new ones. */
  async _saveRequest(numbers) {
    const input = { rowId: this.row.id, numbers, releaseSerialNumberIds: [...this._removedIds] };
    return (await gql(PICK, { input })).pickSerialNumbers;
  }

  _markRefused(entry, error) {
    const issue = { code: error.code, message: reasonOf(error, this.row) };
    entry.serverIssue = issue;
    if (CHIP_CODES.has(error.code)) this._setConflict(entry, { id: error.conflict?.id ?? null, issue });
  }

  willUpdate(changed) {
    if (changed.has('row') && this.row) {
      const before = changed.get('row');
      if (before && before.id === this.row.id) {   // the same row, changed by someone else
        if (this._saving) this._pendingLive = true;
        else this._liveSaved(this.row.serialNumbers || []);
        return;
      }
      this._entries = (this.row.serialNumbers || []).map((s) => newEntry(s.number, s.id));
      this._removedIds = new Set();
      this._revalidate();
    }
  }

  updated(changed) {
    super.updated(changed);
    // A live change that came while saving: merged once the save failed (a success closes).
    if (changed.has('_saving') && !this._saving && this._pendingLive && this.isConnected) {
      this._pendingLive = false;
      this._liveSaved(this.row.serialNumbers || []);
    }
  }

  firstUpdated() {
    super.firstUpdated();
    if (!this.delivered) this._runSearch('');
  }

  disconnectedCallback() {
    clearTimeout(this._searchTimer);
    super.disconnectedCallback();
  }

  _close() {
    clearTimeout(this._searchTimer);
    this._searchSeq += 1;
    super._close();
  }

  // ---- searching the stock ------------------------------------------------------------------

  _onTextChange(event) {
    const text = event.detail.value.trim();
    if (text === this._search.text) return;
    this._search = { ...this._search, text };
    clearTimeout(this._searchTimer);
    this._searchTimer = setTimeout(() => this._runSearch(text), SEARCH_DELAY_MS);
  }

  async _runSearch(text) {
    const seq = ++this._searchSeq;
    this._search = { ...this._search, text, loading: true, error: '' };
    const filter = { sku: this.row.variant.sku, status: 'IN_STOCK' };
    if (text) filter.search = text;
    try {
      const data = await gql(SEARCH, {
        filter, orderBy: { field: 'NUMBER', direction: 'ASC' }, first: RESULTS_SHOWN + 20,
      });
      if (seq !== this._searchSeq || !this.isConnected) return;
      this._search = {
        text, loading: false, error: '',
        results: data.serialNumbers.edges.map((e) => e.node), total: totalLabel(data.serialNumbers.totalCount, data.serialNumbers.totalCountIsExact),
      };
    } catch (err) {
      if (seq === this._searchSeq) this._search = { ...this._search, loading: false, error: errorMessage(err), results: [] };
    }
  }

  /** Results not in the list yet, exact match first. */
  _shownResults() {
    const taken = new Set(this._entries.map((e) => normalise(e.number)));
    const key = normalise(this._search.text);
    const free = this._search.results.filter((s) => !taken.has(normalise(s.number)));
    free.sort((a, b) => (normalise(b.number) === key) - (normalise(a.number) === key));
    return free.slice(0, RESULTS_SHOWN);
  }

  _pickResult(serial) {
    if (this._saving) return;
    this._addNumbers([serial.number], false);
    const entry = this.renderRoot.querySelector('st-serial-entry');
    entry.clear();
    entry.focus();
  }

  _focusResult(index) {
    const buttons = [...this.renderRoot.querySelectorAll('button.result')];
    if (!buttons.length) return;
    if (index < 0) {
      this._focusEntry();
      return;
    }
    buttons[Math.min(index, buttons.length - 1)].focus();
  }

  _onResultsKeyDown(event) {
    const buttons = [...this.renderRoot.querySelectorAll('button.result')];
    const index = buttons.indexOf(event.target);
    if (index < 0) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      event.preventDefault();
      this._focusResult(index + 1);
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
      event.preventDefault();
      this._focusResult(index - 1);
    }
  }

  // ---- rendering ------------------------------------------------------------------------------

  _results() {
    const s = this._search;
    const shown = this._shownResults();
    const sku = this.row.variant?.sku;
    let head;
    if (s.loading && !s.results.length) head = 'Searching the stock…';
    else if (s.text) head = html`In stock matching “<span class="mono">${s.text}</span>”: ${s.total}`;
    else head = `In stock: ${s.total} of ${sku}`;
    return html`
      <div class="results" data-testid="results" aria-busy=${s.loading ? 'true' : 'false'}>
        <div class="results-head">${iconSearch()} <span>${head}</span>
          <span class="spacer"></span><span>click or Enter to pick · ↓ from the box</span></div>
        <ul aria-label="In-stock serial numbers" @keydown=${this._onResultsKeyDown}>
          ${s.error
            ? html`<li><span class="none error" role="status">Could not search the stock: ${s.error}</span></li>`
            : shown.length
              ? shown.map((serial) => html`<li><button type="button" class="result" data-number=${serial.number}
                  title="Pick ${serial.number}${serial.purchaseOrderRow ? ` (from ${serial.purchaseOrderRow.purchaseOrder.number}, added ${formatDate(serial.addedAt)})` : ''}"
                  ?disabled=${this._saving} @click=${() => this._pickResult(serial)}>${serial.number}
                  <span class="meta">${formatDate(serial.addedAt)}</span></button></li>`)
              : html`<li><span class="none">${s.loading ? 'Searching…' : s.text
                  ? `No other in-stock number of ${sku} matches.` : `No other ${sku} in stock.`}</span></li>`}
        </ul>
      </div>`;
  }

  render() {
    const row = this.row;
    if (!row) return html``;
    const { valid, newCount, savedCount } = this._summary;
    const removed = this._removedIds.size;
    const delivered = this.delivered;
    return this._frame({
      titleId: 'pick-title',
      heading: 'Pick serial numbers',
      sub: html`· ${itemName(row.variant)} · Qty ${formatQuantity(row.quantity)}`,
      counter: valid,
      counterClass: this._counterClass(),
      counterLabel: 'picked of required',
      body: html`
          ${delivered
            ? html`<div class="readonly" role="note">${this.orderNumber || 'The order'} is delivered: these numbers are shipped.
                Revert the delivery to change them.</div>`
            : html`
              <st-serial-entry ?disabled=${this._saving} placeholder="Search, scan or type a serial number, press Enter"
                .sku=${row.variant?.sku || ''} @st-add=${this._onAdd} @st-paste-undo=${this._onPasteUndo}
                @st-text-change=${this._onTextChange}
                @st-arrow-down=${() => this._focusResult(0)}></st-serial-entry>
              ${this._results()}
              <div class="help">Only numbers of ${row.variant?.sku} that are in stock can be picked. Enter takes the
                typed number as it is (a scanner); paste cells from a spreadsheet for many at once — at most
                ${MAX_PER_INPUT}. Binning a saved number puts it back in stock when you press Done.</div>`}

          <div class="summary">
            <span>${savedCount} picked</span>
            ${newCount ? html`<span>${newCount} new</span>` : ''}
            ${removed ? html`<span>${removed} to put back in stock</span>` : ''}
            ${this._problems()}
            ${delivered ? '' : html`<span class="legend"><span><span class="swatch saved"></span>Picked</span>
              <span><span class="swatch new"></span>New (not saved yet)</span></span>`}
          </div>
          ${this._messages()}
          <st-serial-chips .entries=${this._shownEntries()} .version=${this._version} .sku=${row.variant?.sku || ''}
            .canBin=${() => !delivered} ?disabled=${this._saving || delivered}
            emptyText=${delivered ? 'No serial numbers' : 'No serial numbers picked yet'}
            @st-bin=${this._onBin}></st-serial-chips>`,
      foot: delivered
        ? html`<span class="note"></span><button type="button" class="done primary" @click=${this._close}>Close</button>`
        : this._editFoot(),
    });
  }
}

customElements.define('st-pick-dialog', StPickDialog);
