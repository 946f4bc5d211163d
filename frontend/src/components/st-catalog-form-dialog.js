// A modal form of a few labelled fields (a supplier's or customer's details, an item's name, a
// variant's SKU and name) that shows the server's refusal in place: each error under the field
// it names (`field` = the field's key), the others above the buttons. The parent runs the change:
// it listens for `st-submit`, sets `busy` while working and `errors` when refused, and removes
// the dialog when done. Focus goes to the first field on open, to the first refused field on a
// refusal, and back to where it was when the dialog goes.
//
// fields: [{key, label, value, type: 'text' | 'email' | 'tel' | 'textarea', optional, hint,
//   placeholder, mono, live}] — `live(value)` gives {text, bad} shown under the field as it is
//   typed (a numbering pattern's example).
//
// @fires st-submit - detail: {values: {key: string}} (every field, as typed)
// @fires st-cancel - Cancel, Close or Escape
import { html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { ModalFormElement, fieldMessages, formDialog, messagesFor, otherMessages, refusal } from '../catalog.js';

export class StCatalogFormDialog extends ModalFormElement {
  static firstFieldSelector = 'input, textarea';

  static properties = {
    heading: { type: String },
    intro: { type: String },
    confirmLabel: { type: String },
    fields: { attribute: false },
    busy: { type: Boolean },
    errors: { attribute: false },   // [{code, message, field, index}]
    _values: { state: true },
  };

  static styles = [
    shared,
    formDialog,
    css`
      dialog { width: 480px; }
      .intro { margin: 4px 0 0; color: var(--st-muted); font-size: 13px; }
      input.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .live { font-size: 12.5px; color: var(--st-muted); margin-top: 3px; overflow-wrap: anywhere; }
      .live.bad { color: var(--st-danger); }
    `,
  ];

  constructor() {
    super();
    this.heading = '';
    this.intro = '';
    this.confirmLabel = 'Save';
    this.fields = [];
    this.busy = false;
    this.errors = [];
    this._values = null;
  }

  willUpdate() {
    if (this._values === null && this.fields.length) {
      this._values = Object.fromEntries(this.fields.map((f) => [f.key, f.value ?? '']));
    }
  }

  _submit(event) {
    event.preventDefault();
    if (this.busy) return;
    this._fireSubmit({ values: { ...this._values } });
  }

  _input(field) {
    const messages = messagesFor(this.errors, field.key);
    const id = `f-${field.key}`;
    const live = field.live ? field.live(this._values?.[field.key] ?? '') : null;
    const describedBy = [messages.length ? `${id}-error` : '', field.hint ? `${id}-hint` : '', live ? `${id}-live` : '']
      .filter(Boolean).join(' ');
    const common = {
      value: this._values?.[field.key] ?? '',
      invalid: messages.length ? 'true' : 'false',
      onInput: (e) => { this._values = { ...this._values, [field.key]: e.target.value }; },
    };
    const control = field.type === 'textarea'
      ? html`<textarea id=${id} name=${field.key} rows="3" autocomplete="off" .value=${common.value}
          aria-invalid=${common.invalid} aria-describedby=${describedBy || nothing}
          ?readonly=${this.busy} @input=${common.onInput}></textarea>`
      : html`<input id=${id} name=${field.key} type=${field.type || 'text'} autocomplete="off"
          class=${field.mono ? 'mono' : nothing} placeholder=${field.placeholder || nothing}
          spellcheck=${field.type === 'email' || field.type === 'tel' || field.mono ? 'false' : nothing}
          .value=${common.value} aria-invalid=${common.invalid} aria-describedby=${describedBy || nothing}
          ?readonly=${this.busy} @input=${common.onInput}>`;
    return html`<div class="form-field" data-field=${field.key}>
      <label class="field">
        <span>${field.label}${field.optional ? html` <span class="optional">(optional)</span>` : ''}</span>
        ${control}
      </label>
      ${field.hint ? html`<div class="hint" id="${id}-hint">${field.hint}</div>` : ''}
      ${live ? html`<div class="live ${live.bad ? 'bad' : ''}" id="${id}-live" data-testid="live-${field.key}">${live.text}</div>` : ''}
      ${fieldMessages(`${id}-error`, messages)}
    </div>`;
  }

  render() {
    const other = otherMessages(this.errors, this.fields.map((f) => f.key));
    return html`
      <dialog aria-labelledby="heading" @cancel=${this._cancel}>
        <form novalidate aria-busy=${this.busy ? 'true' : 'false'} @submit=${this._submit}>
          <div class="dialog-head">
            <h2 id="heading">${this.heading}</h2>
            ${this.intro ? html`<p class="intro">${this.intro}</p>` : ''}
          </div>
          <div class="dialog-body">
            <div class="fields">${this.fields.map((f) => this._input(f))}</div>
            ${refusal(other)}
          </div>
          <div class="dialog-foot">
            <button type="button" class="cancel" @click=${this._cancel} aria-disabled=${this.busy ? 'true' : 'false'}>Cancel</button>
            <button type="submit" class="confirm primary" aria-disabled=${this.busy ? 'true' : 'false'}>
              ${this.busy ? 'Saving…' : this.confirmLabel}</button>
          </div>
        </form>
      </dialog>
    `;
  }
}

customElements.define('st-catalog-form-dialog', StCatalogFormDialog);
