// "Find a serial number" in the top bar: type a number (or part of it); the matches of every SKU
// are listed, exact ones first; Enter opens the only exact match directly, otherwise the user
// chooses (click, or arrows + Enter). Opens the trace view.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import { traceHref } from '../router.js';
import { itemName, labels, statusColor } from '../format.js';
import { normalise } from '../serials.js';
import { iconSearch } from '../icons.js';

const DELAY_MS = 200;
const SHOWN = 10;

const QUERY = `
  query FindSerialNumber($filter: SerialNumberFilter, $first: Int) {
    serialNumbers(filter: $filter, first: $first) {
      totalCount
      edges { node { id number status variant { id sku name product { id name } } } }
    }
  }
`;

export class StSerialSearch extends LitElement {
  static properties = {
    _text: { state: true },
    _open: { state: true },
    _state: { state: true },    // {text, loading, error, items, total}
    _active: { state: true },   // index of the highlighted option, -1 none
  };

  static styles = [
    shared,
    css`
      :host { display: block; position: relative; }
      .box { position: relative; display: flex; align-items: center; }
      .box svg { position: absolute; left: 9px; color: #94a3b8; pointer-events: none; }
      input {
        width: 250px; padding: 4px 10px 4px 28px; border-color: #334155; background: #0f172a; color: #e2e8f0;
      }
      input::placeholder { color: #94a3b8; }
      input:focus-visible { outline: 2px solid #60a5fa; outline-offset: 0; }
      .panel {
        position: absolute; right: 0; top: calc(100% + 6px); width: 380px; z-index: 20;
        background: #fff; color: var(--st-fg); border: 1px solid var(--st-border); border-radius: 8px;
        box-shadow: 0 12px 32px rgba(15, 23, 42, 0.22); overflow: hidden;
      }
      ul { list-style: none; margin: 0; padding: 4px; max-height: 360px; overflow-y: auto; }
      li[role='option'] { display: flex; align-items: center; gap: 8px; padding: 6px 8px; border-radius: 5px; cursor: pointer; }
      li[role='option'][aria-selected='true'], li[role='option']:hover { background: #eef3fd; }
      .number { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; font-weight: 600; white-space: pre; }
      .sku { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: var(--st-muted); }
      .item { color: var(--st-muted); font-size: 12.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; min-width: 0; }
      .exact { font-size: 10.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--st-success); font-weight: 600; }
      .note { padding: 10px 12px; font-size: 13px; color: var(--st-muted); }
      .note.error { color: var(--st-danger); }
      .foot { padding: 6px 12px; font-size: 11.5px; color: var(--st-muted); border-top: 1px solid #eceef1; background: var(--st-bg-subtle); }
    `,
  ];

  constructor() {
    super();
    this._text = '';
    this._open = false;
    this._state = { text: '', loading: false, error: '', items: [], total: 0 };
    this._active = -1;
    this._timer = null;
    this._seq = 0;
    this._goWhenLoaded = false;
  }

  disconnectedCallback() {
    clearTimeout(this._timer);
    super.disconnectedCallback();
  }

  _onInput(event) {
    this._text = event.target.value;
    this._open = Boolean(this._text.trim());
    this._active = -1;
    this._goWhenLoaded = false;
    clearTimeout(this._timer);
    if (this._text.trim()) this._timer = setTimeout(() => this._search(), DELAY_MS);
  }

  async _search() {
    const text = this._text.trim();
    if (!text) return;
    const seq = ++this._seq;
    this._state = { ...this._state, text, loading: true, error: '' };
    try {
      const data = await gql(QUERY, { filter: { search: text }, first: 50 });
      if (seq !== this._seq) return;
      const key = normalise(text);
      const items = data.serialNumbers.edges.map((e) => e.node).map((sn) => ({ ...sn, exact: normalise(sn.number) === key }));
      // Exact matches first, then the rest by number.
      items.sort((a, b) => (b.exact - a.exact) || a.number.localeCompare(b.number) || a.variant.sku.localeCompare(b.variant.sku));
      this._state = { text, loading: false, error: '', items: items.slice(0, SHOWN), total: data.serialNumbers.totalCount };
      if (this._goWhenLoaded) {
        this._goWhenLoaded = false;
        this._goIfObvious();
      }
    } catch (err) {
      if (seq === this._seq) this._state = { text, loading: false, error: errorMessage(err), items: [], total: 0 };
    }
  }

  /** Enter without a choice: open the one exact match (or the one match), else show the list. */
  _goIfObvious() {
    const { items } = this._state;
    const exact = items.filter((i) => i.exact);
    if (exact.length === 1) this._go(exact[0]);
    else if (!exact.length && items.length === 1) this._go(items[0]);
    else this._open = true;
  }

  _go(item) {
    window.location.hash = traceHref(item.variant.sku, item.number);
    this._text = '';
    this._open = false;
    this._active = -1;
    const input = this.renderRoot.querySelector('input');
    input.value = '';
    input.blur();
  }

  _onKeyDown(event) {
    const items = this._state.items;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!items.length) return;
      this._open = true;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this._active = (this._active + step + items.length) % items.length;
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!this._text.trim()) return;
      if (this._active >= 0 && items[this._active] && this._state.text === this._text.trim()) {
        this._go(items[this._active]);
        return;
      }
      clearTimeout(this._timer);
      if (this._state.text === this._text.trim() && !this._state.loading) this._goIfObvious();
      else {
        this._goWhenLoaded = true;
        if (!this._state.loading || this._state.text !== this._text.trim()) this._search();
      }
    } else if (event.key === 'Escape') {
      this._open = false;
      this._active = -1;
    }
  }

  _panel() {
    const s = this._state;
    const stale = s.text !== this._text.trim();
    let body;
    if (s.error) body = html`<div class="note error" role="alert">Could not search: ${s.error}</div>`;
    else if ((s.loading || stale) && !s.items.length) body = html`<div class="note">Searching…</div>`;
    else if (!s.items.length) body = html`<div class="note" data-testid="no-match">No serial number contains “${s.text}”.</div>`;
    else {
      body = html`<ul role="listbox" id="matches" aria-label="Serial numbers found">
        ${s.items.map((item, i) => html`<li role="option" id="opt-${i}" aria-selected=${i === this._active ? 'true' : 'false'}
          data-sku=${item.variant.sku} data-number=${item.number}
          @mousedown=${(e) => e.preventDefault()} @click=${() => this._go(item)}>
          <span class="number">${item.number}</span><span class="sku">${item.variant.sku}</span>
          <span class="item">${itemName(item.variant)}</span>
          ${item.exact ? html`<span class="exact">exact</span>` : ''}
          <span class="pill ${statusColor[item.status] || ''}">${labels.serialStatus[item.status] || item.status}</span>
        </li>`)}
      </ul>
      <div class="foot">${s.items.filter((i) => i.exact).length > 1
        ? 'This number exists on several SKUs: choose one.'
        : s.total > s.items.length ? `${s.items.length} of ${s.total} matches shown — type more of the number.` : 'Choose a number to trace it.'}</div>`;
    }
    return html`<div class="panel">${body}</div>`;
  }

  render() {
    const open = this._open && Boolean(this._text.trim());
    return html`
      <div class="box" role="search">
        ${iconSearch()}
        <input type="search" placeholder="Find a serial number" aria-label="Find a serial number" autocomplete="off"
          spellcheck="false" role="combobox" aria-expanded=${open ? 'true' : 'false'} aria-controls="matches"
          aria-activedescendant=${this._active >= 0 ? `opt-${this._active}` : ''}
          @input=${this._onInput} @keydown=${this._onKeyDown}
          @focus=${() => { this._open = Boolean(this._text.trim()); }}
          @blur=${() => { this._open = false; }}>
      </div>
      ${open ? this._panel() : ''}
    `;
  }
}

customElements.define('st-serial-search', StSerialSearch);
