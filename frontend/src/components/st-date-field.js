// A labelled date input ("2026-11-26", the user's own calendar) with a hint beneath and the
// server's (or the browser's) refusal in place of the hint. `min` / `max` guide the picker;
// a typed day outside them is still sent, so that the server says why it can't be.
//
// @fires st-change - {value} the day chosen, "" when cleared or not complete
import { LitElement, html, css } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { shared } from '../styles.js';

let counter = 0;

export class StDateField extends LitElement {
  static shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static properties = {
    label: { type: String },
    value: { type: String },
    min: { type: String },
    max: { type: String },
    hint: { type: String },
    error: { type: String },
    name: { type: String },
    required: { type: Boolean },
    disabled: { type: Boolean },
  };

  static styles = [
    shared,
    css`
      :host { display: inline-block; min-width: 0; }
      label { display: block; font-size: 12px; color: var(--st-muted); margin-bottom: 2px; }
      input { font-size: 14px; color: var(--st-fg); max-width: 100%; }
      input[aria-invalid='true'] { border-color: var(--st-danger); }
      .message { font-size: 12px; margin-top: 3px; }
      .message.error { color: var(--st-danger); }
      .message.hint { color: var(--st-muted); }
    `,
  ];

  constructor() {
    super();
    this.label = 'Date';
    this.value = '';
    this.min = '';
    this.max = '';
    this.hint = '';
    this.error = '';
    this.name = '';
    this.required = false;
    this.disabled = false;
    this._uid = `df${++counter}`;
  }

  focus() {
    this.renderRoot?.querySelector('input')?.focus();
  }

  _onChange(event) {
    this.value = event.target.value;
    this.dispatchEvent(new CustomEvent('st-change', { detail: { value: this.value }, bubbles: true, composed: true }));
  }

  render() {
    const message = this.error
      ? html`<div class="message error" id="${this._uid}-msg" role="alert">${this.error}</div>`
      : this.hint ? html`<div class="message hint" id="${this._uid}-msg">${this.hint}</div>` : '';
    return html`
      <label for="${this._uid}">${this.label}</label>
      <input id=${this._uid} type="date" name=${ifDefined(this.name || undefined)} .value=${this.value || ''}
        min=${ifDefined(this.min || undefined)} max=${ifDefined(this.max || undefined)}
        ?required=${this.required} ?disabled=${this.disabled}
        aria-invalid=${this.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(message ? `${this._uid}-msg` : undefined)}
        @input=${this._onChange}>
      ${message}
    `;
  }
}

customElements.define('st-date-field', StDateField);
