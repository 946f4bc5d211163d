// Serial numbers of one sales order row: pick in-stock numbers of the row's SKU by searching
// (results listed as you type; click or Enter to pick), by scanning or typing + Enter, or by
// pasting a block — the same text box and chips as the PO dialog. New entries are checked in the
// browser (format, duplicates, quantity) and by the debounced checkPickSerialNumbers dry run
// (not in stock, wrong SKU, unknown). Saved numbers of an undelivered order can be binned
// (released). Done is one pickSerialNumbers call that releases the binned numbers and picks the
// new ones, all-or-nothing; refusals land on the chips by index.
// On a delivered order the dialog is read-only. Events: `saved` {row}, `close`.
import { LitElement, html, css } from 'lit';
import { shared, serialDialog } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { iconClose, iconSearch } from '../icons.js';
import { formatDate, formatQuantity, itemName } from '../format.js';
import { MAX_PER_INPUT, normalise, validateEntries } from '../serials.js';
import { SerialCheck } from '../serial-check.js';
import './st-serial-entry.js';
import './st-serial-chips.js';

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
      totalCount
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

let nextKey = 1;

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

export class StPickDialog extends LitElement {
  static properties = {
    row: { attribute: false },
    orderNumber: { type: String },
    delivered: { type: Boolean },
    _version: { state: true },
    _saving: { state: true },
    _formError: { state: true },
    _generalErrors: { state: true },
    _checkError: { state: true },
    _confirmDiscard: { state: true },
    _onlyProblems: { state: true },
    _search: { state: true },   // {text, loading, error, results, total}
  };

  static styles = [
    shared,
    serialDialog,
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
    this.row = null;
    this.orderNumber = '';
    this.delivered = false;
    this._entries = [];
    this._removedIds = new Set();
    this._summary = { assigned: 0, savedCount: 0, newCount: 0, problems: 0 };
    this._version = 0;
    this._saving = false;
    this._formError = '';
    this._generalErrors = [];
    this._checkError = '';
    this._confirmDiscard = false;
    this._onlyProblems = false;
    this._search = { text: '', loading: false, error: '', results: [], total: 0 };
    this._searchTimer = null;
    this._searchSeq = 0;
    this._scrollTo = null;
    this._check = new SerialCheck({
      entries: () => this._entries,
      request: async (numbers) => {
        const data = await gql(CHECK, {
          rowId: this.row.id, numbers, releaseSerialNumberIds: [...this._removedIds],
        });
        return data.checkPickSerialNumbers
          .filter((e) => CHIP_CODES.has(e.code) && e.index != null && (e.field == null || e.field === 'numbers'))
          .map((e) => ({ index: e.index, conflict: { id: e.conflict?.id ?? null, issue: { code: e.code, message: reasonOf(e, this.row) } } }));
      },
      onResult: (problem) => {
        if (!this.isConnected) return;
        this._checkError = problem;
        this._revalidate();
      },
    });
  }

  get _quantity() {
    return Number(this.row?.quantity ?? 0);
  }

  get _dirty() {
    return this._summary.newCount > 0 || this._removedIds.size > 0;
  }

  willUpdate(changed) {
    if (changed.has('row') && this.row) {
      this._entries = (this.row.serialNumbers || []).map((s) => ({
        key: nextKey++, id: s.id, number: s.number, saved: true, issue: null, serverIssue: null,
      }));
      this._removedIds = new Set();
      this._revalidate();
    }
  }

  firstUpdated() {
    this.renderRoot.querySelector('dialog').showModal();
    if (!this.delivered) this._runSearch('');
    this._focusEntry();
  }

  updated() {
    if (!this._scrollTo) return;
    const target = this._scrollTo;
    this._scrollTo = null;
    this.renderRoot.querySelector('st-serial-chips')?.reveal(target);
  }

  disconnectedCallback() {
    this._check.cancel();
    clearTimeout(this._searchTimer);
    super.disconnectedCallback();
  }

  _focusEntry() {
    const entry = this.renderRoot.querySelector('st-serial-entry');
    if (entry) entry.focus();
    else this.renderRoot.querySelector('button.done')?.focus();
  }

  _revalidate() {
    this._summary = validateEntries(this._entries, {
      quantity: this._quantity, conflicts: this._check.conflicts, removedIds: this._removedIds,
    });
    if (!this._summary.problems) this._onlyProblems = false;
    this._version += 1;
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
        results: data.serialNumbers.edges.map((e) => e.node), total: data.serialNumbers.totalCount,
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

  // ---- adding and removing -------------------------------------------------------------------

  _onAdd(event) {
    if (this._saving) return;
    this._addNumbers(event.detail.numbers, event.detail.block);
  }

  /** Synchronous on purpose: a scanner's keystrokes must never wait for the network. */
  _addNumbers(numbers, block) {
    if (!numbers.length) return;
    const firstNew = this._entries.length;
    for (const number of numbers) {
      this._entries.push({ key: nextKey++, id: null, number, saved: false, issue: null, serverIssue: null });
    }
    this._formError = '';
    this._confirmDiscard = false;
    this._revalidate();
    if (block) {
      const firstBad = this._entries.slice(firstNew).find((e) => e.issue);
      this._scrollTo = (firstBad || this._entries[firstNew]).key;
    } else {
      this._scrollTo = 'end';
    }
    this._check.schedule();
  }

  _onBin(event) {
    if (this._saving || this.delivered) return;
    const index = this._entries.findIndex((e) => e.key === event.detail.key);
    if (index < 0) return;
    const [entry] = this._entries.splice(index, 1);
    if (entry.saved) this._removedIds.add(entry.id);
    this._formError = '';
    this._confirmDiscard = false;
    this._revalidate();
    const next = this._entries[index] || this._entries[index - 1];
    const chips = this.renderRoot.querySelector('st-serial-chips');
    this.updateComplete.then(async () => {
      if (!next || !(await chips.focusBin(next.key))) this._focusEntry();
    });
  }

  // ---- saving: one call releases and picks ----------------------------------------------------

  async _done() {
    if (this._saving) return;
    if (this.delivered || !this._dirty) {
      this._close();
      return;
    }
    for (const entry of this._entries) entry.serverIssue = null;
    this._generalErrors = [];
    this._revalidate();
    if (this._summary.problems) {
      const n = this._summary.problems;
      this._formError = `Fix or remove the ${n} marked ${n === 1 ? 'entry' : 'entries'} first; nothing has been saved yet.`;
      const firstBad = this._entries.find((e) => e.issue);
      if (firstBad) this._scrollTo = firstBad.key;
      return;
    }
    const sent = this._entries.filter((e) => !e.saved);
    const input = {
      rowId: this.row.id,
      numbers: sent.map((e) => e.number),
      releaseSerialNumberIds: [...this._removedIds],
    };
    this._saving = true;
    this._formError = '';
    let payload;
    try {
      payload = (await gql(PICK, { input })).pickSerialNumbers;
    } catch (err) {
      this._saving = false;
      this._formError = `Not saved: ${errorMessage(err)} Your entries are kept; press Done to try again.`;
      this._revalidate();
      return;
    }
    this._saving = false;
    if (payload.errors?.length) {
      this._showPickErrors(payload.errors, sent);
      return;
    }
    this.dispatchEvent(new CustomEvent('saved', { detail: { row: payload.row }, bubbles: true, composed: true }));
    this._close();
  }

  _showPickErrors(errors, sent) {
    const general = [];
    for (const error of errors) {
      const entry = (error.field == null || error.field === 'numbers') && error.index != null ? sent[error.index] : null;
      if (!entry) {
        general.push(error.message);
        continue;
      }
      const issue = { code: error.code, message: reasonOf(error, this.row) };
      entry.serverIssue = issue;
      if (CHIP_CODES.has(error.code)) this._check.conflicts.set(normalise(entry.number), { id: error.conflict?.id ?? null, issue });
    }
    this._generalErrors = general;
    this._revalidate();
    const n = errors.length;
    this._formError = `Not saved: the server refused ${n === 1 ? 'one problem' : `${n} problems`}. Nothing was changed; fix the marked entries and press Done again.`;
    const firstBad = this._entries.find((e) => e.issue);
    if (firstBad) this._scrollTo = firstBad.key;
  }

  // ---- closing --------------------------------------------------------------------------------

  _requestClose() {
    if (this._saving) return;
    if (this._confirmDiscard) {
      this._confirmDiscard = false;
      this.updateComplete.then(() => this._focusEntry());
      return;
    }
    if (this._dirty) {
      this._confirmDiscard = true;
      this.updateComplete.then(() => this.renderRoot.querySelector('button.discard-confirm')?.focus());
      return;
    }
    this._close();
  }

  _close() {
    this._check.cancel();
    clearTimeout(this._searchTimer);
    this._searchSeq += 1;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }));
  }

  _onDialogKeyDown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this._requestClose();
    }
  }

  _onCancel(event) {
    event.preventDefault();
    this._requestClose();
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
    const quantity = this._quantity;
    const { assigned, newCount, problems, savedCount } = this._summary;
    const removed = this._removedIds.size;
    const delivered = this.delivered;
    const counterClass = assigned > quantity ? 'over' : assigned === quantity && !problems ? 'complete' : '';
    const shown = this._onlyProblems && problems ? this._entries.filter((e) => e.issue) : this._entries;
    return html`
      <dialog aria-labelledby="pick-title" @keydown=${this._onDialogKeyDown} @cancel=${this._onCancel}>
        <div class="dialog-head">
          <div class="title">
            <h2 id="pick-title">Pick serial numbers</h2>
            <div class="sub">
              ${this.orderNumber ? html`${this.orderNumber} · ` : ''}<span class="mono">${row.variant?.sku}</span>
              · ${itemName(row.variant)} · Qty ${formatQuantity(row.quantity)}
            </div>
          </div>
          <div class="counter" aria-live="polite">
            <div class="value ${counterClass}" data-testid="counter">${assigned} / ${quantity}</div>
            <div class="label">picked of required</div>
          </div>
          <button type="button" class="icon" aria-label="Close" title="Close (Esc)" @click=${this._requestClose}>${iconClose()}</button>
        </div>

        <div class="dialog-body">
          ${delivered
            ? html`<div class="readonly" role="note">${this.orderNumber || 'The order'} is delivered: these numbers are shipped.
                Revert the delivery to change them.</div>`
            : html`
              <st-serial-entry ?disabled=${this._saving} placeholder="Search, scan or type a serial number, press Enter"
                @add=${this._onAdd} @text-change=${this._onTextChange}
                @arrow-down=${() => this._focusResult(0)}></st-serial-entry>
              ${this._results()}
              <div class="help">Only numbers of ${row.variant?.sku} that are in stock can be picked. Enter takes the
                typed number as it is (a scanner); paste cells from a spreadsheet for many at once — at most
                ${MAX_PER_INPUT}. Binning a saved number puts it back in stock when you press Done.</div>`}

          <div class="summary">
            <span>${savedCount} picked</span>
            ${newCount ? html`<span>${newCount} new</span>` : ''}
            ${removed ? html`<span>${removed} to put back in stock</span>` : ''}
            ${problems ? html`<span class="bad" data-testid="problems">${problems} with problems</span>
              <label class="only"><input type="checkbox" .checked=${this._onlyProblems}
                @change=${(e) => { this._onlyProblems = e.target.checked; }}> Show only these</label>` : ''}
            ${delivered ? '' : html`<span class="legend"><span><span class="swatch saved"></span>Picked</span>
              <span><span class="swatch new"></span>New (not saved yet)</span></span>`}
          </div>
          ${this._checkError ? html`<div class="check-error" role="status">${this._checkError}</div>` : ''}
          ${this._formError || this._generalErrors.length
            ? html`<div class="alert" role="alert" data-testid="form-error">${this._formError}
                ${this._generalErrors.length ? html`<ul>${this._generalErrors.map((m) => html`<li>${m}</li>`)}</ul>` : ''}
              </div>`
            : ''}
          <st-serial-chips .entries=${shown} .version=${this._version} .sku=${row.variant?.sku || ''}
            .canBin=${() => !delivered} ?disabled=${this._saving || delivered}
            emptyText=${delivered ? 'No serial numbers' : 'No serial numbers picked yet'}
            @bin=${this._onBin}></st-serial-chips>
        </div>

        <div class="dialog-foot">
          ${this._confirmDiscard
            ? html`<span class="discard" role="alert">Discard ${newCount ? `${newCount} unsaved ${newCount === 1 ? 'entry' : 'entries'}` : ''}${newCount && removed ? ' and ' : ''}${removed ? `${removed} removal${removed === 1 ? '' : 's'}` : ''}?</span>
                <button type="button" class="keep" @click=${this._requestClose}>Keep editing</button>
                <button type="button" class="discard-confirm danger primary" @click=${this._close}>Discard</button>`
            : delivered
              ? html`<span class="note"></span><button type="button" class="done primary" @click=${this._close}>Close</button>`
              : html`<span class="note">${this._saving ? 'Saving…' : this._dirty ? 'Changes are saved when you press Done.' : ''}</span>
                <button type="button" class="cancel" @click=${this._requestClose} ?disabled=${this._saving}>Cancel</button>
                <button type="button" class="done primary" @click=${this._done} ?disabled=${this._saving}>
                  ${this._saving ? 'Saving…' : 'Done'}</button>`}
        </div>
      </dialog>
    `;
  }
}

customElements.define('st-pick-dialog', StPickDialog);
