// Serial numbers of one purchase order row: type or scan + Enter, or paste a spreadsheet block;
// the dialog opens at once and loads the row's saved numbers itself (typing may start meanwhile);
// every entry is checked as it is added; Done saves everything in ONE assignSerialNumbers call
// (new numbers + removals), all-or-nothing. Events: `saved` {row}, `close`.
// The text box, the chips and the debounced server check are shared with the pick dialog of a
// sales order row (st-serial-entry, st-serial-chips, serial-check.js).
import { LitElement, html, css } from 'lit';
import { shared, serialDialog } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { iconClose } from '../icons.js';
import { formatQuantity, labels } from '../format.js';
import { MAX_PER_INPUT, normalise, validateEntries } from '../serials.js';
import { SerialCheck } from '../serial-check.js';
import './st-serial-entry.js';
import './st-serial-chips.js';

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

// The row's saved numbers, in the order they were entered.
const ROW_SERIALS = `
  query RowSerialNumbers($id: ID!) {
    purchaseOrderRow(id: $id) { id serialNumbers { id number status } }
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
    orderId: { type: String },
    orderNumber: { type: String },
    _loadingSaved: { state: true },
    _loadError: { state: true },
    _version: { state: true },
    _saving: { state: true },
    _formError: { state: true },
    _generalErrors: { state: true },
    _checkError: { state: true },
    _confirmDiscard: { state: true },
    _inputOpen: { state: true },
    _onlyProblems: { state: true },
  };

  static styles = [
    shared,
    serialDialog,
    css`.loading-saved { font-size: 12.5px; color: var(--st-muted); margin: 4px 0; }`,
  ];

  constructor() {
    super();
    this.row = null;
    this.orderId = '';
    this.orderNumber = '';
    this._loadingSaved = false;
    this._loadError = '';
    this._loadSeq = 0;
    this._entries = [];
    this._removedIds = new Set();
    this._summary = { assigned: 0, savedCount: 0, newCount: 0, problems: 0 };
    this._version = 0;
    this._saving = false;
    this._formError = '';
    this._generalErrors = [];
    this._checkError = '';
    this._confirmDiscard = false;
    this._inputOpen = true;
    this._onlyProblems = false;
    this._scrollTo = null;
    // Numbers that exist already (ALREADY_EXISTS), found by the debounced dry run.
    this._check = new SerialCheck({
      entries: () => this._entries,
      request: async (numbers) => {
        const data = await gql(CHECK, {
          rowId: this.row.id, numbers, removeSerialNumberIds: [...this._removedIds],
        });
        return data.checkSerialNumbers
          .filter((e) => e.code === 'ALREADY_EXISTS' && e.index != null)
          .map((e) => ({ index: e.index, conflict: conflictOf(e) }));
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

  get _canRemove() {
    return Boolean(this.row?.canRemoveSerialNumbers);
  }

  get _dirty() {
    return this._summary.newCount > 0 || this._removedIds.size > 0;
  }

  willUpdate(changed) {
    if (changed.has('row') && this.row) {
      this._entries = [];
      this._removedIds = new Set();
      this._inputOpen = !(this.row.status === 'RECEIVED' && (this.row.tracing?.assigned ?? 0) > 0);
      this._revalidate();
      this._loadSaved();
    }
  }

  /** The row's saved numbers; entries typed meanwhile stay, after them. */
  async _loadSaved() {
    const seq = ++this._loadSeq;
    const row = this.row;
    if (row.serialNumbers) {   // given by the caller
      this._setSaved(row.serialNumbers);
      return;
    }
    if (!row.tracing?.assigned) {   // nothing to load
      this._setSaved([]);
      return;
    }
    this._loadingSaved = true;
    this._loadError = '';
    try {
      const data = await gql(ROW_SERIALS, { id: row.id });
      if (seq !== this._loadSeq || !this.isConnected) return;
      this._setSaved(data.purchaseOrderRow?.serialNumbers ?? []);
    } catch (err) {
      if (seq !== this._loadSeq) return;
      this._loadingSaved = false;
      this._loadError = errorMessage(err);
    }
  }

  _setSaved(serials) {
    const saved = serials.map((s) => ({
      key: nextKey++, id: s.id, number: s.number, saved: true, issue: null, serverIssue: null,
    }));
    this._entries = [...saved, ...this._entries.filter((e) => !e.saved)];
    this._loadingSaved = false;
    this._loadError = '';
    this._revalidate();
    if (this._entries.length > saved.length) this._check.schedule();
  }

  firstUpdated() {
    this.renderRoot.querySelector('dialog').showModal();
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
    super.disconnectedCallback();
  }

  _focusEntry() {
    const entry = this.renderRoot.querySelector('st-serial-entry');
    if (entry) entry.focus();
    else (this.renderRoot.querySelector('button.more') || this.renderRoot.querySelector('button.done'))?.focus();
  }

  _revalidate() {
    this._summary = validateEntries(this._entries, {
      quantity: this._quantity, conflicts: this._check.conflicts, removedIds: this._removedIds,
    });
    if (!this._summary.problems) this._onlyProblems = false;
    this._version += 1;
  }

  // ---- adding -----------------------------------------------------------------------------

  /** Synchronous on purpose: a scanner's keystrokes must never wait for the network. */
  _onAdd(event) {
    if (this._saving) return;
    const { numbers, block } = event.detail;
    if (!numbers.length) return;
    const firstNew = this._entries.length;
    for (const number of numbers) {
      this._entries.push({ key: nextKey++, id: null, number, saved: false, issue: null, serverIssue: null });
    }
    this._formError = '';
    this._confirmDiscard = false;
    this._revalidate();
    if (block) {
      // A pasted block: show its first problem if any, and otherwise where the block starts.
      const firstBad = this._entries.slice(firstNew).find((e) => e.issue);
      this._scrollTo = (firstBad || this._entries[firstNew]).key;
    } else {
      this._scrollTo = 'end';
    }
    this._check.schedule();
  }

  // ---- removing ---------------------------------------------------------------------------

  _onBin(event) {
    if (this._saving) return;
    const index = this._entries.findIndex((e) => e.key === event.detail.key);
    if (index < 0) return;
    const [entry] = this._entries.splice(index, 1);
    if (entry.saved) this._removedIds.add(entry.id);
    this._formError = '';
    this._confirmDiscard = false;
    this._revalidate();
    // Keep the keyboard in the list: focus the next chip's bin, else the text box.
    const next = this._entries[index] || this._entries[index - 1];
    const chips = this.renderRoot.querySelector('st-serial-chips');
    this.updateComplete.then(async () => {
      if (!next || !(await chips.focusBin(next.key))) this._focusEntry();
    });
  }

  // ---- saving -----------------------------------------------------------------------------

  async _done() {
    if (this._saving || this._loadingSaved || this._loadError) return;
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
        this._check.conflicts.set(normalise(entry.number), conflict);
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
    this._check.cancel();
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

  _shownEntries() {
    return this._onlyProblems && this._summary.problems ? this._entries.filter((e) => e.issue) : this._entries;
  }

  render() {
    const row = this.row;
    if (!row) return html``;
    const quantity = this._quantity;
    const { assigned, newCount, problems, savedCount } = this._summary;
    const removed = this._removedIds.size;
    const received = row.status === 'RECEIVED';
    const loading = this._loadingSaved || Boolean(this._loadError);
    const full = (loading ? row.tracing?.assigned ?? 0 : savedCount) >= quantity;
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
            <div class="value ${loading ? '' : counterClass}" data-testid="counter">${loading ? (row.tracing?.assigned ?? 0) + newCount : assigned} / ${quantity}</div>
            <div class="label">assigned of required</div>
          </div>
          <button type="button" class="icon" aria-label="Close" title="Close (Esc)" @click=${this._requestClose}>${iconClose()}</button>
        </div>

        <div class="dialog-body">
          ${this._inputOpen
            ? html`
              <st-serial-entry ?disabled=${this._saving} @add=${this._onAdd}></st-serial-entry>
              <div class="help">Press Enter after each number, or paste cells copied from a spreadsheet.
                Up to 32 characters: letters, digits, space and - _ / , . — at most ${MAX_PER_INPUT} at once.
                ${received ? ' The row is received: saved numbers can no longer be removed.' : ''}</div>`
            : html`<div class="help">The row is received: saved numbers can no longer be removed, but you can add
                ${full ? 'none: all are assigned.' : `up to ${quantity - savedCount} more.`}</div>`}

          ${this._loadingSaved ? html`<div class="loading-saved" role="status" data-testid="loading-saved">Loading the saved serial numbers…</div>` : ''}
          <div class="summary">
            <span>${loading ? row.tracing?.assigned ?? 0 : savedCount} saved</span>
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
          ${this._loadError ? html`<div class="alert" role="alert">Could not load the saved serial numbers: ${this._loadError}
              <button type="button" class="small" @click=${() => this._loadSaved()}>Retry</button></div>` : ''}
          <st-serial-chips .entries=${this._shownEntries()}
            emptyText=${this._loadingSaved ? '' : 'No serial numbers yet'} .version=${this._version} .sku=${row.variant?.sku || ''}
            .canBin=${(entry) => !entry.saved || this._canRemove} ?disabled=${this._saving}
            @bin=${this._onBin}></st-serial-chips>
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
                <button type="button" class="done primary" @click=${this._done} ?disabled=${this._saving || loading}>
                  ${this._saving ? 'Saving…' : 'Done'}</button>`}
        </div>
      </dialog>
    `;
  }
}

customElements.define('st-serial-number-dialog', StSerialNumberDialog);
