// What both serial number dialogs share (PO row: st-serial-number-dialog, assign; SO row:
// st-pick-dialog, pick): the entries and their validation, the debounced server check, adding
// (synchronous, for scanners) and binning, Done as ONE all-or-nothing call with the refusals put
// on the chips, closing with the discard question; and the frame they render (head with the
// counter, summary, messages, foot). A subclass supplies the server calls and its body.
// The counter shows the valid entries (saved + new without a problem) against the quantity;
// "Remove the N flagged entries" takes every entry with a problem out in one click (Undo puts
// them back). While it holds unsaved entries the dialog is registered in unsaved.js: leaving
// the page, in-app navigation and the end of the session ask first instead of losing them.
//
// @fires st-saved - {row, note} after Done saved (`note`: what the user should know, or '')
// @fires st-close - the dialog closed (saved or not)
import { LitElement, html, css } from 'lit';
import { shared, serialDialog } from './styles.js';
import { errorMessage } from './api.js';
import { iconClose } from './icons.js';
import { normalise, validateEntries } from './serials.js';
import { SerialCheck } from './serial-check.js';
import { registerUnsaved } from './unsaved.js';
import { liveUser } from './live.js';
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
    _removedFlagged: { state: true },   // [{index, entry}] of the last "Remove flagged", for Undo
    changedBy: { attribute: false },    // who made the row's last live change (a username), if known
    _live: { state: true },             // what others changed on the row while it is open
  };

  static styles = [shared, serialDialog, css`
    .summary button.remove-flagged { font-size: 12.5px; padding: 1px 8px; }
    .removed-note { display: flex; align-items: center; gap: 6px; font-size: 12.5px; color: var(--st-muted); margin: 4px 0; }
    .live-note { font-size: 12.5px; margin: 4px 0; padding: 6px 10px; border-radius: var(--st-radius);
      background: #eef4ff; color: #1e3a8a; border: 1px solid #c7d7fb; }
    .live-note.clash { background: var(--st-warning-bg); color: #7c3d06; border-color: #f3d19e; }
    .live-note p { margin: 0; }
    .live-note p + p { margin-top: 2px; }
  `];

  // A subclass implements:
  //   _checkRequest(numbers, signal) -> [{index, conflict}] for the debounced dry run (aborted by `signal`);
  //   _saveRequest(numbers) -> the payload {row, errors} of the one saving call;
  //   _markRefused(entry, error) sets entry.serverIssue (and a conflict) for a refused number.

  constructor() {
    super();
    this.row = null;
    this.orderNumber = '';
    this._entries = [];
    this._removedIds = new Set();
    this._summary = { assigned: 0, savedCount: 0, newCount: 0, valid: 0, problems: 0 };
    this._removedFlagged = null;
    this._lastPaste = null;   // {id, keys} of the last pasted block (its "Change" takes it back)
    this._discarded = false;
    this._unregister = null;
    this._version = 0;
    this._saving = false;
    this._formError = '';
    this._generalErrors = [];
    this._checkError = '';
    this._confirmDiscard = false;
    this._onlyProblems = false;
    this._scrollTo = null;
    this.changedBy = null;
    // {arrived, gone, okBefore: Set of keys of entries that were fine before, received, restored}
    this._live = null;
    this._check = new SerialCheck(this, {
      entries: () => this._entries,
      request: (numbers, signal) => this._checkRequest(numbers, signal),
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

  /** The reason on a new entry that repeats a saved one. */
  get _savedRepeat() {
    return 'Already saved on this row';
  }

  /** "3 unsaved serial numbers (PO-5, SRV-1)", for the questions before leaving. */
  _describeUnsaved() {
    const { newCount } = this._summary;
    const removed = this._removedIds.size;
    const parts = [];
    if (newCount) parts.push(`${newCount} unsaved serial ${newCount === 1 ? 'number' : 'numbers'}`);
    if (removed) parts.push(`${removed} unsaved ${removed === 1 ? 'removal' : 'removals'}`);
    const where = [this.orderNumber, this.row?.variant?.sku].filter(Boolean).join(', ');
    return `${parts.join(' and ') || 'unsaved changes'}${where ? ` (${where})` : ''}`;
  }

  connectedCallback() {
    super.connectedCallback();
    this._unregister = registerUnsaved({
      hasUnsaved: () => this._dirty && !this._discarded,
      describe: () => this._describeUnsaved(),
      discard: () => { this._discarded = true; },
    });
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
    this._unregister?.();
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
      savedRepeat: this._savedRepeat,
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
    const { numbers, block, pasteId } = event.detail;
    const added = this._addNumbers(numbers, block);
    this._lastPaste = pasteId ? { id: pasteId, keys: new Set(added.map((e) => e.key)) } : null;
  }

  /** "Change" after a paste taken as chosen before: its entries go, the question comes back. */
  _onPasteUndo(event) {
    if (this._saving || !this._lastPaste || this._lastPaste.id !== event.detail.pasteId) return;
    const { keys } = this._lastPaste;
    this._lastPaste = null;
    this._entries = this._entries.filter((e) => e.saved || !keys.has(e.key));
    this._removedFlagged = null;
    this._revalidate();
  }

  /** Synchronous on purpose: a scanner's keystrokes must never wait for the network. */
  _addNumbers(numbers, block) {
    if (!numbers.length) return [];
    const firstNew = this._entries.length;
    for (const number of numbers) this._entries.push(newEntry(number));
    this._formError = '';
    this._confirmDiscard = false;
    this._removedFlagged = null;
    this._discarded = false;
    this._revalidate();
    if (block) {
      // A pasted block: show its first problem if any, and otherwise where the block starts.
      const firstBad = this._entries.slice(firstNew).find((e) => e.issue);
      this._scrollTo = (firstBad || this._entries[firstNew]).key;
    } else {
      this._scrollTo = 'end';
    }
    this._check.schedule();
    return this._entries.slice(firstNew);
  }

  /** One clear way forward: every entry with a problem goes at once, the valid ones stay. */
  _removeFlagged() {
    if (this._saving || this._readOnly) return;
    const removed = [];
    const kept = [];
    this._entries.forEach((entry, index) => {
      if (!entry.saved && entry.issue) removed.push({ index, entry });
      else kept.push(entry);
    });
    if (!removed.length) return;
    this._entries = kept;
    this._removedFlagged = removed;
    this._formError = '';
    this._generalErrors = [];
    this._confirmDiscard = false;
    this._lastPaste = null;
    this._revalidate();
    this.updateComplete.then(() => this.renderRoot.querySelector('button.done')?.focus());
  }

  _undoRemoveFlagged() {
    const removed = this._removedFlagged;
    if (!removed || this._saving) return;
    this._removedFlagged = null;
    for (const { index, entry } of removed) this._entries.splice(Math.min(index, this._entries.length), 0, entry);
    this._revalidate();
    this._scrollTo = removed[0].entry.key;
    this.updateComplete.then(() => this.renderRoot.querySelector('button.remove-flagged')?.focus());
  }

  _onBin(event) {
    if (this._saving || this._readOnly) return;
    const index = this._entries.findIndex((e) => e.key === event.detail.key);
    if (index < 0) return;
    const [entry] = this._entries.splice(index, 1);
    if (entry.saved) this._removedIds.add(entry.id);
    this._formError = '';
    this._confirmDiscard = false;
    this._removedFlagged = null;
    this._revalidate();
    // Keep the keyboard in the list: focus the next chip's bin, else the text box.
    const next = this._entries[index] || this._entries[index - 1];
    const chips = this.renderRoot.querySelector('st-serial-chips');
    this.updateComplete.then(async () => {
      if (!next || !(await chips.focusBin(next.key))) this._focusEntry();
    });
  }

  // ---- live: what others save on the row while the dialog is open --------------------------

  /**
   * The row's saved numbers as they are now (`serials`: [{id, number}]), after another user
   * saved or removed some: the saved chips follow (those already shown keep their place and
   * focus), the unsaved entries stay as typed after them and are checked again — against the
   * new saved numbers at once, against every other row by the server check — and the dialog
   * says what happened (`_liveNote`). `restore`: the row was received, so numbers binned here
   * can't be removed any more and come back.
   */
  _liveSaved(serials, { restore = false } = {}) {
    const shown = new Map(this._entries.filter((e) => e.saved).map((e) => [e.id, e]));
    const known = new Set([...shown.keys(), ...this._removedIds]);
    const now = new Set(serials.map((s) => s.id));
    const arrived = serials.filter((s) => !known.has(s.id)).length;
    const gone = [...known].filter((id) => !now.has(id)).length;
    const restored = restore ? [...this._removedIds].filter((id) => now.has(id)).length : 0;
    if (!arrived && !gone && !restored) return;
    if (restore) this._removedIds = new Set();
    for (const id of [...this._removedIds]) if (!now.has(id)) this._removedIds.delete(id);
    const okBefore = new Set(this._live?.okBefore || []);
    for (const entry of this._entries) if (!entry.saved && !entry.issue) okBefore.add(entry.key);
    const saved = serials.filter((s) => !this._removedIds.has(s.id))
      .map((s) => shown.get(s.id) ?? newEntry(s.number, s.id));
    this._entries = [...saved, ...this._entries.filter((e) => !e.saved)];
    const live = this._live || { arrived: 0, gone: 0, received: false, restored: 0 };
    this._live = { ...live, arrived: live.arrived + arrived, gone: live.gone + gone,
      restored: live.restored + restored, okBefore };
    this._removedFlagged = null;
    this._check.recheck();
    this._revalidate();
  }

  /** How the live note says what another user did: [added, removed]. */
  get _liveVerbs() {
    return ['saved', 'removed'];
  }

  /** The row was received meanwhile: from now on numbers can only be added. */
  _liveReceived() {
    this._live = { arrived: 0, gone: 0, restored: 0, okBefore: new Set(), ...(this._live || {}), received: true };
  }

  /** Who made the live change: "anna", "You (in another window)" or "Another user". */
  _changer() {
    if (this.changedBy) this._lastBy = this.changedBy;   // a later change without a name keeps it
    const by = this._lastBy;
    if (!by) return 'Another user';
    return by === liveUser()?.username ? 'You (in another window)' : by;
  }

  /** The unsaved entries that were fine before the live change and clash now. */
  get _liveClashes() {
    const okBefore = this._live?.okBefore;
    if (!okBefore?.size) return 0;
    return this._entries.filter((e) => !e.saved && e.issue && okBefore.has(e.key)).length;
  }

  /** What others changed on the row while it is open, said before Done. */
  _liveNote() {
    const live = this._live;
    // The status region is there from the start, so a screen reader hears what comes into it.
    if (!live) return html`<div role="status" class="live-region"></div>`;
    const who = this._changer();
    const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;
    const lines = [];
    if (live.received) {
      lines.push(`${who === 'Another user' ? 'The row was received meanwhile' : `${who} received this row`}: numbers can only be added now, saved ones can’t be removed${live.restored ? ` (your ${n(live.restored, 'removal is', 'removals are')} undone)` : ''}.`);
    }
    if (live.arrived || live.gone) {
      const [added, removed] = this._liveVerbs;
      const did = [live.arrived ? `${added} ${n(live.arrived, 'number', 'numbers')}` : '',
        live.gone ? `${removed} ${n(live.gone, `${added} number`, `${added} numbers`)}` : ''].filter(Boolean).join(' and ');
      const clashes = this._liveClashes;
      const unsaved = this._summary.newCount;
      let yours = '';
      if (clashes) yours = `; ${clashes} of yours now ${clashes === 1 ? 'clashes' : 'clash'}: fix or remove ${clashes === 1 ? 'it' : 'them'} before Done`;
      else if (unsaved) yours = `; yours ${unsaved === 1 ? 'still fits' : 'still fit'}`;
      lines.push(`${live.received ? 'They' : who} ${did} on this row${yours}.`);
    }
    const clash = this._liveClashes > 0 || live.received;
    return html`<div role="status" class="live-region"><div class="live-note ${clash ? 'clash' : ''}" data-testid="live-note">
      ${lines.map((line) => html`<p>${line}</p>`)}</div></div>`;
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
    this._removedFlagged = null;
    if (this._summary.problems) {
      const n = this._summary.problems;
      this._formError = `Fix or remove the ${this._flagged(n)} first (“Remove the ${this._flagged(n)}” takes ${n === 1 ? 'it' : 'them all'} out in one click); nothing has been saved yet.`;
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
    this._discarded = true;   // saved: nothing unsaved is left
    this.dispatchEvent(new CustomEvent('st-saved', {
      detail: { row: payload.row, note: payload.note || '' }, bubbles: true, composed: true,
    }));
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
    this._unregister?.();
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    this.dispatchEvent(new CustomEvent('st-close', { bubbles: true, composed: true }));
  }

  _onDialogKeyDown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this._escape();
    }
  }

  _onCancel(event) {
    // Escape that reached the dialog anyway (e.g. a close request from the browser).
    event.preventDefault();
    this._escape();
  }

  /** Escape: with the paste question open it closes the question only, else the dialog. */
  _escape() {
    const entry = this.renderRoot.querySelector('st-serial-entry');
    if (entry?.asking) entry.cancelQuestion();
    else this._requestClose();
  }

  // ---- rendering ----------------------------------------------------------------------------

  _counterClass() {
    const { valid, problems } = this._summary;
    const quantity = this._quantity;
    return valid > quantity ? 'over' : valid === quantity && !problems ? 'complete' : '';
  }

  /** "3 flagged entries", "1 flagged entry". */
  _flagged(n) {
    return `${n} flagged ${n === 1 ? 'entry' : 'entries'}`;
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
        @change=${(e) => { this._onlyProblems = e.target.checked; }}> Show only these</label>
      ${this._readOnly ? '' : html`<button type="button" class="remove-flagged danger" ?disabled=${this._saving}
        @click=${this._removeFlagged}>Remove the ${this._flagged(problems)}</button>`}` : '';
  }

  /** After "Remove the N flagged entries": what went, and Undo. */
  _removedNote() {
    const removed = this._removedFlagged;
    if (!removed) return '';
    return html`<div class="removed-note" role="status" data-testid="removed-flagged">
      Removed ${this._flagged(removed.length)}; the valid ones are kept.
      <button type="button" class="link small undo-remove" @click=${this._undoRemoveFlagged}>Undo</button></div>`;
  }

  /** The server check's trouble and the refusal of the last Done. */
  _messages() {
    return html`
      ${this._liveNote()}
      ${this._removedNote()}
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
