// Which of a row's assigned serial numbers arrive in a partial receipt: a checklist of the
// numbers (at most `limit` ticked; the first `limit` are ticked until the user changes that)
// and a box to scan or type a number, which ticks it (a number not on the row is flagged).
// Numbers left unticked when fewer are ticked than the quantity: the server takes the first
// assigned ones for the rest.
//
// @fires st-selection-change - {ids} the ticked serial numbers' ids, in the row's order
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { normalise } from '../serials.js';

let counter = 0;

export class StReceiveNumbers extends LitElement {
  static properties = {
    numbers: { attribute: false },   // [{id, number}] in the row's order (the first assigned first)
    limit: { type: Number },         // the quantity received
    error: { type: String },         // the server's refusal about the numbers
    disabled: { type: Boolean },
    _selected: { state: true },      // Set of ids
    _touched: { state: true },
    _feedback: { state: true },      // {text, bad}
  };

  static styles = [
    shared,
    css`
      :host { display: block; margin-top: 12px; }
      fieldset { border: 1px solid var(--st-border); border-radius: var(--st-radius); margin: 0; padding: 8px 10px 10px; min-width: 0; }
      legend { font-size: 12px; color: var(--st-muted); padding: 0 4px; }
      .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin-bottom: 6px; font-size: 12.5px; }
      .count { font-weight: 600; font-variant-numeric: tabular-nums; }
      .bar .spacer { flex: 1; }
      .scan { display: flex; gap: 6px; align-items: center; margin-bottom: 8px; flex-wrap: wrap; }
      .scan label { font-size: 12px; color: var(--st-muted); }
      .scan input { flex: 1 1 160px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
      .feedback { font-size: 12px; color: var(--st-success); min-height: 0; }
      .feedback.bad { color: var(--st-danger); font-weight: 500; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr));
        gap: 2px 10px; max-height: 190px; overflow-y: auto; }
      li label { display: flex; align-items: center; gap: 6px; padding: 3px 4px; border-radius: 4px; cursor: pointer;
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; white-space: pre; }
      li label:hover { background: #f3f6fd; }
      li label.off { color: var(--st-muted); cursor: default; }
      li input { margin: 0; }
      .hint { font-size: 12px; color: var(--st-muted); margin-top: 6px; }
      .error { font-size: 12px; color: var(--st-danger); margin-top: 6px; }
    `,
  ];

  constructor() {
    super();
    this.numbers = [];
    this.limit = 0;
    this.error = '';
    this.disabled = false;
    this._selected = new Set();
    this._touched = false;
    this._feedback = null;
    this._uid = `rn${++counter}`;
  }

  willUpdate(changed) {
    if (changed.has('numbers') || changed.has('limit')) {
      const limit = Math.max(0, Math.min(this.limit || 0, this.numbers.length));
      if (!this._touched) {
        this._selected = new Set(this.numbers.slice(0, limit).map((n) => n.id));
      } else if (this._selected.size > limit) {
        this._selected = new Set([...this._selected].slice(0, limit));
      }
    }
  }

  updated(changed) {
    if (changed.has('_selected')) {
      const ids = this.numbers.filter((n) => this._selected.has(n.id)).map((n) => n.id);
      this.dispatchEvent(new CustomEvent('st-selection-change', { detail: { ids }, bubbles: true, composed: true }));
    }
  }

  get _limit() {
    return Math.max(0, Math.min(this.limit || 0, this.numbers.length));
  }

  _toggle(id, on) {
    const next = new Set(this._selected);
    if (on) {
      if (next.size >= this._limit) return false;
      next.add(id);
    } else {
      next.delete(id);
    }
    this._touched = true;
    this._selected = next;
    return true;
  }

  _firstN() {
    this._touched = false;
    this._selected = new Set(this.numbers.slice(0, this._limit).map((n) => n.id));
    this._feedback = null;
  }

  _clear() {
    this._touched = true;
    this._selected = new Set();
    this._feedback = null;
  }

  _onScanKey(event) {
    if (event.key !== 'Enter') return;
    event.preventDefault();   // a scanner's Enter ticks; it does not confirm the dialog
    const input = event.target;
    const text = input.value.trim();
    if (!text) return;
    const key = normalise(text);
    const found = this.numbers.find((n) => normalise(n.number) === key);
    if (!found) {
      this._feedback = { text: `“${text}” is not assigned to this row.`, bad: true };
      input.select();
      return;
    }
    if (this._selected.has(found.id)) {
      this._feedback = { text: `${found.number} is ticked already.`, bad: false };
    } else if (!this._toggle(found.id, true)) {
      this._feedback = { text: `${this._limit} of ${this._limit} are ticked: untick one first to take ${found.number}.`, bad: true };
      input.select();
      return;
    } else {
      this._feedback = { text: `${found.number} ticked.`, bad: false };
    }
    input.value = '';
  }

  render() {
    const limit = this._limit;
    const count = this._selected.size;
    const full = count >= limit;
    return html`
      <fieldset ?disabled=${this.disabled}>
        <legend>Serial numbers that arrive</legend>
        <div class="bar">
          <span><span class="count" data-testid="chosen-count">${count} of ${limit}</span> ticked</span>
          <span class="spacer"></span>
          <button type="button" class="link small first-n" @click=${this._firstN}>First ${limit}</button>
          <button type="button" class="link small clear" @click=${this._clear} ?disabled=${!count}>Untick all</button>
        </div>
        <div class="scan">
          <label for="${this._uid}-scan">Scan or type a number</label>
          <input id="${this._uid}-scan" class="scan-input" type="text" autocomplete="off" spellcheck="false"
            aria-describedby="${this._uid}-feedback"
            @keydown=${this._onScanKey} @input=${() => { this._feedback = null; }}>
        </div>
        <div class="feedback ${this._feedback?.bad ? 'bad' : ''}" id="${this._uid}-feedback" role="status"
          data-testid="scan-feedback">${this._feedback?.text || ''}</div>
        <ul aria-label="Assigned serial numbers">
          ${this.numbers.map((n) => {
            const on = this._selected.has(n.id);
            const off = !on && full;
            return html`<li><label class=${off ? 'off' : ''}>
              <input type="checkbox" .checked=${on} ?disabled=${off} data-number=${n.number}
                @change=${(e) => { if (!this._toggle(n.id, e.target.checked)) e.target.checked = false; this._feedback = null; }}>
              ${n.number}</label></li>`;
          })}
        </ul>
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : ''}
        ${count < limit
          ? html`<div class="hint">${limit - count} more arrive${limit - count === 1 ? 's' : ''} as well: the first assigned numbers not ticked are taken for ${limit - count === 1 ? 'it' : 'them'}.</div>`
          : ''}
      </fieldset>
    `;
  }
}

customElements.define('st-receive-numbers', StReceiveNumbers);
