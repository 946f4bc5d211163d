// Serial numbers of one purchase order row: type or scan + Enter, or paste a spreadsheet block;
// every entry is checked as it is added; Done saves everything in ONE assignSerialNumbers call
// (new numbers + removals), all-or-nothing. Events: `saved` {row}, `close`.
import { LitElement, html, css, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { iconClose } from '../icons.js';
import { formatQuantity, labels } from '../format.js';
import {
  MAX_PER_INPUT, checkFormat, isBlock, normalise, splitPastedText, validateEntries,
} from '../serials.js';

const CHECK_DELAY_MS = 300;
const CHUNK = 100;   // chips per rendering chunk

const CHECK = `
  query CheckSerialNumbers($rowId: ID!, $numbers: [String!]!, $removeSerialNumberIds: [ID!]) {
    checkSerialNumbers(rowId: $rowId, numbers: $numbers, removeSerialNumberIds: $removeSerialNumberIds) {
      code message field index number
      conflict { id number purchaseOrderRow { id purchaseOrder { id number } } }
    }
  }
`;

const ASSIGN = `
  mutation AssignSerialNumbers($input: AssignSerialNumbersInput!) {
    assignSerialNumbers(input: $input) {
      row { id tracing { required assigned state } serialNumbers { id number status } }
      errors {
        code message field index number
        conflict { id number purchaseOrderRow { id purchaseOrder { id number } } }
      }
    }
  }
`;

let nextKey = 1;

function conflictOf(error) {
  const c = error.conflict;
  return { id: c?.id ?? null, where: c?.purchaseOrderRow?.purchaseOrder?.number ?? null };
}

export class StSerialNumberDialog extends LitElement {
  static properties = {
    row: { attribute: false },
    orderNumber: { type: String },
    _version: { state: true },
    _saving: { state: true },
    _formError: { state: true },
    _generalErrors: { state: true },
    _checkError: { state: true },
    _confirmDiscard: { state: true },
    _inputOpen: { state: true },
    _hint: { state: true },
    _onlyProblems: { state: true },
  };

  static styles = [
    shared,
    css`
      dialog { width: 780px; }
      .dialog-head { display: flex; align-items: flex-start; gap: 16px; border-bottom: 1px solid #eceef1; padding-bottom: 12px; }
      .title { flex: 1; min-width: 0; }
      .sub { color: var(--st-muted); font-size: 13px; margin-top: 2px; }
      .counter { text-align: right; }
      .counter .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; line-height: 1.1; }
      .counter .value.complete { color: var(--st-success); }
      .counter .value.over { color: var(--st-danger); }
      .counter .label { font-size: 11px; color: var(--st-muted); text-transform: uppercase; letter-spacing: .04em; }
      .entry { display: flex; gap: 8px; margin: 6px 0 4px; }
      .entry input { flex: 1; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .help { font-size: 12px; color: var(--st-muted); margin-bottom: 8px; }
      .hint { font-size: 12px; color: var(--st-warning); margin-bottom: 6px; }
      .summary { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; font-size: 12.5px; color: var(--st-muted); margin: 6px 0; }
      .summary .bad { color: var(--st-danger); font-weight: 600; }
      .summary .only { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
      .summary .only input { margin: 0; }
      .legend { margin-left: auto; display: flex; gap: 10px; align-items: center; }
      .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; }
      .swatch.saved { background: #e7ecf5; border: 1px solid #b8c4d8; }
      .swatch.new { background: #fff; border: 1px dashed var(--st-primary); }
      .chips {
        margin: 0; padding: 8px; display: flex; flex-direction: column; gap: 6px;
        min-height: 90px; max-height: 46vh; overflow-y: auto; border: 1px solid var(--st-border); border-radius: var(--st-radius);
        background: var(--st-bg-subtle);
      }
      /* Chips come in chunks of 100: the browser skips style and layout of chunks out of view,
         so a paste of 1000 renders in a fraction of the time. */
      .chunk {
        flex: none; display: flex; flex-wrap: wrap; gap: 6px; align-content: flex-start;
        content-visibility: auto; contain-intrinsic-size: auto 700px auto 600px;
      }
      .chip {
        display: inline-flex; align-items: center; gap: 4px; max-width: 100%;
        padding: 2px 2px 2px 9px; border-radius: 5px; font-size: 13px; line-height: 22px;
      }
      .chip.saved { background: #e7ecf5; border: 1px solid #b8c4d8; color: #1e293b; }
      .chip.new { background: #fff; border: 1px dashed var(--st-primary); color: #1e3a8a; }
      .chip.bad { background: var(--st-danger-bg); border: 1px solid #e59a92; color: #7f1d1d; }
      .chip.nobin { padding-right: 9px; }
      .chip-number { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; overflow: hidden; text-overflow: ellipsis; }
      .chip-reason { font-size: 12px; color: var(--st-danger); font-weight: 500; }
      .chip button.bin {
        width: 22px; height: 22px; padding: 3px; border: none; border-radius: 4px; flex: none; cursor: pointer;
        background: transparent; color: #64748b;
      }
      .chip button.bin svg {
        display: block; fill: none; stroke: currentColor; stroke-width: 1.3; stroke-linecap: round; stroke-linejoin: round;
      }
      .chip button.bin:hover { background: rgba(0, 0, 0, 0.06); color: var(--st-danger); }
      .empty-chips { color: var(--st-muted); padding: 24px 8px; width: 100%; text-align: center; }
      .more { margin-top: 8px; }
      .alert { margin: 8px 0; }
      .check-error { font-size: 12px; color: var(--st-warning); margin: 4px 0; }
      .dialog-foot { border-top: 1px solid #eceef1; }
      .dialog-foot .note { margin-right: auto; font-size: 12.5px; color: var(--st-muted); }
      .discard { margin-right: auto; font-weight: 500; color: var(--st-danger); }
      @media (max-width: 820px) { dialog { width: calc(100vw - 24px); } .legend { margin-left: 0; } }
    `,
  ];

  constructor() {
    super();
    this.row = null;
    this.orderNumber = '';
    this._entries = [];
    this._removedIds = new Set();
    this._conflicts = new Map();   // normalised number -> {id, where}: known to exist already
    this._checked = new Set();      // normalised numbers the server has checked
    this._summary = { assigned: 0, savedCount: 0, newCount: 0, problems: 0 };
    this._version = 0;
    this._saving = false;
    this._formError = '';
    this._generalErrors = [];
    this._checkError = '';
    this._confirmDiscard = false;
    this._inputOpen = true;
    this._hint = '';
    this._onlyProblems = false;
    this._checkTimer = null;
    this._checkSeq = 0;
    this._checking = false;
    this._scrollTo = null;
  }

  get _quantity() {
    return Number(this.row?.quantity ?? 0);
  }

  get _canRemove() {
    return Boolean(this.row?.canRemoveSerialNumbers);
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
      this._inputOpen = !(this.row.status === 'RECEIVED' && this._entries.length > 0);
      this._revalidate();
    }
  }

  firstUpdated() {
    this.renderRoot.querySelector('dialog').showModal();
    this._focusEntry();
  }

  updated() {
    if (!this._scrollTo) return;
    const target = this._scrollTo;
    this._scrollTo = null;
    const scroll = () => {
      const list = this.renderRoot.querySelector('.chips');
      if (!list) return;
      if (target === 'end') {
        list.scrollTop = list.scrollHeight;
        return;
      }
      const chip = list.querySelector(`.chip[data-key="${target}"]`);
      if (!chip) return;
      // A chunk out of view is skipped by the browser (content-visibility): render it first.
      const chunk = chip.parentElement;
      chunk.style.contentVisibility = 'visible';
      chip.scrollIntoView({ block: 'nearest' });
      requestAnimationFrame(() => { chunk.style.contentVisibility = ''; });
    };
    scroll();
    // Chunks out of view have estimated heights until rendered: settle on the next frames.
    requestAnimationFrame(() => requestAnimationFrame(scroll));
  }

  disconnectedCallback() {
    clearTimeout(this._checkTimer);
    super.disconnectedCallback();
  }

  _focusEntry() {
    const input = this.renderRoot.querySelector('input.entry-input');
    if (input) input.focus();
    else (this.renderRoot.querySelector('button.more') || this.renderRoot.querySelector('button.done'))?.focus();
  }

  _revalidate() {
    this._summary = validateEntries(this._entries, {
      quantity: this._quantity, conflicts: this._conflicts, removedIds: this._removedIds,
    });
    if (!this._summary.problems) this._onlyProblems = false;
    this._version += 1;
  }

  // ---- adding -----------------------------------------------------------------------------

  /** Synchronous on purpose: a scanner's keystrokes must never wait for the network. */
  _addNumbers(numbers, { scroll = 'end' } = {}) {
    if (!numbers.length) return;
    const firstNew = this._entries.length;
    for (const number of numbers) {
      this._entries.push({ key: nextKey++, id: null, number, saved: false, issue: null, serverIssue: null });
    }
    this._hint = '';
    this._formError = '';
    this._confirmDiscard = false;
    this._revalidate();
    if (scroll === 'problem') {
      // A pasted block: show its first problem if any, and otherwise where the block starts.
      const firstBad = this._entries.slice(firstNew).find((e) => e.issue);
      this._scrollTo = (firstBad || this._entries[firstNew]).key;
    } else {
      this._scrollTo = 'end';
    }
    this._scheduleCheck();
  }

  _onKeyDown(event) {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    if (this._saving) return;
    const input = event.target;
    const raw = input.value;
    input.value = '';
    const number = raw.trim();
    if (!number) {
      this._hint = raw ? 'Empty after trimming spaces: nothing added.' : '';
      return;
    }
    this._addNumbers([number]);
  }

  _onAddClick() {
    const input = this.renderRoot.querySelector('input.entry-input');
    if (!input) return;
    const number = input.value.trim();
    const raw = input.value;
    input.value = '';
    if (number) this._addNumbers([number]);
    else if (raw) this._hint = 'Empty after trimming spaces: nothing added.';
    input.focus();
  }

  _onPaste(event) {
    event.preventDefault();
    if (this._saving) return;
    const text = event.clipboardData ? event.clipboardData.getData('text/plain') || event.clipboardData.getData('text') : '';
    if (!text) return;
    const input = event.target;
    if (!isBlock(text)) {
      // One cell: put it in the box at the caret, so it can be edited before Enter.
      input.setRangeText(text, input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
      return;
    }
    const cells = splitPastedText(text);
    if (!cells.length) {
      this._hint = 'The pasted text holds only empty cells: nothing added.';
      return;
    }
    this._addNumbers(cells, { scroll: 'problem' });
  }

  // ---- removing ---------------------------------------------------------------------------

  _onChipsClick(event) {
    const button = event.target.closest('button[data-key]');
    if (!button || this._saving) return;
    const key = Number(button.dataset.key);
    const index = this._entries.findIndex((e) => e.key === key);
    if (index < 0) return;
    const [entry] = this._entries.splice(index, 1);
    if (entry.saved) this._removedIds.add(entry.id);
    this._formError = '';
    this._confirmDiscard = false;
    this._revalidate();
    // Keep the keyboard in the list: focus the next chip's bin, else the text box.
    this.updateComplete.then(() => {
      const next = this._entries[index] || this._entries[index - 1];
      const nextButton = next && this.renderRoot.querySelector(`button[data-key="${next.key}"]`);
      if (nextButton) nextButton.focus();
      else this._focusEntry();
    });
  }

  // ---- checking against existing numbers (debounced, never blocks typing) -------------------

  _scheduleCheck() {
    clearTimeout(this._checkTimer);
    this._checkTimer = setTimeout(() => this._runCheck(), CHECK_DELAY_MS);
  }

  async _runCheck() {
    if (this._checking) {
      this._scheduleCheck();
      return;
    }
    const pending = [];
    const keys = new Set();
    for (const entry of this._entries) {
      if (entry.saved || checkFormat(entry.number)) continue;
      const key = normalise(entry.number);
      if (this._checked.has(key) || keys.has(key)) continue;
      keys.add(key);
      pending.push(entry.number);
      if (pending.length >= MAX_PER_INPUT) break;
    }
    if (!pending.length || !this.row) return;
    this._checking = true;
    const seq = ++this._checkSeq;
    try {
      const data = await gql(CHECK, {
        rowId: this.row.id, numbers: pending, removeSerialNumberIds: [...this._removedIds],
      });
      if (seq !== this._checkSeq || !this.isConnected) return;
      for (const number of pending) this._checked.add(normalise(number));
      for (const error of data.checkSerialNumbers) {
        if (error.code !== 'ALREADY_EXISTS' || error.index == null) continue;
        const number = pending[error.index];
        if (number != null) this._conflicts.set(normalise(number), conflictOf(error));
      }
      this._checkError = '';
      this._revalidate();
    } catch (err) {
      if (seq === this._checkSeq) this._checkError = `Could not check against existing numbers: ${errorMessage(err)}`;
    } finally {
      this._checking = false;
    }
    if (seq === this._checkSeq && this._checkError === '' && pending.length >= MAX_PER_INPUT) this._scheduleCheck();
  }

  // ---- saving -----------------------------------------------------------------------------

  async _done() {
    if (this._saving) return;
    if (!this._dirty) {
      this._close();
      return;
    }
    // Server marks from the last attempt are re-checked by this attempt.
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
      removeSerialNumberIds: [...this._removedIds],
    };
    this._saving = true;
    this._formError = '';
    let payload;
    try {
      payload = (await gql(ASSIGN, { input })).assignSerialNumbers;
    } catch (err) {
      this._saving = false;
      this._formError = `Not saved: ${errorMessage(err)} Your entries are kept; press Done to try again.`;
      return;
    }
    this._saving = false;
    const errors = payload.errors || [];
    if (!errors.length) {
      this.dispatchEvent(new CustomEvent('saved', { detail: { row: payload.row }, bubbles: true, composed: true }));
      this._close();
      return;
    }
    const general = [];
    for (const error of errors) {
      const entry = (error.field == null || error.field === 'numbers') && error.index != null ? sent[error.index] : null;
      if (!entry) {
        general.push(error.message);
        continue;
      }
      if (error.code === 'ALREADY_EXISTS') {
        const conflict = conflictOf(error);
        this._conflicts.set(normalise(entry.number), conflict);
        entry.serverIssue = { code: error.code, message: conflict.where ? `Already on ${conflict.where}` : 'Already exists' };
      } else {
        entry.serverIssue = { code: error.code, message: error.message };
      }
    }
    this._generalErrors = general;
    this._revalidate();
    const n = errors.length;
    this._formError = `Not saved: the server refused ${n === 1 ? 'one problem' : `${n} problems`}. Nothing was changed; fix the marked entries and press Done again.`;
    const firstBad = this._entries.find((e) => e.issue);
    if (firstBad) this._scrollTo = firstBad.key;
  }

  // ---- closing ----------------------------------------------------------------------------

  _requestClose() {
    if (this._saving) return;
    if (this._confirmDiscard) {
      this._confirmDiscard = false;   // a second Escape means "keep editing"
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
    clearTimeout(this._checkTimer);
    this._checkSeq += 1;
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
    // Escape that reached the dialog anyway (e.g. a close request from the browser).
    event.preventDefault();
    this._requestClose();
  }

  // ---- rendering --------------------------------------------------------------------------

  // Kept lean on purpose (a paste can bring 1000 chips at once): one flat template, the bin
  // icon and the "new" tag drawn by CSS, clicks handled once on the list.
  _chip(entry) {
    const canBin = !entry.saved || this._canRemove;
    const state = entry.saved ? 'saved' : 'new';
    const issue = entry.issue;
    return html`<div role="listitem" class="chip ${state}${issue ? ' bad' : ''}${canBin ? '' : ' nobin'}" data-key=${entry.key}
      data-state=${state} data-code=${issue ? issue.code : ''}><span class="chip-number">${entry.number}</span>${issue
        ? html`<span class="chip-reason">${issue.message}</span>` : nothing}${canBin
        ? html`<button type="button" class="bin" data-key=${entry.key} aria-label="Remove ${entry.number}" title="Remove"><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.3a1 1 0 0 0 1 .9h3.8a1 1 0 0 0 1-.9l.6-8.3M6.8 7v4.5M9.2 7v4.5"/></svg></button>`
        : nothing}</div>`;
  }

  _shownEntries() {
    return this._onlyProblems && this._summary.problems ? this._entries.filter((e) => e.issue) : this._entries;
  }

  _chunks(shown) {
    const starts = [];
    for (let i = 0; i < shown.length; i += CHUNK) starts.push(i);
    return starts;
  }

  render() {
    const row = this.row;
    if (!row) return html``;
    const quantity = this._quantity;
    const { assigned, newCount, problems, savedCount } = this._summary;
    const removed = this._removedIds.size;
    const received = row.status === 'RECEIVED';
    const full = savedCount >= quantity;
    const shown = this._shownEntries();
    const counterClass = assigned > quantity ? 'over' : assigned === quantity && !problems ? 'complete' : '';
    return html`
      <dialog aria-labelledby="sn-title" @keydown=${this._onDialogKeyDown} @cancel=${this._onCancel}>
        <div class="dialog-head">
          <div class="title">
            <h2 id="sn-title">Serial numbers</h2>
            <div class="sub">
              ${this.orderNumber ? html`${this.orderNumber} · ` : ''}<span class="mono">${row.variant?.sku}</span>
              ${row.variant?.product?.name || row.variant?.name ? html` · ${row.variant?.product?.name || row.variant?.name}` : ''}
              · Qty ${formatQuantity(row.quantity)} · ${labels.rowStatus[row.status] || row.status}
            </div>
          </div>
          <div class="counter" aria-live="polite">
            <div class="value ${counterClass}" data-testid="counter">${assigned} / ${quantity}</div>
            <div class="label">assigned of required</div>
          </div>
          <button type="button" class="icon" aria-label="Close" title="Close (Esc)" @click=${this._requestClose}>${iconClose()}</button>
        </div>

        <div class="dialog-body">
          ${this._inputOpen
            ? html`
              <div class="entry">
                <input class="entry-input" type="text" autocomplete="off" spellcheck="false"
                  aria-label="Serial number" placeholder="Type or scan a serial number, press Enter"
                  ?readonly=${this._saving} @keydown=${this._onKeyDown} @paste=${this._onPaste}>
                <button type="button" @click=${this._onAddClick} ?disabled=${this._saving}>Add</button>
              </div>
              <div class="help">Press Enter after each number, or paste cells copied from a spreadsheet.
                Up to 32 characters: letters, digits, space and - _ / , . — at most ${MAX_PER_INPUT} at once.
                ${received ? ' The row is received: saved numbers can no longer be removed.' : ''}</div>`
            : html`<div class="help">The row is received: saved numbers can no longer be removed, but you can add
                ${full ? 'none: all are assigned.' : `up to ${quantity - savedCount} more.`}</div>`}
          ${this._hint ? html`<div class="hint" role="status">${this._hint}</div>` : ''}

          <div class="summary">
            <span>${savedCount} saved</span>
            ${newCount ? html`<span>${newCount} new</span>` : ''}
            ${removed ? html`<span>${removed} to remove</span>` : ''}
            ${problems ? html`<span class="bad" data-testid="problems">${problems} with problems</span>
              <label class="only"><input type="checkbox" .checked=${this._onlyProblems}
                @change=${(e) => { this._onlyProblems = e.target.checked; }}> Show only these</label>` : ''}
            <span class="legend"><span><span class="swatch saved"></span>Saved</span>
              <span><span class="swatch new"></span>New (not saved yet)</span></span>
          </div>
          ${this._checkError ? html`<div class="check-error" role="status">${this._checkError}</div>` : ''}
          ${this._formError || this._generalErrors.length
            ? html`<div class="alert" role="alert" data-testid="form-error">${this._formError}
                ${this._generalErrors.length ? html`<ul>${this._generalErrors.map((m) => html`<li>${m}</li>`)}</ul>` : ''}
              </div>`
            : ''}
          <div class="chips" role="list" aria-label="Serial numbers" @click=${this._onChipsClick}>
            ${shown.length
              ? repeat(this._chunks(shown), (start) => start, (start) => html`<div class="chunk" role="none">${repeat(
                  shown.slice(start, start + CHUNK), (e) => e.key, (e) => this._chip(e))}</div>`)
              : html`<div class="empty-chips">No serial numbers yet</div>`}
          </div>
          ${!this._inputOpen
            ? html`<button type="button" class="link more" ?disabled=${full}
                title=${full ? 'All numbers are assigned' : ''}
                @click=${() => { this._inputOpen = true; this.updateComplete.then(() => this._focusEntry()); }}>
                + Enter serial numbers</button>`
            : ''}
        </div>

        <div class="dialog-foot">
          ${this._confirmDiscard
            ? html`<span class="discard" role="alert">Discard ${newCount ? `${newCount} unsaved ${newCount === 1 ? 'entry' : 'entries'}` : ''}${newCount && removed ? ' and ' : ''}${removed ? `${removed} removal${removed === 1 ? '' : 's'}` : ''}?</span>
                <button type="button" class="keep" @click=${this._requestClose}>Keep editing</button>
                <button type="button" class="discard-confirm danger primary" @click=${this._close}>Discard</button>`
            : html`<span class="note">${this._saving ? 'Saving…' : this._dirty ? 'Changes are saved when you press Done.' : ''}</span>
                <button type="button" class="cancel" @click=${this._requestClose} ?disabled=${this._saving}>Cancel</button>
                <button type="button" class="done primary" @click=${this._done} ?disabled=${this._saving}>
                  ${this._saving ? 'Saving…' : 'Done'}</button>`}
        </div>
      </dialog>
    `;
  }
}

customElements.define('st-serial-number-dialog', StSerialNumberDialog);
