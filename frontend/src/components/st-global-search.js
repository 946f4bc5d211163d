// The one search in the top bar: purchase and sales orders by number, items by SKU or name,
// suppliers and customers by name, serial numbers by number (the `search` query; debounced, the
// latest answer wins). Results grouped by kind under headings, exact matches first and marked
// (a kind holding an exact match moves up, so Enter takes it); an ARIA combobox with one
// listbox of grouped options: arrows move through all results across the groups, Enter opens
// the highlighted one or, with none highlighted, the first; Escape closes (and then clears).
// "/" anywhere outside a text field focuses the box. The panel is placed within the screen
// (fixed, measured from the box), so it fits a 360 px phone too.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { gql, errorMessage } from '../api.js';
import {
  customerHref, itemHref, orderHref, salesOrderHref, supplierHref, traceHref,
} from '../router.js';
import { itemName, labels, statusColor } from '../format.js';
import { iconSearch } from '../icons.js';

const DELAY_MS = 200;
const PER_KIND = 5;

const QUERY = `
  query GlobalSearch($text: String!, $first: Int!) {
    search(text: $text, first: $first) {
      purchaseOrders { id number kind status supplier { id name } }
      salesOrders { id number status customer { id name } }
      variants { id sku name product { id name } }
      suppliers { id name contactPerson }
      customers { id name contactPerson }
      serialNumbers { id number status variant { id sku name product { id name } } }
    }
  }
`;

const same = (a, b) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

/** The kinds in their order, each turning the server's nodes into options. */
const KINDS = [
  {
    kind: 'purchaseOrders', heading: 'Purchase orders',
    option: (o, text) => ({
      href: orderHref(o.id), main: o.number, mono: true, sub: o.supplier?.name || '',
      pill: [statusColor[o.status], labels.orderStatus[o.status] || o.status],
      exact: same(o.number, text),
    }),
  },
  {
    kind: 'salesOrders', heading: 'Sales orders',
    option: (o, text) => ({
      href: salesOrderHref(o.id), main: o.number, mono: true, sub: o.customer?.name || '',
      pill: [statusColor[o.status], labels.salesStatus[o.status] || o.status],
      exact: same(o.number, text),
    }),
  },
  {
    kind: 'variants', heading: 'Items',
    option: (v, text) => ({
      href: itemHref(v.product.id), main: v.sku, mono: true, sub: itemName(v),
      exact: same(v.sku, text),
    }),
  },
  {
    kind: 'suppliers', heading: 'Suppliers',
    option: (s, text) => ({
      href: supplierHref(s.id), main: s.name, sub: s.contactPerson || '', exact: same(s.name, text),
    }),
  },
  {
    kind: 'customers', heading: 'Customers',
    option: (c, text) => ({
      href: customerHref(c.id), main: c.name, sub: c.contactPerson || '', exact: same(c.name, text),
    }),
  },
  {
    kind: 'serialNumbers', heading: 'Serial numbers',
    option: (sn, text) => ({
      href: traceHref(sn.variant.sku, sn.number), main: sn.number, mono: true,
      sub: `${sn.variant.sku} · ${itemName(sn.variant)}`,
      pill: [statusColor[sn.status], labels.serialStatus[sn.status] || sn.status],
      exact: same(sn.number, text),
    }),
  },
];

/** The server's answer as groups of options, a group with an exact match first. */
export function groupResults(search, text) {
  const groups = [];
  for (const { kind, heading, option } of KINDS) {
    const nodes = search?.[kind] || [];
    if (!nodes.length) continue;
    const options = nodes.map((node) => ({ kind, ...option(node, text) }));
    groups.push({ kind, heading, options, exact: options.some((o) => o.exact), full: nodes.length >= PER_KIND });
  }
  groups.sort((a, b) => b.exact - a.exact);   // stable: otherwise in the kinds' order
  let index = 0;
  for (const group of groups) for (const option of group.options) option.index = index++;
  return groups;
}

/** Whether a key press should be left alone by the "/" shortcut (typing somewhere). */
function typingIn(event) {
  const target = event.composedPath()[0];
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

export class StGlobalSearch extends LitElement {
  static properties = {
    _text: { state: true },
    _open: { state: true },
    _state: { state: true },    // {text, loading, error, groups, count}
    _active: { state: true },   // index of the highlighted option, -1 none
    _place: { state: true },    // {top, left, width, maxHeight} of the panel
  };

  static styles = [
    shared,
    css`
      :host { display: block; position: relative; margin-left: auto; flex: none; }
      .box { position: relative; display: flex; align-items: center; }
      .box svg { position: absolute; left: 9px; color: #94a3b8; pointer-events: none; }
      input {
        width: clamp(150px, 16vw, 250px); padding: 4px 30px 4px 28px; border-color: #334155; background: #0f172a; color: #e2e8f0;
      }
      input::placeholder { color: #94a3b8; }
      input:focus-visible { outline: 2px solid #60a5fa; outline-offset: 0; }
      input::-webkit-search-cancel-button { display: none; }
      kbd {
        position: absolute; right: 7px; font: 11px/16px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        padding: 0 5px; border: 1px solid #475569; border-radius: 4px; color: #94a3b8; pointer-events: none;
      }
      input:focus ~ kbd { display: none; }
      .panel {
        position: fixed; z-index: 40; display: flex; flex-direction: column;
        background: #fff; color: var(--st-fg); border: 1px solid var(--st-border); border-radius: 8px;
        box-shadow: 0 12px 32px rgba(15, 23, 42, 0.22); overflow: hidden;
      }
      [role='listbox'] { margin: 0; padding: 4px; overflow-y: auto; flex: 1 1 auto; min-height: 0; }
      [role='group'] + [role='group'] { margin-top: 4px; border-top: 1px solid #eceef1; padding-top: 4px; }
      .heading {
        padding: 4px 8px 2px; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .05em;
        color: var(--st-muted);
      }
      [role='option'] {
        display: flex; align-items: center; gap: 8px; padding: 5px 8px; border-radius: 5px; cursor: pointer; min-width: 0;
      }
      [role='option'][aria-selected='true'] { background: #e3ebfb; box-shadow: inset 2px 0 0 var(--st-primary); }
      [role='option']:hover { background: #eef3fd; }
      .main { font-weight: 600; font-size: 13.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; flex: 0 1 auto; max-width: 60%; }
      .main.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; white-space: pre; }
      .sub { color: var(--st-muted); font-size: 12.5px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1 1 0; min-width: 0; }
      .exact {
        flex: none; font-size: 10.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--st-success);
        font-weight: 700; border: 1px solid #b7e0c5; border-radius: 4px; padding: 0 4px; background: var(--st-success-bg);
      }
      .pill { flex: none; }
      .note { padding: 10px 12px; font-size: 13px; color: var(--st-muted); }
      .note.error { color: var(--st-danger); }
      .foot { flex: none; padding: 6px 12px; font-size: 11.5px; color: var(--st-muted); border-top: 1px solid #eceef1; background: var(--st-bg-subtle); }
      /* A phone: a small box in the bar that, while in use, spans the top of the screen. */
      @media (max-width: 600px) {
        :host { width: 132px; }
        input { width: 132px; }
        .box:focus-within { position: fixed; top: 10px; left: 8px; right: 8px; z-index: 41; }
        .box:focus-within input { width: 100%; }
        kbd { display: none; }
        .pill { display: none; }
      }
    `,
  ];

  constructor() {
    super();
    this._text = '';
    this._open = false;
    this._state = { text: '', loading: false, error: '', groups: [], count: 0 };
    this._active = -1;
    this._place = null;
    this._timer = null;
    this._seq = 0;
    this._abort = null;
    this._goWhenLoaded = false;
    this._requested = '';
    this._onSlash = (event) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (event.defaultPrevented || typingIn(event)) return;
      const input = this._input;
      if (!input) return;
      input.focus();
      if (this.renderRoot.activeElement === input) {   // not behind a modal dialog
        event.preventDefault();
        input.select();
      }
    };
    this._onReposition = () => { if (this._open) this._measure(); };
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('keydown', this._onSlash);
    window.addEventListener('resize', this._onReposition);
    window.addEventListener('scroll', this._onReposition, true);
  }

  disconnectedCallback() {
    clearTimeout(this._timer);
    this._abort?.abort();
    window.removeEventListener('keydown', this._onSlash);
    window.removeEventListener('resize', this._onReposition);
    window.removeEventListener('scroll', this._onReposition, true);
    super.disconnectedCallback();
  }

  get _input() {
    return this.renderRoot?.querySelector('input');
  }

  get _options() {
    return this._state.groups.flatMap((g) => g.options);
  }

  /** Where the panel goes: under the box, as wide as fits, never past the screen's edges. */
  _measure() {
    const box = this.renderRoot.querySelector('.box');
    if (!box) return;
    const rect = box.getBoundingClientRect();
    const vw = document.documentElement.clientWidth || window.innerWidth;
    const vh = window.innerHeight;
    const margin = 8;
    const width = Math.min(480, vw - 2 * margin);
    const left = Math.max(margin, Math.min(rect.right - width, vw - margin - width));
    const top = Math.max(margin, rect.bottom + 6);
    const place = { top, left, width, maxHeight: Math.max(160, vh - top - margin) };
    const old = this._place;
    if (!old || old.top !== place.top || old.left !== place.left || old.width !== place.width || old.maxHeight !== place.maxHeight) {
      this._place = place;
    }
  }

  _setOpen(open) {
    this._open = open;
    // Measured once the box has its place (on a phone it moves to the top while focused).
    if (open) requestAnimationFrame(() => this._measure());
    if (open) this._measure();
  }

  _onInput(event) {
    this._text = event.target.value;
    this._active = -1;
    this._goWhenLoaded = false;
    this._setOpen(true);
    clearTimeout(this._timer);
    if (this._text.trim()) this._timer = setTimeout(() => this._search(), DELAY_MS);
    else {
      this._abort?.abort();
      this._seq += 1;
      this._state = { text: '', loading: false, error: '', groups: [], count: 0 };
    }
  }

  async _search() {
    clearTimeout(this._timer);
    const text = this._text.trim();
    if (!text) return;
    const seq = ++this._seq;
    this._requested = text;
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    this._state = { ...this._state, loading: true, error: '' };
    try {
      const data = await gql(QUERY, { text, first: PER_KIND }, { signal: abort.signal });
      if (seq !== this._seq) return;   // a later search is under way: the latest answer wins
      const groups = groupResults(data.search, text);
      this._state = { text, loading: false, error: '', groups, count: groups.reduce((n, g) => n + g.options.length, 0) };
      if (this._active >= this._state.count) this._active = -1;
      if (this._goWhenLoaded) {
        this._goWhenLoaded = false;
        this._goFirst();
      }
    } catch (err) {
      if (seq !== this._seq || err?.name === 'AbortError') return;
      this._goWhenLoaded = false;
      this._state = { text, loading: false, error: errorMessage(err), groups: [], count: 0 };
    }
  }

  get _fresh() {
    return this._state.text === this._text.trim() && !this._state.loading;
  }

  _goFirst() {
    const first = this._options[0];
    if (first) this._go(first);
    else this._setOpen(true);
  }

  _go(option) {
    this._text = '';
    this._active = -1;
    this._open = false;
    const input = this._input;
    if (input) {
      input.value = '';
      input.blur();
    }
    window.location.hash = option.href;
  }

  _onKeyDown(event) {
    const count = this._fresh ? this._state.count : 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this._setOpen(Boolean(this._text.trim()));
      if (!count) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this._active = this._active < 0
        ? (step > 0 ? 0 : count - 1)
        : (this._active + step + count) % count;
      this._revealActive();
    } else if (event.key === 'Home' && this._active >= 0 && count) {
      event.preventDefault();
      this._active = 0;
      this._revealActive();
    } else if (event.key === 'End' && this._active >= 0 && count) {
      event.preventDefault();
      this._active = count - 1;
      this._revealActive();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!this._text.trim()) return;
      if (this._fresh) {
        const option = this._options[this._active] || null;
        if (option) this._go(option);
        else this._goFirst();
        return;
      }
      // The answer for this text is not in yet: open the first result when it comes.
      this._goWhenLoaded = true;
      if (!(this._state.loading && this._requested === this._text.trim())) this._search();
    } else if (event.key === 'Escape') {
      if (this._open && this._text.trim()) {
        event.preventDefault();
        this._open = false;
        this._active = -1;
      } else if (this._text) {
        event.preventDefault();
        event.target.value = '';
        this._onInput(event);
        this._open = false;
      }
    }
  }

  _revealActive() {
    this.updateComplete.then(() => {
      this.renderRoot.querySelector(`#gs-opt-${this._active}`)?.scrollIntoView({ block: 'nearest' });
    });
  }

  _option(option) {
    const selected = option.index === this._active;
    return html`<div role="option" id="gs-opt-${option.index}" aria-selected=${selected ? 'true' : 'false'}
      data-kind=${option.kind} data-href=${option.href} data-exact=${option.exact ? 'true' : 'false'}
      @mousedown=${(e) => e.preventDefault()} @click=${() => this._go(option)}
      @mousemove=${() => { if (this._active !== option.index) this._active = option.index; }}>
      <span class="main ${option.mono ? 'mono' : ''}">${option.main}</span>
      ${option.exact ? html`<span class="exact">exact</span>` : ''}
      <span class="sub">${option.sub}</span>
      ${option.pill ? html`<span class="pill ${option.pill[0] || ''}">${option.pill[1]}</span>` : ''}
    </div>`;
  }

  _panel() {
    const s = this._state;
    const text = this._text.trim();
    const stale = s.text !== text;
    const showResults = !s.error && text && s.count > 0;
    let note = '';
    if (!text) {
      note = html`<div class="note">Search purchase and sales orders by number, items by SKU or name,
        suppliers, customers and serial numbers.</div>`;
    } else if (s.error) {
      note = html`<div class="note error" role="alert">Could not search: ${s.error}</div>`;
    } else if ((s.loading || stale) && !s.count) {
      note = html`<div class="note" role="status">Searching…</div>`;
    } else if (!s.count) {
      note = html`<div class="note" role="status" data-testid="no-match">Nothing found for “${s.text}”.</div>`;
    }
    const full = s.groups.some((g) => g.full);
    const place = this._place || { top: 60, left: 8, width: 320, maxHeight: 400 };
    return html`<div class="panel" data-testid="search-panel"
        style="top:${place.top}px;left:${place.left}px;width:${place.width}px;max-height:${Math.min(place.maxHeight, 520)}px">
      ${note}
      <div role="listbox" id="gs-results" aria-label="Search results" ?hidden=${!showResults}
        aria-busy=${s.loading ? 'true' : 'false'}>
        ${showResults ? s.groups.map((g) => html`<div role="group" aria-labelledby="gs-h-${g.kind}" data-kind=${g.kind}>
            <div class="heading" role="presentation" id="gs-h-${g.kind}">${g.heading}</div>
            ${g.options.map((o) => this._option(o))}
          </div>`) : ''}
      </div>
      ${showResults ? html`<div class="foot">↑↓ to move · Enter opens ${this._active >= 0 ? 'the highlighted one' : 'the first'} · Esc to close${full
        ? ` · the first ${PER_KIND} of each kind: type more to narrow down` : ''}</div>` : ''}
    </div>`;
  }

  render() {
    const showResults = this._open && !this._state.error && Boolean(this._text.trim()) && this._state.count > 0;
    return html`
      <div class="box" role="search" aria-label="Everything">
        ${iconSearch()}
        <input type="search" placeholder="Search everything" aria-label="Search everything"
          autocomplete="off" spellcheck="false" role="combobox" aria-autocomplete="list"
          aria-expanded=${showResults ? 'true' : 'false'} aria-controls="gs-results"
          aria-activedescendant=${showResults && this._active >= 0 ? `gs-opt-${this._active}` : nothing}
          aria-keyshortcuts="/"
          @input=${this._onInput} @keydown=${this._onKeyDown}
          @focus=${() => this._setOpen(true)}
          @blur=${() => { this._open = false; this._active = -1; }}>
        <kbd aria-hidden="true">/</kbd>
      </div>
      ${this._open ? this._panel() : ''}
    `;
  }
}

customElements.define('st-global-search', StGlobalSearch);
