// What both serial number dialogs share (PO row: st-serial-number-dialog, assign; SO row:
// st-pick-dialog, pick): the entries and their validation, the debounced server check, adding
// (synchronous, for scanners) and binning, Done as ONE all-or-nothing call with the refusals put
// on the chips, closing with the discard question; and the frame they render (head with the
// counter, summary, messages, foot). A subclass supplies the server calls and its body.
import { LitElement, html } from 'lit';
import { shared, serialDialog } from './styles.js';
import { errorMessage } from './api.js';
import { iconClose } from './icons.js';
import { normalise, validateEntries } from './serials.js';
import { SerialCheck } from './serial-check.js';
import './components/st-serial-entry.js';
import './components/st-serial-chips.js';

let nextKey = 1;

/** A chip entry: a saved number (with its id) or a new one. */
export function newEntry(number, id = null) {
  return { key: nextKey++, id, number, saved: id != null, issue: null, serverIssue: null };
}

export class SerialDialog extends LitElement {
  static properties = {
    row: { attribute: false },
    orderNumber: { type: String },
    _version: { state: true },
    _saving: { state: true },
    _formError: { state: true },
    _generalErrors: { state: true },
    _checkError: { state: true },
    _confirmDiscard: { state: true },
    _onlyProblems: { state: true },
  };

  static styles = [shared, serialDialog];

  // A subclass implements:
  //   _checkRequest(numbers) -> [{index, conflict}] for the debounced dry run;
  //   _saveRequest(numbers) -> the payload {row, errors} of the one saving call;
  //   _markRefused(entry, error) sets entry.serverIssue (and a conflict) for a refused number.

  constructor() {
    super();
    this.row = null;
    this.orderNumber = '';
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
    this._scrollTo = null;
    this._check = new SerialCheck({
      entries: () => this._entries,
      request: (numbers) => this._checkRequest(numbers),
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

  /** True while nothing may change (e.g. a delivered order). */
  get _readOnly() {
    return false;
  }

  /** True while Done must wait (e.g. the saved numbers are still loading). */
  get _notReady() {
    return false;
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

  _shownEntries() {
    return this._onlyProblems && this._summary.problems ? this._entries.filter((e) => e.issue) : this._entries;
  }

  // ---- adding and removing ------------------------------------------------------------------

  _onAdd(event) {
    if (this._saving) return;
    this._addNumbers(event.detail.numbers, event.detail.block);
  }

  /** Synchronous on purpose: a scanner's keystrokes must never wait for the network. */
  _addNumbers(numbers, block) {
    if (!numbers.length) return;
    const firstNew = this._entries.length;
    for (const number of numbers) this._entries.push(newEntry(number));
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

  _onBin(event) {
    if (this._saving || this._readOnly) return;
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

  // ---- saving: one call, all-or-nothing -----------------------------------------------------

  async _done() {
    if (this._saving || this._notReady) return;
    if (this._readOnly || !this._dirty) {
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
    this._saving = true;
    this._formError = '';
    let payload;
    try {
      payload = await this._saveRequest(sent.map((e) => e.number));
    } catch (err) {
      this._saving = false;
      this._formError = `Not saved: ${errorMessage(err)} Your entries are kept; press Done to try again.`;
      this._revalidate();
      return;
    }
    this._saving = false;
    if (payload.errors?.length) {
      this._showRefusals(payload.errors, sent);
      return;
    }
    this.dispatchEvent(new CustomEvent('saved', { detail: { row: payload.row }, bubbles: true, composed: true }));
    this._close();
  }

  _showRefusals(errors, sent) {
    const general = [];
    for (const error of errors) {
      const entry = (error.field == null || error.field === 'numbers') && error.index != null ? sent[error.index] : null;
      if (entry) this._markRefused(entry, error);
      else general.push(error.message);
    }
    this._generalErrors = general;
    this._revalidate();
    const n = errors.length;
    this._formError = `Not saved: the server refused ${n === 1 ? 'one problem' : `${n} problems`}. Nothing was changed; fix the marked entries and press Done again.`;
    const firstBad = this._entries.find((e) => e.issue);
    if (firstBad) this._scrollTo = firstBad.key;
  }

  /** Remembers a refused number's conflict, so the browser's check keeps marking it. */
  _setConflict(entry, conflict) {
    this._check.conflicts.set(normalise(entry.number), conflict);
  }

  // ---- closing ------------------------------------------------------------------------------

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

  // ---- rendering ----------------------------------------------------------------------------

  _counterClass() {
    const { assigned, problems } = this._summary;
    const quantity = this._quantity;
    return assigned > quantity ? 'over' : assigned === quantity && !problems ? 'complete' : '';
  }

  /** The dialog with its head (title, sub line, counter, close button), `body` and `foot`. */
  _frame({ titleId, heading, sub, counter, counterClass, counterLabel, body, foot }) {
    return html`
      <dialog aria-labelledby=${titleId} @keydown=${this._onDialogKeyDown} @cancel=${this._onCancel}>
        <div class="dialog-head">
          <div class="title">
            <h2 id=${titleId}>${heading}</h2>
            <div class="sub">
              ${this.orderNumber ? html`${this.orderNumber} · ` : ''}<span class="mono">${this.row.variant?.sku}</span>
              ${sub}
            </div>
          </div>
          <div class="counter" aria-live="polite">
            <div class="value ${counterClass}" data-testid="counter">${counter} / ${this._quantity}</div>
            <div class="label">${counterLabel}</div>
          </div>
          <button type="button" class="icon" aria-label="Close" title="Close (Esc)" @click=${this._requestClose}>${iconClose()}</button>
        </div>

        <div class="dialog-body">${body}</div>

        <div class="dialog-foot">${this._confirmDiscard ? this._discardQuestion() : foot}</div>
      </dialog>
    `;
  }

  /** The summary's problem count with its "Show only these" switch. */
  _problems() {
    const { problems } = this._summary;
    return problems ? html`<span class="bad" data-testid="problems">${problems} with problems</span>
      <label class="only"><input type="checkbox" .checked=${this._onlyProblems}
        @change=${(e) => { this._onlyProblems = e.target.checked; }}> Show only these</label>` : '';
  }

  /** The server check's trouble and the refusal of the last Done. */
  _messages() {
    return html`
      ${this._checkError ? html`<div class="check-error" role="status">${this._checkError}</div>` : ''}
      ${this._formError || this._generalErrors.length
        ? html`<div class="alert" role="alert" data-testid="form-error">${this._formError}
            ${this._generalErrors.length ? html`<ul>${this._generalErrors.map((m) => html`<li>${m}</li>`)}</ul>` : ''}
          </div>`
        : ''}`;
  }

  _discardQuestion() {
    const { newCount } = this._summary;
    const removed = this._removedIds.size;
    return html`<span class="discard" role="alert">Discard ${newCount ? `${newCount} unsaved ${newCount === 1 ? 'entry' : 'entries'}` : ''}${newCount && removed ? ' and ' : ''}${removed ? `${removed} removal${removed === 1 ? '' : 's'}` : ''}?</span>
      <button type="button" class="keep" @click=${this._requestClose}>Keep editing</button>
      <button type="button" class="discard-confirm danger primary" @click=${this._close}>Discard</button>`;
  }

  /** The foot while editing: the note, Cancel and Done. */
  _editFoot({ doneDisabled = false } = {}) {
    return html`<span class="note">${this._saving ? 'Saving…' : this._dirty ? 'Changes are saved when you press Done.' : ''}</span>
      <button type="button" class="cancel" @click=${this._requestClose} ?disabled=${this._saving}>Cancel</button>
      <button type="button" class="done primary" @click=${this._done} ?disabled=${this._saving || doneDisabled}>
        ${this._saving ? 'Saving…' : 'Done'}</button>`;
  }
}
