// A small modal that confirms an action, optionally asks for a quantity, and shows the
// server's refusal in place. The parent runs the action: it listens for `confirm`, sets
// `busy` while working and `errors` when refused, and removes the dialog when done.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';

export class StActionDialog extends LitElement {
  static properties = {
    heading: { type: String },
    message: { type: String },
    confirmLabel: { type: String },
    danger: { type: Boolean },
    // Quantity prompt: shown when quantityMax is set.
    quantityLabel: { type: String },
    quantityMax: { type: Number },
    quantityMin: { type: Number },
    wholeNumbers: { type: Boolean },
    busy: { type: Boolean },
    errors: { attribute: false },   // array of strings
    _quantity: { state: true },
    _invalid: { state: true },
  };

  static styles = [
    shared,
    css`
      dialog { width: 440px; }
      p { margin: 0 0 8px; }
      .qty { display: flex; align-items: center; gap: 8px; margin: 10px 0 4px; }
      .qty input { width: 110px; }
      .hint { font-size: 12px; color: var(--st-muted); }
      .invalid { color: var(--st-danger); font-size: 12px; margin-top: 4px; }
      .alert { margin-top: 10px; }
    `,
  ];

  constructor() {
    super();
    this.heading = '';
    this.message = '';
    this.confirmLabel = 'Confirm';
    this.danger = false;
    this.quantityLabel = 'Quantity';
    this.quantityMax = null;
    this.quantityMin = 0;
    this.wholeNumbers = false;
    this.busy = false;
    this.errors = [];
    this._quantity = '';
    this._invalid = '';
  }

  firstUpdated() {
    const dialog = this.renderRoot.querySelector('dialog');
    dialog.showModal();
    const input = this.renderRoot.querySelector('input');
    if (input) {
      input.focus();
      input.select();
    } else {
      this.renderRoot.querySelector('button.confirm')?.focus();
    }
  }

  _cancel(event) {
    event?.preventDefault();
    if (this.busy) return;
    this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }));
  }

  _validQuantity() {
    const raw = String(this._quantity).trim();
    if (!raw) return { error: 'Enter a quantity.' };
    const value = Number(raw);
    if (!Number.isFinite(value) || !/^\d+(\.\d+)?$/.test(raw)) return { error: 'Enter a number.' };
    if (this.wholeNumbers && !Number.isInteger(value)) return { error: 'Whole numbers only for serial-tracked items.' };
    if (value <= this.quantityMin) return { error: `Must be more than ${this.quantityMin}.` };
    if (value > this.quantityMax) return { error: `At most ${this.quantityMax}.` };
    return { value: raw };
  }

  _confirm(event) {
    event.preventDefault();
    if (this.busy) return;
    let quantity = null;
    if (this.quantityMax != null) {
      const result = this._validQuantity();
      if (result.error) {
        this._invalid = result.error;
        return;
      }
      quantity = result.value;
    }
    this._invalid = '';
    this.dispatchEvent(new CustomEvent('confirm', { detail: { quantity }, bubbles: true, composed: true }));
  }

  render() {
    const errors = this.errors || [];
    return html`
      <dialog aria-labelledby="heading" @cancel=${this._cancel}>
        <form method="dialog" @submit=${this._confirm}>
          <div class="dialog-head"><h2 id="heading">${this.heading}</h2></div>
          <div class="dialog-body">
            ${this.message ? html`<p>${this.message}</p>` : ''}
            ${this.quantityMax != null
              ? html`<label class="qty">${this.quantityLabel}
                    <input type="text" inputmode="decimal" name="quantity" autocomplete="off"
                      .value=${this._quantity} @input=${(e) => { this._quantity = e.target.value; this._invalid = ''; }}
                      aria-invalid=${this._invalid ? 'true' : 'false'} ?disabled=${this.busy}>
                    <span class="hint">of ${this.quantityMax}</span>
                  </label>
                  ${this._invalid ? html`<div class="invalid" role="alert">${this._invalid}</div>` : ''}`
              : ''}
            ${errors.length
              ? html`<div class="alert" role="alert">
                  <strong>Refused by the server:</strong>
                  <ul>${errors.map((m) => html`<li>${m}</li>`)}</ul>
                </div>`
              : ''}
          </div>
          <div class="dialog-foot">
            <button type="button" class="cancel" @click=${this._cancel} ?disabled=${this.busy}>
              ${errors.length ? 'Close' : 'Cancel'}</button>
            <button type="submit" class="confirm primary ${this.danger ? 'danger' : ''}" ?disabled=${this.busy}>
              ${this.busy ? 'Working…' : this.confirmLabel}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

customElements.define('st-action-dialog', StActionDialog);
