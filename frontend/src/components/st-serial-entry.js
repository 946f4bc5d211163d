// The text box of the serial number dialogs: type or scan a number + Enter (or Add), or paste
// cells copied from a spreadsheet (a block becomes many entries at once; a single cell goes in
// the box at the caret). Synchronous on purpose: a scanner's keystrokes never wait for the
// network. Events: `add` {numbers, block}, `text-change` {value}, `arrow-down`.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { isBlock, splitPastedText } from '../serials.js';

export class StSerialEntry extends LitElement {
  static properties = {
    disabled: { type: Boolean },
    placeholder: { type: String },
    _hint: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .entry { display: flex; gap: 8px; margin: 6px 0 4px; }
      .entry input { flex: 1; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .hint { font-size: 12px; color: var(--st-warning); margin-bottom: 6px; }
    `,
  ];

  constructor() {
    super();
    this.disabled = false;
    this.placeholder = 'Type or scan a serial number, press Enter';
    this._hint = '';
  }

  get _input() {
    return this.renderRoot?.querySelector('input.entry-input');
  }

  /** Focus the text box (also right after the first render). */
  focus() {
    this.updateComplete.then(() => this._input?.focus());
  }

  clear() {
    if (this._input) this._input.value = '';
    this._changed('');
  }

  _add(numbers, block) {
    this._hint = '';
    this.dispatchEvent(new CustomEvent('add', { detail: { numbers, block }, bubbles: true, composed: true }));
  }

  _changed(value) {
    this.dispatchEvent(new CustomEvent('text-change', { detail: { value }, bubbles: true, composed: true }));
  }

  _take() {
    const input = this._input;
    const raw = input.value;
    input.value = '';
    this._changed('');
    const number = raw.trim();
    if (number) this._add([number], false);
    else this._hint = raw ? 'Empty after trimming spaces: nothing added.' : '';
  }

  _onKeyDown(event) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('arrow-down', { bubbles: true, composed: true }));
      return;
    }
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    if (this.disabled) return;
    this._take();
  }

  _onAddClick() {
    this._take();
    this._input.focus();
  }

  _onPaste(event) {
    event.preventDefault();
    if (this.disabled) return;
    const data = event.clipboardData;
    const text = data ? data.getData('text/plain') || data.getData('text') : '';
    if (!text) return;
    const input = event.target;
    if (!isBlock(text)) {
      // One cell: put it in the box at the caret, so it can be edited before Enter.
      input.setRangeText(text, input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
      this._changed(input.value);
      return;
    }
    const cells = splitPastedText(text);
    if (!cells.length) {
      this._hint = 'The pasted text holds only empty cells: nothing added.';
      return;
    }
    this._add(cells, true);
  }

  render() {
    return html`
      <div class="entry">
        <input class="entry-input" type="text" autocomplete="off" spellcheck="false"
          aria-label="Serial number" placeholder=${this.placeholder} ?readonly=${this.disabled}
          @keydown=${this._onKeyDown} @paste=${this._onPaste}
          @input=${(e) => { this._hint = ''; this._changed(e.target.value); }}>
        <button type="button" class="add" @click=${this._onAddClick} ?disabled=${this.disabled}>Add</button>
      </div>
      ${this._hint ? html`<div class="hint" role="status">${this._hint}</div>` : ''}
    `;
  }
}

customElements.define('st-serial-entry', StSerialEntry);
