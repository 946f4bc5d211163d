// What the sales and purchase order lists share: filters from the URL (search debounced, the
// selects at once) written back to it, cursor paging, the head with its "New …" button, and
// the card with its toolbar, loading, error and empty states (a fresh database: what to do
// first, with buttons to it; filters that match nothing: say so and offer to clear them).
// A subclass names its query and screen and draws its own columns and first steps.
import { LitElement, html, css } from 'lit';
import { shared, listScreen } from './styles.js';
import { gql } from './api.js';
import { replaceQuery } from './router.js';
import { Loader, retryAlert } from './page.js';
import { LiveFollow } from './live-follow.js';
import './components/st-pager.js';

export const PAGE_SIZE = 50;
// Any order's change (the entry names the order): a list reloads the page it shows.
const LIST_CHANGED = `
  subscription OrderListLive($after: String) { orderListChanged(after: $after) { cursor kind } }
`;

/**
 * A list screen whose filters live in the URL (`query`, from the router): the page shown, its
 * cursors and loading state; the filters applied on arrival and again when the screen is shown
 * with others; each change of them written back to the URL (`path`, `_urlFilters()`) and the
 * first page read again (`QUERY` with `_variables()`, `$first` and `$after`; the connection is
 * `field` of the answer); paging with st-pager. A subclass keeps its filters in state and
 * draws the screen (the order lists, the catalog lists, the serial number list).
 */
export class UrlListScreen extends LitElement {
  static properties = {
    query: { attribute: false },   // filters from the URL
    _page: { state: true },
    _result: { state: true },
  };

  constructor() {
    super();
    this.query = {};
    this._page = 0;
    this._cursors = [null];
    this._result = null;
    this._loader = new Loader(this);
    this._searchTimer = null;
    this._liveTimer = null;
    this._quiet = false;
    // A subclass that follows changes live: `static LIVE` (a subscription with `$after`),
    // `_followsLive`, `_liveWanted(data)`, `liveDelay` (ms a burst of changes is waited out).
    this._live = new LiveFollow(this, {
      query: this.constructor.LIVE || '',
      variables: () => (this._followsLive ? {} : null),
      onData: (data) => { if (this._liveWanted(data)) this._liveReload(); },
      onReconnect: () => this._load(),
    });
  }

  get _followsLive() {
    return Boolean(this.constructor.LIVE);
  }

  _liveWanted() {
    return true;
  }

  /** Someone changed what the list shows: the page is read again, once for a burst of changes,
   * quietly (see `_busy`). */
  _liveReload() {
    clearTimeout(this._liveTimer);
    this._liveTimer = setTimeout(() => {
      this._quiet = true;
      this._load().finally(() => { this._quiet = false; this.requestUpdate(); });
    }, this.liveDelay ?? 250);
  }

  /** Takes the filters from `query` (a subclass reads its own). */
  _applyQuery() {}

  /** The filters as the URL keeps them, in order; empty ones are left out of the URL. */
  _urlFilters() {
    return {};
  }

  /** The query's variables besides the paging. */
  _variables() {
    return {};
  }

  willUpdate(changed) {
    // A navigation to this screen with other filters (e.g. the nav link) re-applies them.
    if (changed.has('query') && this._started && changed.get('query') !== undefined) {
      this._applyQuery();
      this._reset();
    }
  }

  connectedCallback() {
    super.connectedCallback();
    this._applyQuery();
    this._started = true;
    this._start();
  }

  /** The first read, once connected: following the changes first (when the list does), so
   * that what changes while the list is read comes as a message. */
  _start() {
    if (!this._followsLive) {
      this._reset();
      return;
    }
    this._live.start().then(() => { if (this.isConnected) this._reset(); });
  }

  disconnectedCallback() {
    clearTimeout(this._searchTimer);
    clearTimeout(this._liveTimer);
    super.disconnectedCallback();
  }

  _reset() {
    this._page = 0;
    this._cursors = [null];
    replaceQuery(this.path, this._urlFilters());
    this._load();
  }

  _load() {
    return this._loader.run(() => gql(this.QUERY, { ...this._variables(), first: PAGE_SIZE, after: this._cursors[this._page] }),
      (data) => {
        this._result = data[this.field];
        this._cursors[this._page + 1] = data[this.field].pageInfo.endCursor;
      },
    );
  }

  /** Loading as the user sees it: a quiet reload (a colleague's change) shows no loading bar and
   * leaves the pager usable, the page stays as it is until the answer replaces it. */
  get _busy() {
    return this._loader.loading && !this._quiet;
  }

  _onPage(event) {
    this._page = Math.max(0, this._page + event.detail.direction);
    this._load();
  }
}

export class OrderList extends UrlListScreen {
  static properties = {
    _search: { state: true },
    _status: { state: true },
  };

  static styles = [
    shared,
    listScreen,
    css`
      :host { display: block; }
      .head { display: flex; align-items: center; gap: 12px; margin-bottom: 14px; flex-wrap: wrap; }
      .head .new { margin-left: auto; }
      td.number a { font-weight: 600; }
      a.button:hover { text-decoration: none; background: #eef0f3; }
      a.button.primary { background: var(--st-primary); border-color: var(--st-primary); color: #fff; }
      a.button.primary:hover { background: var(--st-primary-hover); }
      .empty-state { padding: 32px 16px 36px; text-align: center; }
      .empty-state .empty { padding: 0; font-size: 15px; font-weight: 600; color: var(--st-fg); }
      .empty-state p { margin: 8px auto 0; max-width: 560px; color: var(--st-muted); font-size: 13.5px; }
      .empty-state .steps { display: flex; flex-wrap: wrap; justify-content: center; gap: 8px; margin-top: 16px; }
    `,
  ];

  // A subclass sets: QUERY (with $filter, $first, $after), field (its connection in the
  // answer), path (of the screen), heading, noun (plural, lower case); and the search's
  // placeholder and label; liveKind: the change kind of its orders (the list follows them live).

  constructor() {
    super();
    this._search = '';
    this._status = '';
  }

  static LIVE = LIST_CHANGED;

  /** A list of no orders (the catalog's, without `liveKind`) follows none. */
  get _followsLive() {
    return Boolean(this.liveKind);
  }

  /** An order was created or changed by someone: the page shown is read again. */
  _liveWanted(data) {
    return data.orderListChanged?.kind === this.liveKind;
  }

  _applyQuery() {
    const q = this.query || {};
    this._search = q.search || '';
    this._status = q.status || '';
  }


  _urlFilters() {
    return { search: this._search.trim(), status: this._status };
  }

  _filter() {
    const filter = {};
    for (const [key, value] of Object.entries(this._urlFilters())) if (value) filter[key] = value;
    return filter;
  }

  _filtersActive() {
    return Object.values(this._urlFilters()).some(Boolean);
  }

  _variables() {
    return { filter: this._filter() };
  }

  _onSearch(event) {
    this._search = event.target.value;
    clearTimeout(this._searchTimer);
    this._searchTimer = setTimeout(() => this._reset(), 250);
  }

  /** A filter select of the toolbar, bound to the state property `prop`. */
  _selectField(label, prop, allLabel, options) {
    const value = this[prop];
    return html`<label class="field">${label}
      <select aria-label=${label} .value=${value}
        @change=${(e) => { this[prop] = e.target.value; this._reset(); }}>
        <option value="" ?selected=${!value}>${allLabel}</option>
        ${options.map(([v, text]) => html`
          <option value=${v} ?selected=${value === v}>${text}</option>`)}
      </select></label>`;
  }

  /** Puts every filter back to "all" (a subclass clears its own too). */
  _clearFilters() {
    clearTimeout(this._searchTimer);
    this._search = '';
    this._status = '';
    this._reset();
    this.updateComplete.then(() => this.renderRoot.querySelector('input[type=search]')?.focus());
  }

  /** The empty list of a fresh database: a subclass says what to do first ({text, steps}). */
  _firstSteps() {
    return { text: '', steps: [] };
  }

  _emptyState() {
    if (this._filtersActive()) {
      return html`<div class="empty-state" data-testid="no-match">
        <div class="empty">No ${this.noun} match these filters.</div>
        <div class="steps"><button type="button" class="clear-filters" @click=${this._clearFilters}>Clear filters</button></div>
      </div>`;
    }
    const { text, steps } = this._firstSteps();
    return html`<div class="empty-state" data-testid="first-steps">
      <div class="empty">No ${this.noun} yet.</div>
      ${text ? html`<p>${text}</p>` : ''}
      ${steps.length ? html`<div class="steps">${steps.map(([label, href, primary]) => html`
        <a class="button ${primary ? 'primary' : ''}" href=${href}>${label}</a>`)}</div>` : ''}
    </div>`;
  }

  _table() {
    const result = this._result;
    if (!result) return this._loader.loading ? html`<div class="loading">Loading ${this.noun}…</div>` : '';
    if (!result.edges.length) return this._emptyState();
    return html`
      <div class="table-wrap">
        <table>
          <thead><tr>${this._headers()}</tr></thead>
          <tbody>${result.edges.map(({ node }) => this._row(node))}</tbody>
        </table>
      </div>
      <st-pager .page=${this._page} .pageSize=${PAGE_SIZE} .count=${result.edges.length}
        .totalCount=${result.totalCount} .exact=${result.totalCountIsExact} ?hasNext=${result.pageInfo.hasNextPage} ?disabled=${this._busy}
        @st-page-change=${this._onPage}></st-pager>
    `;
  }

  /** The head: the heading and the "New …" link. */
  _head() {
    return html`<div class="head"><h1>${this.heading}</h1>
      ${this.newHref ? html`<a class="button primary new" href=${this.newHref}>${this.newLabel}</a>` : ''}</div>`;
  }

  /** The name of the toolbar with the search and the filters. */
  get _toolbarLabel() {
    return 'Filters';
  }

  render() {
    return html`
      ${this._head()}
      <section class="card" aria-busy=${this._busy ? 'true' : 'false'}>
        <div class="toolbar" role="search" aria-label=${this._toolbarLabel}>
          <label class="field">Search
            <input type="search" placeholder=${this.searchPlaceholder} .value=${this._search}
              @input=${this._onSearch} aria-label=${this.searchLabel}></label>
          ${this._filterFields()}
        </div>
        ${this._busy ? html`<div class="loading-bar"></div>` : ''}
        ${this._loader.error ? retryAlert(`Could not load ${this.noun}`, this._loader) : ''}
        ${this._table()}
      </section>
    `;
  }
}
