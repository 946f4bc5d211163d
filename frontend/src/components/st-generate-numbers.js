// "Generate" in the serial number dialog of a PO row: how many (default: what the row still
// needs) and the pattern (default: the item's numbering pattern, loaded when the panel opens),
// with a live example; "Preview" asks the server for the numbers in a dry run
// (generateSerialNumbers with dryRun: nothing is saved, the counter does not move) and hands
// them to the dialog as new entries, which can still be binned or retyped before Done (see
// st-serial-number-dialog for how Done saves them and keeps the counter moving).
// @fires st-generated - {numbers, count, pattern, custom} the previewed numbers; `custom`: the pattern is not the item's
// @fires st-cancel - the panel is closed without generating
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { describePattern } from '../numbering.js';
import { MAX_PER_INPUT } from '../serials.js';

const ROW_PATTERN = `
  query RowNumberingPattern($id: ID!) {
    purchaseOrderRow(id: $id) { id variant { id numberingPattern } }
  }
`;

const GENERATE = `
  mutation GenerateSerialNumbers($input: GenerateSerialNumbersInput!) {
    generateSerialNumbers(input: $input) { numbers errors { code message field index } }
  }
`;

let counter = 0;

export class StGenerateNumbers extends LitElement {
  static properties = {
    rowId: { type: String },
    room: { type: Number },   // how many the row can still take (the default count)
    _count: { state: true },
    _pattern: { state: true },
    _itemPattern: { state: true },   // null while loading
    _busy: { state: true },
    _error: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      form { margin: 6px 0 10px; padding: 10px 12px 12px; border: 1px solid #c9d6f2; border-radius: var(--st-radius); background: #f5f8fe; }
      h3 { font-size: 14px; font-weight: 600; margin: 0 0 8px; }
      .fields { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-start; }
      label { display: block; font-size: 12px; color: var(--st-muted); margin-bottom: 2px; }
      .count input { width: 7em; }
      .pattern { flex: 1; min-width: 12em; }
      .pattern input { width: 100%; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      input { min-height: 44px; box-sizing: border-box; }
      .example { font-size: 12.5px; color: var(--st-muted); margin-top: 3px; overflow-wrap: anywhere; }
      .example.bad, .error { color: var(--st-danger); }
      .error { font-size: 12.5px; margin: 6px 0 0; }
      .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
      .actions button { min-height: 44px; }
    `,
  ];

  constructor() {
    super();
    this.rowId = '';
    this.room = 0;
    this._count = '';
    this._pattern = '';
    this._itemPattern = null;
    this._busy = false;
    this._error = '';
    this._uid = `gen${++counter}`;
  }

  connectedCallback() {
    super.connectedCallback();
    this._count = String(Math.max(1, Math.min(this.room || 1, MAX_PER_INPUT)));
    this._loadPattern();
  }

  async _loadPattern() {
    try {
      const data = await gql(ROW_PATTERN, { id: this.rowId });
      this._itemPattern = data.purchaseOrderRow?.variant?.numberingPattern || '';
    } catch (err) {
      this._itemPattern = '';
      this._error = `The item's numbering pattern could not be loaded (${errorMessage(err)}); type one.`;
    }
    if (!this._pattern) this._pattern = this._itemPattern;
    await this.updateComplete;
    this.renderRoot.querySelector(this._pattern ? 'input[name=count]' : 'input[name=pattern]')?.focus();
  }

  _checkCount() {
    const n = Number(this._count);
    if (!/^\d+$/.test(String(this._count).trim()) || n < 1) return 'Enter how many, 1 or more.';
    if (n > this.room) return `The row takes ${this.room} more.`;
    if (n > MAX_PER_INPUT) return `At most ${MAX_PER_INPUT} at once.`;
    return '';
  }

  async _submit(event) {
    event.preventDefault();
    if (this._busy) return;
    const countError = this._checkCount();
    const pattern = this._pattern.trim();
    const example = describePattern(pattern);
    if (countError || !pattern || example.error) {
      this._error = countError || (pattern ? example.error : 'Enter a numbering pattern, e.g. SN-{YYYY}-{#####}.');
      return;
    }
    this._busy = true;
    this._error = '';
    const input = { rowId: this.rowId, count: Number(this._count), dryRun: true };
    if (pattern !== this._itemPattern) input.pattern = pattern;
    try {
      const payload = (await gql(GENERATE, { input })).generateSerialNumbers;
      this._busy = false;
      if (payload.errors?.length) {
        this._error = payload.errors.map((e) => e.message).join(' ');
        return;
      }
      this.dispatchEvent(new CustomEvent('st-generated', {
        detail: { numbers: payload.numbers, count: input.count, pattern, custom: 'pattern' in input },
        bubbles: true, composed: true,
      }));
    } catch (err) {
      this._busy = false;
      this._error = `Not generated: ${errorMessage(err)}`;
    }
  }

  _cancel() {
    this.dispatchEvent(new CustomEvent('st-cancel', { bubbles: true, composed: true }));
  }

  _onKeyDown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this._cancel();
    }
  }

  render() {
    const loading = this._itemPattern === null;
    const example = describePattern(this._pattern);
    const n = Number(this._count) || 0;
    return html`
      <form novalidate aria-labelledby="${this._uid}-h" data-testid="generate-panel" @submit=${this._submit} @keydown=${this._onKeyDown}>
        <h3 id="${this._uid}-h">Generate serial numbers</h3>
        <div class="fields">
          <div class="count">
            <label for="${this._uid}-n">How many</label>
            <input id="${this._uid}-n" name="count" type="number" inputmode="numeric" min="1" max=${this.room}
              .value=${this._count} ?disabled=${this._busy}
              @input=${(e) => { this._count = e.target.value; this._error = ''; }}>
          </div>
          <div class="pattern">
            <label for="${this._uid}-p">Pattern${this._itemPattern && this._pattern.trim() === this._itemPattern ? ' (the item’s)' : ''}</label>
            <input id="${this._uid}-p" name="pattern" type="text" autocomplete="off" spellcheck="false"
              placeholder=${loading ? 'Loading the item’s pattern…' : 'SN-{YYYY}-{#####}'}
              aria-describedby="${this._uid}-eg" .value=${this._pattern} ?disabled=${this._busy}
              @input=${(e) => { this._pattern = e.target.value; this._error = ''; }}>
            <div id="${this._uid}-eg" class="example ${example.error ? 'bad' : ''}" data-testid="generate-example">
              ${example.error || example.example || 'Literal text, {YYYY} {YY} {MM} {DD}, and a counter {#####}.'}</div>
          </div>
        </div>
        ${this._error ? html`<div class="error" role="alert" data-testid="generate-error">${this._error}</div>` : ''}
        <div class="actions">
          <button type="submit" class="primary generate-preview" ?disabled=${this._busy || loading}>
            ${this._busy ? 'Generating…' : `Preview ${n > 0 ? n : ''} ${n === 1 ? 'number' : 'numbers'}`}</button>
          <button type="button" class="generate-cancel" @click=${this._cancel}>Cancel</button>
        </div>
      </form>`;
  }
}

customElements.define('st-generate-numbers', StGenerateNumbers);
