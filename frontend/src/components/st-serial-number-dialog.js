// Serial numbers of one purchase order row: type or scan + Enter, or paste a spreadsheet block;
// the dialog opens at once and loads the row's saved numbers itself (typing may start meanwhile);
// every entry is checked as it is added; Done saves everything in ONE assignSerialNumbers call
// (new numbers + removals), all-or-nothing.
// "Generate…" (st-generate-numbers) previews numbers from the item's numbering pattern (a dry
// run on the server) and adds them as new entries. Done saves a preview left as it is with
// generateSerialNumbers itself (not a dry run), so that the variant's counter moves past them
// and the next Generate continues after them; edited (some binned, others typed, removals),
// everything goes in the one assigning call like typed numbers, and the counter skips the
// saved ones next time. A new preview replaces the last one (a dry run does not move the
// counter, so it would give the same numbers again).
// @fires st-saved - {row, note} after Done saved (`note`: what the user should know, or '')
// @fires st-close - the dialog closed (saved or not)
// The text box, the chips and the debounced server check are shared with the pick dialog of a
// sales order row (st-serial-entry, st-serial-chips, serial-check.js).
import { html, css } from 'lit';
import { gql, errorMessage } from '../api.js';
import { formatQuantity, labels } from '../format.js';
import { MAX_PER_INPUT } from '../serials.js';
import { SerialDialog, newEntry } from '../serial-dialog.js';
import './st-generate-numbers.js';

const CHECK = `
  query CheckSerialNumbers($rowId: ID!, $numbers: [String!]!, $removeSerialNumberIds: [ID!]) {
    checkSerialNumbers(rowId: $rowId, numbers: $numbers, removeSerialNumberIds: $removeSerialNumberIds) {
      code message field index number
      conflict { id number purchaseOrderRow { id purchaseOrder { id number } } }
    }
  }
`;

const GENERATE = `
  mutation GenerateSerialNumbers($input: GenerateSerialNumbersInput!) {
    generateSerialNumbers(input: $input) {
      numbers
      row { id tracing { required assigned state } serialNumbers { id number status } }
      errors { code message field index }
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
// A page of them at a time (the server gives at most this many per request).
const SAVED_PAGE = 1000;
const ROW_SERIALS = `
  query RowSerialNumbers($id: ID!, $after: ID) {
    purchaseOrderRow(id: $id) { id serialNumbers(first: ${SAVED_PAGE}, after: $after) { id number status } }
  }
`;

/** Every saved number of a row, page after page. */
async function rowSerials(id) {
  const all = [];
  let after = null;
  for (;;) {
    const data = await gql(ROW_SERIALS, { id, after });
    const page = data.purchaseOrderRow?.serialNumbers ?? [];
    all.push(...page);
    if (page.length < SAVED_PAGE) return all;
    after = page[page.length - 1].id;
  }
}

function conflictOf(error) {
  const c = error.conflict;
  return { id: c?.id ?? null, where: c?.purchaseOrderRow?.purchaseOrder?.number ?? null };
}

export class StSerialNumberDialog extends SerialDialog {
  static properties = {
    orderId: { type: String },
    _loadingSaved: { state: true },
    _loadError: { state: true },
    _inputOpen: { state: true },
    _generateOpen: { state: true },
    _generated: { state: true },   // {numbers, count, pattern, custom, keys} of the generated preview
  };

  static styles = [
    ...SerialDialog.styles,
    css`
      .loading-saved { font-size: 12.5px; color: var(--st-muted); margin: 4px 0; }
      .entry-tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 6px; }
      .entry-tools button { min-height: 44px; }
      .generated-note { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; font-size: 12.5px; margin: 4px 0;
        padding: 6px 10px; border-radius: var(--st-radius); background: #eef7f0; color: #1d5b33; }
    `,
  ];

  constructor() {
    super();
    this.orderId = '';
    this._loadingSaved = false;
    this._loadError = '';
    this._loadSeq = 0;
    this._inputOpen = true;
    this._generateOpen = false;
    this._generated = null;
  }

  get _canRemove() {
    return Boolean(this.row?.canRemoveSerialNumbers);
  }

  get _notReady() {
    return this._loadingSaved || Boolean(this._loadError);
  }

  /** Numbers that exist already (ALREADY_EXISTS), found by the debounced dry run. */
  async _checkRequest(numbers, signal) {
    const data = await gql(CHECK, {
      rowId: this.row.id, numbers, removeSerialNumberIds: [...this._removedIds],
    }, { signal });
    return data.checkSerialNumbers
      .filter((e) => e.code === 'ALREADY_EXISTS' && e.index != null)
      .map((e) => ({ index: e.index, conflict: conflictOf(e) }));
  }

  /** Whether the new entries are exactly the generated preview, as it came. */
  _previewAsItCame(numbers) {
    const g = this._generated;
    return Boolean(g) && !this._removedIds.size && numbers.length === g.numbers.length
      && numbers.every((n, i) => n === g.numbers[i]);
  }

  /** One call: the preview as it came is generated for real; otherwise the new numbers are
   * assigned and the binned ones removed. */
  async _saveRequest(numbers) {
    if (this._previewAsItCame(numbers)) {
      const g = this._generated;
      const input = { rowId: this.row.id, count: g.count };
      if (g.custom) input.pattern = g.pattern;
      const payload = (await gql(GENERATE, { input })).generateSerialNumbers;
      // Another user may have generated meanwhile: then these are the next ones, and said so.
      const moved = !payload.errors?.length && payload.numbers.some((n, i) => n !== numbers[i]);
      const note = moved ? `The numbers moved on since the preview: saved ${payload.numbers[0]} … ${payload.numbers.at(-1)}.` : '';
      return { row: payload.row, errors: (payload.errors || []).map((e) => ({ ...e, index: null })), note };
    }
    const input = { rowId: this.row.id, numbers, removeSerialNumberIds: [...this._removedIds] };
    return (await gql(ASSIGN, { input })).assignSerialNumbers;
  }

  _markRefused(entry, error) {
    if (error.code === 'ALREADY_EXISTS') {
      const conflict = conflictOf(error);
      this._setConflict(entry, conflict);
      entry.serverIssue = { code: error.code, message: conflict.where ? `Already on ${conflict.where}` : 'Already exists' };
    } else {
      entry.serverIssue = { code: error.code, message: error.message };
    }
  }

  willUpdate(changed) {
    if (changed.has('row') && this.row) {
      const before = changed.get('row');
      if (before && before.id === this.row.id) {   // the same row, changed by someone else
        this._rowChanged(before);
        return;
      }
      this._entries = [];
      this._removedIds = new Set();
      this._generateOpen = false;
      this._generated = null;
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
      const saved = await rowSerials(row.id);
      if (seq !== this._loadSeq || !this.isConnected) return;
      this._setSaved(saved);
    } catch (err) {
      if (seq !== this._loadSeq) return;
      this._loadingSaved = false;
      this._loadError = errorMessage(err);
    }
  }

  /** A live update of the open row (another user saved, removed or received): the saved
   * numbers are read again and merged in; typing goes on meanwhile. */
  _rowChanged(before) {
    const row = this.row;
    const received = before.status !== 'RECEIVED' && row.status === 'RECEIVED';
    if (received) this._liveReceived();
    if (received || before.status !== row.status || before.tracing?.assigned !== row.tracing?.assigned) {
      this._refreshSaved(received);
    }
  }

  async _refreshSaved(restore = false) {
    this._restoreRemovals = this._restoreRemovals || restore;
    if (this._saving) {   // what the save answers comes first; then, if still open, this
      this._refreshAfterSave = true;
      return;
    }
    if (this._loadingSaved || this._loadError) {   // still loading: load again
      this._loadSaved();
      return;
    }
    const seq = ++this._loadSeq;
    try {
      const saved = await rowSerials(this.row.id);
      if (seq !== this._loadSeq || !this.isConnected || this._saving) return;
      this._liveSaved(saved, { restore: this._restoreRemovals });
      this._restoreRemovals = false;
    } catch {
      // The next change, or Done, tells again.
    }
  }

  updated(changed) {
    super.updated(changed);
    if (changed.has('_saving') && !this._saving && this._refreshAfterSave && this.isConnected) {
      this._refreshAfterSave = false;
      this._refreshSaved();
    }
  }

  _setSaved(serials) {
    const saved = serials.map((s) => newEntry(s.number, s.id));
    this._entries = [...saved, ...this._entries.filter((e) => !e.saved)];
    this._loadingSaved = false;
    this._loadError = '';
    this._revalidate();
    if (this._entries.length > saved.length) this._check.schedule();
  }

  // ---- generating ---------------------------------------------------------------------------

  /** How many more the row takes after the entries shown, the generated preview aside (a new
   * preview replaces it): the default count to generate. */
  get _room() {
    const g = this._generated;
    const preview = g ? this._entries.filter((e) => !e.saved && !e.issue && g.keys.has(e.key)).length : 0;
    return Math.max(0, this._quantity - this._summary.valid + preview);
  }

  _openGenerate() {
    this._generateOpen = true;
  }

  _closeGenerate() {
    this._generateOpen = false;
    this.updateComplete.then(() => this.renderRoot.querySelector('button.generate-open')?.focus());
  }

  _onGenerated(event) {
    const { numbers, count, pattern, custom } = event.detail;
    this._generateOpen = false;
    if (this._generated) {   // a new preview replaces the last one
      const old = this._generated.keys;
      this._entries = this._entries.filter((e) => e.saved || !old.has(e.key));
    }
    const added = this._addNumbers(numbers, true);
    this._lastPaste = null;
    this._generated = { numbers, count, pattern, custom, keys: new Set(added.map((e) => e.key)) };
    this.updateComplete.then(() => this.renderRoot.querySelector('button.done')?.focus());
  }

  /** Take the generated preview back (entries binned since stay binned). */
  _undoGenerated() {
    const generated = this._generated;
    if (!generated || this._saving) return;
    this._generated = null;
    this._entries = this._entries.filter((e) => e.saved || !generated.keys.has(e.key));
    this._revalidate();
    this.updateComplete.then(() => this._focusEntry());
  }

  _generateTools(full, loading) {
    if (this._generateOpen) {
      return html`<st-generate-numbers .rowId=${this.row.id} .room=${this._room}
        @st-generated=${this._onGenerated} @st-cancel=${this._closeGenerate}></st-generate-numbers>`;
    }
    const room = this._room;
    return html`<div class="entry-tools">
      <button type="button" class="generate-open" ?disabled=${full || loading || this._saving || !room}
        title=${room ? 'Numbers from the item’s numbering pattern, previewed before they are saved' : 'The row is full'}
        @click=${this._openGenerate}>Generate…</button>
      <span class="help">or type a range: SN-0001..SN-0100, SN-0001+99</span>
    </div>`;
  }

  _generatedNote() {
    const g = this._generated;
    if (!g) return '';
    return html`<div class="generated-note" role="status" data-testid="generated-note">
      Generated ${g.count} serial ${g.count === 1 ? 'number' : 'numbers'} from <span class="mono">${g.pattern}</span>:
      new entries, not saved yet — bin or retype any before Done.
      <button type="button" class="link small undo-generated" @click=${this._undoGenerated}>Take back</button></div>`;
  }

  // ---- rendering --------------------------------------------------------------------------

  render() {
    const row = this.row;
    if (!row) return html``;
    const quantity = this._quantity;
    const { valid, newCount, savedCount } = this._summary;
    const validNew = valid - savedCount;
    const removed = this._removedIds.size;
    const received = row.status === 'RECEIVED';
    const loading = this._loadingSaved || Boolean(this._loadError);
    const full = (loading ? row.tracing?.assigned ?? 0 : savedCount) >= quantity;
    return this._frame({
      titleId: 'sn-title',
      heading: 'Serial numbers',
      sub: html`${row.variant?.product?.name || row.variant?.name ? html` · ${row.variant?.product?.name || row.variant?.name}` : ''}
              · Qty ${formatQuantity(row.quantity)} · ${labels.rowStatus[row.status] || row.status}`,
      counter: loading ? (row.tracing?.assigned ?? 0) + validNew : valid,
      counterClass: loading ? '' : this._counterClass(),
      counterLabel: 'assigned of required',
      body: html`
          ${this._inputOpen
            ? html`
              <st-serial-entry ?disabled=${this._saving} .sku=${row.variant?.sku || ''}
                @st-add=${this._onAdd} @st-paste-undo=${this._onPasteUndo}></st-serial-entry>
              ${this._generateTools(full, loading)}
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
            ${this._problems()}
            <span class="legend"><span><span class="swatch saved"></span>Saved</span>
              <span><span class="swatch new"></span>New (not saved yet)</span></span>
          </div>
          ${this._generatedNote()}
          ${this._messages()}
          ${this._loadError ? html`<div class="alert" role="alert">Could not load the saved serial numbers: ${this._loadError}
              <button type="button" class="small" @click=${() => this._loadSaved()}>Retry</button></div>` : ''}
          <st-serial-chips .entries=${this._shownEntries()}
            emptyText=${this._loadingSaved ? '' : 'No serial numbers yet'} .version=${this._version} .sku=${row.variant?.sku || ''}
            .canBin=${(entry) => !entry.saved || this._canRemove} ?disabled=${this._saving}
            @st-bin=${this._onBin}></st-serial-chips>
          ${!this._inputOpen
            ? html`<button type="button" class="link more" ?disabled=${full}
                title=${full ? 'All numbers are assigned' : ''}
                @click=${() => { this._inputOpen = true; this.updateComplete.then(() => this._focusEntry()); }}>
                + Enter serial numbers</button>`
            : ''}`,
      foot: this._editFoot({ doneDisabled: loading }),
    });
  }
}

customElements.define('st-serial-number-dialog', StSerialNumberDialog);
