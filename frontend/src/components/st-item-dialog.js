// The "New item" dialog (name, the serial-tracking switch, one or more variant rows) and, with
// mode="add", the "Add variants" dialog of an item (variant rows only). Each variant row has a
// SKU and an optional name; rows can be added and removed. A serial-tracked item may have a
// numbering pattern (the item's in "New item", a variant's own in "Add variants"), each with its
// live example (numbering.js). The server's refusal is shown in
// place: under the name, under the variant row it names (`field` variants.sku / variants.name
// with its `index`), or above the buttons. The parent runs the change (createProduct,
// addVariants): it sets `busy` while working and `errors` when refused, and removes the dialog.
//
// @fires st-submit - detail: {name, serialTracked, numberingPattern?, variants: [{sku, name, numberingPattern?}]} (every row, as typed; patterns only when given)
// @fires st-cancel - Cancel, Escape
import { html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import {
  ModalFormElement, fieldMessages, formDialog, messagesFor, otherMessages, refusal, switchButton, switchStyles,
} from '../catalog.js';
import { iconBin } from '../icons.js';
import { describePattern } from '../numbering.js';

const FIELDS = ['name', 'serialTracked', 'numberingPattern', 'variants', 'variants.sku', 'variants.name', 'variants.numberingPattern'];

export class StItemDialog extends ModalFormElement {
  static properties = {
    mode: { type: String },          // 'new' | 'add'
    productName: { type: String },   // mode 'add': the item's name
    tracked: { type: Boolean },      // mode 'add': the item is serial-tracked
    itemPattern: { type: String },   // mode 'add': the item's numbering pattern (the variants' default)
    busy: { type: Boolean },
    errors: { attribute: false },
    _name: { state: true },
    _tracked: { state: true },
    _pattern: { state: true },       // mode 'new': the item's numbering pattern
    _rows: { state: true },          // [{key, sku, name}]
  };

  static styles = [
    shared,
    formDialog,
    switchStyles,
    css`
      dialog { width: 600px; }
      fieldset { border: none; margin: 0; padding: 0; min-width: 0; }
      legend { font-weight: 600; font-size: 13px; padding: 0; margin-bottom: 6px; }
      .tracking .hint { margin: 0 0 0 46px; }
      .variant-row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr) 32px; gap: 4px 8px;
        align-items: end; padding: 6px 0; border-top: 1px solid #eceef1; }
      .variant-row:first-of-type { border-top: none; }
      .variant-row .number { grid-column: 1 / -1; font-size: 12px; color: var(--st-muted); font-weight: 500; }
      .variant-row label.field { display: flex; font-size: 12px; font-weight: 400; color: var(--st-muted); }
      .variant-row .row-errors { grid-column: 1 / -1; }
      .variant-row label.pattern { grid-column: 1 / -1; }
      .example { grid-column: 1 / -1; font-size: 12px; color: var(--st-muted); margin-top: 2px; overflow-wrap: anywhere; }
      .example.bad { color: var(--st-danger); }
      input.pattern { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .variant-row button.remove { height: 32px; width: 32px; justify-content: center; color: var(--st-muted); }
      .variant-row button.remove:hover:not(:disabled) { color: var(--st-danger); }
      button.add-row { margin-top: 6px; }
      @media (max-width: 560px) {
        .variant-row { grid-template-columns: minmax(0, 1fr) 32px; }
        .variant-row label.name { grid-column: 1; grid-row: 3; }
        .variant-row label.pattern { grid-column: 1 / -1; grid-row: 4; }
        .variant-row button.remove { grid-column: 2; grid-row: 2; }
      }
    `,
  ];

  constructor() {
    super();
    this.mode = 'new';
    this.productName = '';
    this.tracked = false;
    this.itemPattern = '';
    this._pattern = '';
    this.busy = false;
    this.errors = [];
    this._name = '';
    this._tracked = false;
    this._nextKey = 1;
    this._rows = [this._newRow()];
  }

  _newRow() {
    this._nextKey += 1;
    return { key: this._nextKey, sku: '', name: '', numberingPattern: '' };
  }

  _submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const itemPattern = this.mode === 'new' && this._tracked ? this._pattern.trim() : '';
    this._fireSubmit({
      name: this._name,
      serialTracked: this._tracked,
      ...(itemPattern ? { numberingPattern: itemPattern } : {}),
      variants: this._rows.map(({ sku, name, numberingPattern }) => (this._isTracked && numberingPattern.trim()
        ? { sku, name, numberingPattern: numberingPattern.trim() } : { sku, name })),
    });
  }

  get _isTracked() {
    return this.mode === 'add' ? this.tracked : this._tracked;
  }

  _setRow(index, key, value) {
    this._rows = this._rows.map((row, i) => (i === index ? { ...row, [key]: value } : row));
  }

  async _addRow() {
    this._rows = [...this._rows, this._newRow()];
    await this.updateComplete;
    const inputs = this.renderRoot.querySelectorAll('input.sku');
    inputs[inputs.length - 1]?.focus();
  }

  async _removeRow(index) {
    this._rows = this._rows.filter((_, i) => i !== index);
    await this.updateComplete;
    const inputs = this.renderRoot.querySelectorAll('input.sku');
    (inputs[Math.min(index, inputs.length - 1)] || this.renderRoot.querySelector('button.add-row'))?.focus();
  }

  _variantRow(row, index) {
    const skuErrors = messagesFor(this.errors, 'variants.sku', index);
    const nameErrors = messagesFor(this.errors, 'variants.name', index);
    const patternErrors = messagesFor(this.errors, 'variants.numberingPattern', index);
    const errorId = `row-${row.key}-error`;
    const n = index + 1;
    const fallback = this.mode === 'add' ? this.productName : this._name.trim();
    return html`
      <div class="variant-row" role="group" aria-label="Variant ${n}" data-index=${index}>
        <span class="number" aria-hidden="true">Variant ${n}</span>
        <label class="field sku">SKU
          <input class="sku" type="text" autocomplete="off" spellcheck="false" .value=${row.sku}
            aria-invalid=${skuErrors.length ? 'true' : 'false'}
            aria-describedby=${skuErrors.length || nameErrors.length ? errorId : nothing}
            ?readonly=${this.busy} @input=${(e) => this._setRow(index, 'sku', e.target.value)}></label>
        <label class="field name">Name (optional)
          <input class="variant-name" type="text" autocomplete="off" .value=${row.name}
            placeholder=${fallback ? `Default: ${fallback}` : 'Default: the item’s name'}
            aria-invalid=${nameErrors.length ? 'true' : 'false'}
            aria-describedby=${skuErrors.length || nameErrors.length ? errorId : nothing}
            ?readonly=${this.busy} @input=${(e) => this._setRow(index, 'name', e.target.value)}></label>
        <button type="button" class="icon remove" aria-label="Remove variant ${n}" title="Remove variant ${n}"
          ?disabled=${this._rows.length === 1} @click=${() => this._removeRow(index)}>${iconBin()}</button>
        ${this.mode === 'add' && this.tracked ? this._patternField(row, index, patternErrors, errorId) : ''}
        <div class="row-errors">${fieldMessages(errorId, [...skuErrors, ...nameErrors, ...patternErrors])}</div>
      </div>`;
  }

  /** The item's numbering pattern (New item, tracked). */
  _itemPatternField() {
    const errors = messagesFor(this.errors, 'numberingPattern');
    const { example, error } = describePattern(this._pattern);
    const described = [errors.length ? 'pattern-error' : '', example || error ? 'pattern-example' : '', 'pattern-hint']
      .filter(Boolean).join(' ');
    return html`<div class="form-field" data-field="numberingPattern">
      <label class="field">Numbering pattern (optional)
        <input id="pattern" class="pattern item-pattern" type="text" autocomplete="off" spellcheck="false"
          .value=${this._pattern} placeholder="SN-{YYYY}-{#####}" aria-invalid=${errors.length ? 'true' : 'false'}
          aria-describedby=${described} ?readonly=${this.busy}
          @input=${(e) => { this._pattern = e.target.value; }}></label>
      ${example || error ? html`<div class="example ${error ? 'bad' : ''}" id="pattern-example" data-testid="pattern-example">${error || example}</div>` : ''}
      <p class="hint" id="pattern-hint">For “Generate” in the serial number dialog: text, {YYYY} {YY} {MM} {DD} and one
        counter {#####}. Each variant may have its own.</p>
      ${fieldMessages('pattern-error', errors)}
    </div>`;
  }

  _patternField(row, index, errors, errorId) {
    const { example, error } = describePattern(row.numberingPattern);
    const exampleId = `row-${row.key}-example`;
    const described = [errors.length ? errorId : '', example || error ? exampleId : ''].filter(Boolean).join(' ');
    return html`
      <label class="field pattern">Numbering pattern (optional)
        <input class="pattern" type="text" autocomplete="off" spellcheck="false" .value=${row.numberingPattern}
          placeholder=${this.itemPattern ? `Default: ${this.itemPattern}` : 'SN-{YYYY}-{#####}'} aria-invalid=${errors.length ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          ?readonly=${this.busy} @input=${(e) => this._setRow(index, 'numberingPattern', e.target.value)}></label>
      ${example || error ? html`<div class="example ${error ? 'bad' : ''}" id=${exampleId} data-testid="pattern-example">${error || example}</div>` : ''}`;
  }

  render() {
    const adding = this.mode === 'add';
    const nameErrors = messagesFor(this.errors, 'name');
    const trackingErrors = messagesFor(this.errors, 'serialTracked');
    const variantsErrors = messagesFor(this.errors, 'variants');
    const other = otherMessages(this.errors, FIELDS);
    const heading = adding ? `Add variants to ${this.productName}` : 'New item';
    return html`
      <dialog aria-labelledby="heading" @cancel=${this._cancel}>
        <form novalidate aria-busy=${this.busy ? 'true' : 'false'} @submit=${this._submit}>
          <div class="dialog-head"><h2 id="heading">${heading}</h2></div>
          <div class="dialog-body fields">
            ${adding ? '' : html`
              <div class="form-field" data-field="name">
                <label class="field">Name
                  <input id="name" class="item-name" type="text" autocomplete="off" .value=${this._name}
                    aria-invalid=${nameErrors.length ? 'true' : 'false'}
                    aria-describedby=${nameErrors.length ? 'name-error' : nothing}
                    ?readonly=${this.busy} @input=${(e) => { this._name = e.target.value; }}></label>
                ${fieldMessages('name-error', nameErrors)}
              </div>
              <div class="form-field tracking" data-field="serialTracked">
                ${switchButton({
                  checked: this._tracked,
                  label: 'Serial-tracked',
                  describedBy: trackingErrors.length ? 'tracking-hint tracking-error' : 'tracking-hint',
                  onToggle: () => { if (!this.busy) this._tracked = !this._tracked; },
                })}
                <p class="hint" id="tracking-hint">Each unit gets its own serial number, entered on the purchase
                  order and picked on the sales order. Can be switched only while no variant has serial numbers.</p>
                ${fieldMessages('tracking-error', trackingErrors)}
              </div>
              ${this._tracked ? this._itemPatternField() : ''}`}
            <fieldset class="variants" aria-describedby=${variantsErrors.length ? 'variants-error' : nothing}>
              <legend>${adding ? 'New variants' : 'Variants'}</legend>
              ${this._rows.map((row, i) => this._variantRow(row, i))}
              ${fieldMessages('variants-error', variantsErrors)}
              <button type="button" class="small add-row" @click=${this._addRow}>+ Add variant</button>
            </fieldset>
            ${refusal(other)}
          </div>
          <div class="dialog-foot">
            <button type="button" class="cancel" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this._cancel}>Cancel</button>
            <button type="submit" class="confirm primary" aria-disabled=${this.busy ? 'true' : 'false'}>
              ${this.busy ? 'Saving…' : adding ? 'Add variants' : 'Create item'}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

customElements.define('st-item-dialog', StItemDialog);
