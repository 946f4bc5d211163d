// One order row being entered: the item (searched by SKU or name) and its quantity, with the
// refusals of each in place. Whole numbers for serial-tracked items, decimals for the rest: the
// browser says so when the quantity box is left; the server checks again.
// The parent keeps the row: it passes `item` and `quantity` down and takes the changes.
//
// @fires st-row-change - {item, quantity, itemText} whenever the item, the quantity or the text
//   in the item box changes (a text without an item chosen is a row still to be completed)
// @fires st-row-enter - Enter in the quantity box (the parent starts the next row or adds it)
// @fires st-row-remove - the remove button (shown with `removable`)
import { LitElement, html, css } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { shared } from '../styles.js';
import { checkQuantity, searchVariants } from '../order-edit.js';
import { iconBin } from '../icons.js';
import './st-search-select.js';

let counter = 0;

export class StRowEditor extends LitElement {
  static properties = {
    item: { attribute: false },        // the chosen variant option (see order-edit.js) or null
    quantity: { type: String },
    itemError: { type: String },
    quantityError: { type: String },
    position: { type: Number },        // 1-based, for the labels of a list of rows; 0: alone
    removable: { type: Boolean },
    disabled: { type: Boolean },
    _checked: { state: true },         // the quantity box was left: show the browser's check
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .row { display: grid; grid-template-columns: minmax(0, 1fr) 120px auto; gap: 0 8px; align-items: start; }
      label { display: block; font-size: 12px; color: var(--st-muted); margin-bottom: 2px; }
      .qty input { width: 100%; font-size: 14px; color: var(--st-fg); text-align: right; font-variant-numeric: tabular-nums; }
      .qty input[aria-invalid='true'] { border-color: var(--st-danger); }
      .message { font-size: 12px; margin-top: 3px; grid-column: 1 / 3; text-align: right; }
      .message.error { color: var(--st-danger); }
      .message.hint { color: var(--st-muted); }
      .remove { margin-top: 18px; }
      .remove button { color: var(--st-muted); }
      .remove button:hover:not(:disabled) { color: var(--st-danger); }
      @media (max-width: 560px) {
        .row { grid-template-columns: minmax(0, 1fr) auto; gap: 8px 8px; }
        st-search-select { grid-column: 1 / -1; }
        .message { grid-column: 1 / 2; margin-top: -5px; }
      }
    `,
  ];

  constructor() {
    super();
    this.item = null;
    this.quantity = '';
    this.itemError = '';
    this.quantityError = '';
    this.position = 0;
    this.removable = false;
    this.disabled = false;
    this._checked = false;
    this._uid = `re${++counter}`;
  }

  willUpdate(changed) {
    // Cleared by the parent (e.g. after the row was added): no stale check.
    if (changed.has('quantity') && !this.quantity) this._checked = false;
  }

  get _tracked() {
    return Boolean(this.item?.data?.product?.serialTracked);
  }

  /** Focus the item box. */
  focus() {
    this.updateComplete.then(() => this.renderRoot.querySelector('st-search-select')?.focus());
  }

  _changed(item, quantity) {
    const itemText = this.renderRoot.querySelector('st-search-select')?.text ?? '';
    this.dispatchEvent(new CustomEvent('st-row-change', { detail: { item, quantity, itemText }, bubbles: true, composed: true }));
  }

  _onSelect(event) {
    const item = event.detail.option;
    this._changed(item, this.quantity);
    if (item) this.updateComplete.then(() => this.renderRoot.querySelector('.qty input')?.focus());
  }

  _onKeyDown(event) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    this._checked = Boolean(String(this.quantity).trim());
    this.dispatchEvent(new CustomEvent('st-row-enter', { bubbles: true, composed: true }));
  }

  render() {
    const n = this.position;
    const of = n ? `, row ${n}` : '';
    const browserCheck = this._checked && String(this.quantity).trim()
      ? checkQuantity(this.quantity, { tracked: this._tracked }).error || '' : '';
    const qtyError = this.quantityError || browserCheck;
    const qtyHint = this.item ? (this._tracked ? 'Whole units' : 'Decimals allowed') : '';
    return html`
      <div class="row">
        <st-search-select .label=${'Item'} .placeholder=${'SKU or name'} .source=${searchVariants}
          .value=${this.item} .error=${this.itemError || ''} ?disabled=${this.disabled}
          .labelDetail=${of} @st-select=${this._onSelect}
          @input=${() => { if (!this.item) this._changed(null, this.quantity); }}></st-search-select>
        <div class="qty">
          <label for="${this._uid}-qty">Quantity<span class="visually-hidden">${of}</span></label>
          <input id="${this._uid}-qty" type="text" inputmode=${this._tracked ? 'numeric' : 'decimal'} autocomplete="off"
            name="quantity" .value=${this.quantity ?? ''} ?disabled=${this.disabled}
            aria-invalid=${qtyError ? 'true' : 'false'}
            aria-describedby=${ifDefined(qtyError || qtyHint ? `${this._uid}-qmsg` : undefined)}
            @input=${(e) => { this._checked = false; this._changed(this.item, e.target.value); }}
            @blur=${() => { this._checked = true; }}
            @keydown=${this._onKeyDown}>
        </div>
        ${this.removable
          ? html`<div class="remove"><button type="button" class="icon remove-row" ?disabled=${this.disabled}
              aria-label=${`Remove row${n ? ` ${n}` : ''}`} title="Remove row"
              @click=${() => this.dispatchEvent(new CustomEvent('st-row-remove', { bubbles: true, composed: true }))}>
              ${iconBin()}</button></div>`
          : html`<div></div>`}
        ${qtyError
          ? html`<div class="message error" id="${this._uid}-qmsg" role="alert">${qtyError}</div>`
          : qtyHint ? html`<div class="message hint" id="${this._uid}-qmsg">${qtyHint}</div>` : ''}
      </div>
    `;
  }
}

customElements.define('st-row-editor', StRowEditor);
