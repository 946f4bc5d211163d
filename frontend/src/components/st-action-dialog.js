// A small modal that confirms an action and shows the server's refusal in place. Optionally it
// asks for a quantity (quantityMax set), a date (dateLabel set: today by default, picked
// between dateMin and dateMax; a day outside them is still sent, so the server says why not)
// and which serial numbers arrive (serialChoice set: see st-receive-numbers).
// The parent runs the action: it listens for `confirm`, sets `busy` while working and `errors`
// when refused (strings, or the payload's {message, field, index}: an error naming `quantity`,
// `dateField` or `serialNumberIds` is shown at that field, the rest above the buttons), and
// removes the dialog when done.
//
// @fires st-confirm - {quantity, day, serialNumberIds}: quantity the Decimal string (or null), day
//   "2026-11-26" (or null without a date), the ticked serial numbers' ids (or null)
// @fires st-cancel - Escape, Cancel or Close
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { checkQuantity, fieldErrors, todayDay } from '../order-edit.js';
import './st-date-field.js';
import './st-receive-numbers.js';

const REFUSED = 'Refused by the server:';

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
    // Date prompt: shown when dateLabel is set.
    dateLabel: { type: String },
    dateValue: { type: String },
    dateMin: { type: String },
    dateMax: { type: String },
    dateHint: { type: String },
    dateField: { type: String },      // the input field the server's date errors name
    // Serial numbers to choose from (with the quantity prompt): [{id, number}].
    serialChoice: { attribute: false },
    serialChoiceNote: { type: String },
    busy: { type: Boolean },
    errors: { attribute: false },
    _quantity: { state: true },
    _invalid: { state: true },
    _day: { state: true },
    _dayInvalid: { state: true },
    _serialIds: { state: true },
    _edited: { state: true },        // fields changed since the last refusal: its word there is stale
  };

  static styles = [
    shared,
    css`
      dialog { width: 480px; }
      p { margin: 0 0 8px; }
      .qty { display: flex; align-items: center; gap: 8px; margin: 10px 0 4px; flex-wrap: wrap; }
      .qty input { width: 110px; }
      .hint { font-size: 12px; color: var(--st-muted); }
      .invalid { color: var(--st-danger); font-size: 12px; margin-top: 4px; }
      st-date-field { display: block; margin: 12px 0 4px; }
      .note { font-size: 12.5px; color: var(--st-muted); margin-top: 10px; }
      .alert { margin-top: 10px; }
      .dialog-body { max-height: calc(100vh - 190px); overflow-y: auto; }
      @media (max-width: 520px) {
        /* Pinned to the screen's top left rather than centred in the page: a page wider than
           the screen (which a phone then lays out larger) still shows the whole dialog. */
        dialog { width: calc(100vw - 24px); max-width: calc(100vw - 24px); inset: 0 auto auto 0; margin: 12px; }
        .dialog-head, .dialog-body, .dialog-foot { padding-left: 14px; padding-right: 14px; }
      }
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
    this.dateLabel = '';
    this.dateValue = '';
    this.dateMin = '';
    this.dateMax = '';
    this.dateHint = '';
    this.dateField = '';
    this.serialChoice = null;
    this.serialChoiceNote = '';
    this.busy = false;
    this.errors = [];
    this._quantity = '';
    this._invalid = '';
    this._day = '';
    this._dayInvalid = '';
    this._serialIds = null;
    this._edited = new Set();
  }

  willUpdate(changed) {
    if (changed.has('errors')) this._edited = new Set();
    if (changed.has('dateValue') || (changed.has('dateLabel') && !this._day)) {
      this._day = this.dateValue || todayDay();
    }
  }

  connectedCallback() {
    super.connectedCallback();
    // The element that opened the dialog gets the focus back when the dialog goes.
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    this._opener = el && el !== document.body ? el : null;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    const opener = this._opener;
    if (opener) requestAnimationFrame(() => { if (opener.isConnected) opener.focus(); });
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

  _edit(field) {
    if (!this._edited.has(field)) this._edited = new Set([...this._edited, field]);
  }

  _cancel(event) {
    event?.preventDefault();
    if (this.busy) return;
    this.dispatchEvent(new CustomEvent('st-cancel', { bubbles: true, composed: true }));
  }

  _validQuantity() {
    const result = checkQuantity(this._quantity, { tracked: this.wholeNumbers, max: this.quantityMax });
    if (result.error) return result;
    if (Number(result.value) <= this.quantityMin) return { error: `Must be more than ${this.quantityMin}.` };
    return result;
  }

  _confirm(event) {
    event.preventDefault();
    if (this.busy) return;
    let quantity = null;
    let invalid = false;
    if (this.quantityMax != null) {
      const result = this._validQuantity();
      this._invalid = result.error || '';
      invalid = Boolean(result.error);
      quantity = result.value ?? null;
    }
    if (this.dateLabel) {
      this._dayInvalid = this._day ? '' : 'Enter a date.';
      invalid = invalid || !this._day;
    }
    if (invalid) return;
    this.dispatchEvent(new CustomEvent('st-confirm', {
      detail: {
        quantity,
        day: this.dateLabel ? this._day : null,
        serialNumberIds: this._choosing ? this._serialIds : null,
      },
      bubbles: true,
      composed: true,
    }));
  }

  get _choosing() {
    return Array.isArray(this.serialChoice) && this.serialChoice.length > 0 && this.quantityMax != null;
  }

  /** A limit for the checklist from the quantity typed: the whole units of it (0 while invalid). */
  get _choiceLimit() {
    const value = Number(String(this._quantity).trim().replace(',', '.'));
    return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
  }

  render() {
    const found = fieldErrors(this.errors || []);
    const placed = ['quantity', 'serialNumberIds', ...(this.dateField ? [this.dateField] : [])];
    const general = found.rest(placed);
    const quantityRefused = this._edited.has('quantity') ? [] : found.at('quantity');
    const dateRefused = this.dateField && !this._edited.has('date') ? found.at(this.dateField) : [];
    const serialRefused = found.list.filter((e) => e.field === 'serialNumberIds').map((e) => {
      const number = e.index != null && this._serialIds ? this.serialChoice?.find((n) => n.id === this._serialIds[e.index])?.number : null;
      return number ? `${number}: ${e.message}` : e.message;
    });
    return html`
      <dialog aria-labelledby="heading" @cancel=${this._cancel}>
        <form method="dialog" novalidate @submit=${this._confirm}>
          <div class="dialog-head"><h2 id="heading">${this.heading}</h2></div>
          <div class="dialog-body">
            ${this.message ? html`<p>${this.message}</p>` : ''}
            ${this.quantityMax != null
              ? html`<label class="qty">${this.quantityLabel}
                    <input type="text" inputmode="decimal" name="quantity" autocomplete="off"
                      .value=${this._quantity} @input=${(e) => { this._quantity = e.target.value; this._invalid = ''; this._edit('quantity'); }}
                      aria-invalid=${this._invalid || quantityRefused.length ? 'true' : 'false'} ?disabled=${this.busy}>
                    <span class="hint">of ${this.quantityMax}</span>
                  </label>
                  ${this._invalid ? html`<div class="invalid" role="alert">${this._invalid}</div>`
                    : quantityRefused.length ? html`<div class="invalid" role="alert"><strong>${REFUSED}</strong> ${quantityRefused.join(' ')}</div>` : ''}`
              : ''}
            ${this.dateLabel
              ? html`<st-date-field .label=${this.dateLabel} .value=${this._day} .min=${this.dateMin}
                  .max=${this.dateMax || todayDay()} .hint=${this.dateHint} ?disabled=${this.busy}
                  .error=${this._dayInvalid || (dateRefused.length ? `${REFUSED} ${dateRefused.join(' ')}` : '')}
                  @st-change=${(e) => { this._day = e.detail.value; this._dayInvalid = ''; this._edit('date'); }}></st-date-field>`
              : ''}
            ${this._choosing
              ? html`<st-receive-numbers .numbers=${this.serialChoice} .limit=${this._choiceLimit} ?disabled=${this.busy}
                  .error=${serialRefused.length ? `${REFUSED} ${serialRefused.join(' ')}` : ''}
                  @st-selection-change=${(e) => { this._serialIds = e.detail.ids; }}></st-receive-numbers>`
              : ''}
            ${this.serialChoiceNote ? html`<div class="note">${this.serialChoiceNote}</div>` : ''}
            ${general.length
              ? html`<div class="alert" role="alert">
                  <strong>${REFUSED}</strong>
                  <ul>${general.map((m) => html`<li>${m}</li>`)}</ul>
                </div>`
              : ''}
          </div>
          <div class="dialog-foot">
            <button type="button" class="cancel" @click=${this._cancel} ?disabled=${this.busy}>
              ${found.list.length ? 'Close' : 'Cancel'}</button>
            <button type="submit" class="confirm primary ${this.danger ? 'danger' : ''}" ?disabled=${this.busy}>
              ${this.busy ? 'Working…' : this.confirmLabel}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

customElements.define('st-action-dialog', StActionDialog);
