// A combobox to search and pick one thing (a supplier, a customer, an item): type to search
// (the parent's `source(text, signal)` answers with options), arrows move through the list,
// Enter picks (the highlighted option; without one, the exact or the only match, also when the
// answer is still on its way, as after a barcode scanner's Enter), Escape closes the list or
// puts back the chosen option's text. With `createNoun` set, the list ends with
// "Create <noun> “text”": the parent creates it and hands it back as `value`.
//
// An option is {id, label (the text shown once chosen), primary, secondary, tag, data}.
//
// @fires st-select - {option} when an option is chosen, {option: null} when the text is edited
//   away from the chosen one
// @fires st-create - {text} when the user asks to create a new one from the typed text
import { LitElement, html, css } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { shared } from '../styles.js';
import { errorMessage } from '../api.js';

const DELAY_MS = 150;
let counter = 0;

export class StSearchSelect extends LitElement {
  static shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static properties = {
    label: { type: String },
    labelDetail: { type: String },    // read out after the label, not shown (e.g. ", row 2")
    placeholder: { type: String },
    source: { attribute: false },     // async (text, signal) => options
    value: { attribute: false },      // the chosen option, or null
    createNoun: { type: String },     // e.g. "supplier": offers to create one
    error: { type: String },          // shown under the box, the box marked invalid
    hint: { type: String },
    disabled: { type: Boolean },
    busy: { type: Boolean },          // e.g. while the parent creates the new one
    hideLabel: { type: Boolean, attribute: 'hide-label' },
    _text: { state: true },
    _open: { state: true },
    _options: { state: true },
    _answered: { state: true },       // the text the options are for
    _loading: { state: true },
    _failed: { state: true },
    _active: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; position: relative; min-width: 0; }
      label { display: block; font-size: 12px; color: var(--st-muted); margin-bottom: 2px; }
      .box { position: relative; }
      input { width: 100%; font-size: 14px; color: var(--st-fg); padding-right: 26px; }
      input[aria-invalid='true'] { border-color: var(--st-danger); }
      .chosen { position: absolute; right: 8px; top: 50%; transform: translateY(-50%); color: var(--st-success);
        font-size: 13px; pointer-events: none; }
      .popup {
        position: absolute; left: 0; right: 0; top: calc(100% + 4px); z-index: 30; min-width: 220px;
        background: #fff; border: 1px solid var(--st-border); border-radius: 8px;
        box-shadow: 0 12px 32px rgba(15, 23, 42, 0.2); overflow: hidden;
      }
      ul { list-style: none; margin: 0; padding: 4px; max-height: 280px; overflow-y: auto; }
      li { display: flex; align-items: baseline; gap: 8px; padding: 6px 8px; border-radius: 5px; cursor: pointer;
        font-size: 13.5px; min-width: 0; }
      li[aria-selected='true'], li:hover { background: #eef3fd; }
      li .primary { font-weight: 600; white-space: nowrap; }
      li .secondary { color: var(--st-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; min-width: 0; }
      li .tag { font-size: 11px; color: var(--st-primary); white-space: nowrap; }
      li.create { color: var(--st-primary); font-weight: 500; border-top: 1px solid #eceef1; border-radius: 0 0 5px 5px; }
      .note { padding: 8px 10px; font-size: 13px; color: var(--st-muted); }
      .note.error { color: var(--st-danger); }
      .message { font-size: 12px; margin-top: 3px; }
      .message.error { color: var(--st-danger); }
      .message.hint { color: var(--st-muted); }
    `,
  ];

  constructor() {
    super();
    this.label = '';
    this.labelDetail = '';
    this.placeholder = '';
    this.source = null;
    this.value = null;
    this.createNoun = '';
    this.error = '';
    this.hint = '';
    this.disabled = false;
    this.busy = false;
    this.hideLabel = false;
    this._text = '';
    this._open = false;
    this._options = [];
    this._answered = null;
    this._loading = false;
    this._failed = '';
    this._active = -1;
    this._timer = null;
    this._abort = null;
    this._pickWhenAnswered = false;
    this._keepText = false;
    this._uid = `ss${++counter}`;
  }

  willUpdate(changed) {
    if (changed.has('value')) {
      if (this.value) this._text = this.value.label;
      else if (!this._keepText && changed.get('value')) this._text = '';
      this._keepText = false;
    }
  }

  disconnectedCallback() {
    clearTimeout(this._timer);
    this._abort?.abort();
    super.disconnectedCallback();
  }

  /** The text in the box (typed, or the chosen option's). */
  get text() {
    return this._text;
  }

  /** Focus the text box (e.g. after adding a row, the next row's item). */
  focus() {
    this.renderRoot?.querySelector('input')?.focus();
  }

  // ---- searching --------------------------------------------------------------------------

  _schedule() {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._search(), DELAY_MS);
  }

  async _search() {
    if (!this.source) return;
    clearTimeout(this._timer);
    const text = this._text.trim();
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    this._loading = true;
    this._failed = '';
    try {
      const options = await this.source(text, abort.signal);
      if (abort.signal.aborted) return;
      this._options = options;
      this._answered = text;
      this._active = -1;
      if (this._pickWhenAnswered) {
        this._pickWhenAnswered = false;
        this._pickObvious();
      }
    } catch (err) {
      if (err?.name === 'AbortError' || abort.signal.aborted) return;
      this._failed = errorMessage(err);
      this._options = [];
      this._answered = text;
    } finally {
      if (this._abort === abort) this._loading = false;
    }
  }

  _exact() {
    const key = this._text.trim().toLowerCase();
    return this._options.filter((o) => o.label.toLowerCase() === key || (o.primary || '').toLowerCase() === key);
  }

  /** The list as shown: the options, then "Create …" when it applies. */
  _shown() {
    const shown = this._options.map((option) => ({ option }));
    const text = this._text.trim();
    if (this.createNoun && text && this._answered === text && !this._exact().length) {
      shown.push({ create: text });
    }
    return shown;
  }

  _pickObvious() {
    const exact = this._exact();
    if (exact.length === 1) this._choose(exact[0]);
    else if (this._options.length === 1 && !this.createNoun) this._choose(this._options[0]);
    else this._open = true;
  }

  _choose(option) {
    this._open = false;
    this._active = -1;
    this._text = option.label;
    this.dispatchEvent(new CustomEvent('st-select', { detail: { option }, bubbles: true, composed: true }));
  }

  _create(text) {
    this._open = false;
    this._active = -1;
    this.dispatchEvent(new CustomEvent('st-create', { detail: { text }, bubbles: true, composed: true }));
  }

  _pick(entry) {
    if (entry.create) this._create(entry.create);
    else this._choose(entry.option);
  }

  // ---- events -----------------------------------------------------------------------------

  _onInput(event) {
    this._text = event.target.value;
    this._open = true;
    this._active = -1;
    this._pickWhenAnswered = false;
    if (this.value) {
      this._keepText = true;
      this.dispatchEvent(new CustomEvent('st-select', { detail: { option: null }, bubbles: true, composed: true }));
    }
    this._schedule();
  }

  _onFocus() {
    if (!this.value && this._answered !== this._text.trim()) this._search();
  }

  _onBlur() {
    this._open = false;
    this._active = -1;
  }

  _onKeyDown(event) {
    const shown = this._shown();
    const fresh = this._answered === this._text.trim() && !this._loading;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (!this._open) {
          this._open = true;
          if (!fresh) this._search();
          if (event.altKey) return;
        }
        if (!shown.length) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this._active = this._active < 0 && step < 0 ? shown.length - 1 : (this._active + step + shown.length) % shown.length;
        break;
      }
      case 'Home':
      case 'End':
        if (this._open && shown.length && event.ctrlKey) {
          event.preventDefault();
          this._active = event.key === 'Home' ? 0 : shown.length - 1;
        }
        break;
      case 'Enter': {
        if (this.value && !this._open) return;   // nothing to choose: let the form have it
        event.preventDefault();
        if (!this._text.trim() && !this._open) return;
        if (this._open && this._active >= 0 && shown[this._active] && fresh) {
          this._pick(shown[this._active]);
        } else if (fresh) {
          this._pickObvious();
        } else {
          this._pickWhenAnswered = true;
          this._search();
        }
        break;
      }
      case 'Escape':
        if (this._open) {
          event.preventDefault();
          event.stopPropagation();   // a dialog around it stays open
          this._open = false;
          this._active = -1;
        } else if (this.value && this._text !== this.value.label) {
          event.preventDefault();
          this._text = this.value.label;
        }
        break;
      default:
    }
  }

  updated() {
    if (this._active >= 0) {
      this.renderRoot.querySelector(`#${this._uid}-opt-${this._active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  // ---- rendering --------------------------------------------------------------------------

  _popup(shown) {
    const text = this._text.trim();
    const stale = this._answered !== text;
    let note = '';
    if (this._failed) note = html`<div class="note error">Could not search: ${this._failed}</div>`;
    else if (!shown.length && (this._loading || stale)) note = html`<div class="note">Searching…</div>`;
    else if (!shown.length) {
      note = html`<div class="note">${text ? `Nothing matches “${text}”.` : 'Nothing to choose yet.'}</div>`;
    }
    const answered = this._answered ?? '';
    if (!shown.length) return html`<div class="popup" data-answered=${answered}>${note}</div>`;
    return html`<div class="popup" data-answered=${answered} aria-busy=${stale || this._loading ? 'true' : 'false'}>
      <ul role="listbox" id="${this._uid}-list" aria-labelledby="${this._uid}-label">
        ${shown.map((entry, i) => (entry.create
          ? html`<li role="option" class="create" id="${this._uid}-opt-${i}" aria-selected=${i === this._active ? 'true' : 'false'}
              @mousedown=${(e) => e.preventDefault()} @click=${() => this._create(entry.create)}>
              + Create ${this.createNoun} “${entry.create}”</li>`
          : html`<li role="option" id="${this._uid}-opt-${i}" aria-selected=${i === this._active ? 'true' : 'false'}
              data-id=${entry.option.id}
              @mousedown=${(e) => e.preventDefault()} @click=${() => this._choose(entry.option)}>
              <span class="primary">${entry.option.primary || entry.option.label}</span>
              ${entry.option.secondary ? html`<span class="secondary">${entry.option.secondary}</span>` : ''}
              ${entry.option.tag ? html`<span class="tag">${entry.option.tag}</span>` : ''}
            </li>`))}
      </ul></div>`;
  }

  render() {
    const shown = this._shown();
    const open = this._open && !this.disabled;
    const expanded = open && shown.length > 0;
    const describedBy = this.error ? `${this._uid}-error` : this.hint ? `${this._uid}-hint` : undefined;
    return html`
      <label id="${this._uid}-label" for="${this._uid}-input" class=${this.hideLabel ? 'visually-hidden' : ''}>${this.label}${this.labelDetail
        ? html`<span class="visually-hidden">${this.labelDetail}</span>` : ''}</label>
      <div class="box">
        <input id="${this._uid}-input" type="text" role="combobox" autocomplete="off" spellcheck="false"
          aria-autocomplete="list" aria-expanded=${expanded ? 'true' : 'false'}
          aria-controls=${ifDefined(expanded ? `${this._uid}-list` : undefined)}
          aria-activedescendant=${ifDefined(expanded && this._active >= 0 ? `${this._uid}-opt-${this._active}` : undefined)}
          aria-invalid=${this.error ? 'true' : 'false'} aria-describedby=${ifDefined(describedBy)}
          placeholder=${this.placeholder} .value=${this._text} ?disabled=${this.disabled || this.busy}
          @input=${this._onInput} @keydown=${this._onKeyDown} @focus=${this._onFocus} @blur=${this._onBlur}>
        ${this.value ? html`<span class="chosen" aria-hidden="true">✓</span>` : ''}
        ${open ? this._popup(shown) : ''}
      </div>
      <div class="visually-hidden" role="status">${open && !this._loading && this._answered === this._text.trim()
        ? `${this._options.length} found` : ''}</div>
      ${this.error
        ? html`<div class="message error" id="${this._uid}-error" role="alert">${this.error}</div>`
        : this.hint ? html`<div class="message hint" id="${this._uid}-hint">${this.hint}</div>` : ''}
    `;
  }
}

customElements.define('st-search-select', StSearchSelect);
