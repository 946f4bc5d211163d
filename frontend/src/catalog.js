// What the items, suppliers and customers screens share: running a catalog mutation for a form
// dialog, matching the server's errors to the fields they name, the base of their list screens
// (OrderList with plain query arguments, a "New …" button and an empty state naming the next
// step), a paged sub-list of a detail page, contact links and the on/off switch's look.
import { LitElement, html, css, nothing } from 'lit';
import { gql, errorMessage } from './api.js';
import { Loader, retryAlert } from './page.js';
import { OrderList, PAGE_SIZE } from './order-list.js';
import { shared, listScreen } from './styles.js';
import { deepActiveElement } from './sign-in.js';

export const ERRORS = 'errors { code message field index }';

export const CONTACT_FIELDS = 'name contactPerson email phone address';

/** "1 variant", "3 variants". */
export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Runs a mutation for the dialog kept in `host[prop]` (an object with `busy` and `errors`):
 * marks it busy, and on a refusal (or a failure to reach the server) puts the errors back on
 * it. Returns the payload when the change was made, null otherwise.
 */
export async function submitDialog(host, prop, query, field, input) {
  const dialog = host[prop];
  host[prop] = { ...dialog, busy: true, errors: [] };
  try {
    const payload = (await gql(query, { input }))[field];
    if (payload.errors?.length) {
      host[prop] = { ...host[prop], busy: false, errors: payload.errors };
      return null;
    }
    return payload;
  } catch (err) {
    host[prop] = { ...host[prop], busy: false, errors: [{ message: errorMessage(err) }] };
    return null;
  }
}

/** The messages of `errors` that name `field` (and, when given, the list position `index`). */
export function messagesFor(errors, field, index = null) {
  return (errors || [])
    .filter((e) => e.field === field && (index === null || e.index === index))
    .map((e) => e.message);
}

/** The messages of `errors` that name none of `fields` (shown above the form's buttons). */
export function otherMessages(errors, fields) {
  return (errors || []).filter((e) => !e.field || !fields.includes(e.field)).map((e) => e.message);
}

/** The messages under a field, with the id its input points at (aria-describedby). */
export function fieldMessages(id, messages) {
  return messages.length
    ? html`<div class="field-error" id=${id}>${messages.map((m) => html`<div>${m}</div>`)}</div>`
    : '';
}

/** The refusal that names no field: above the dialog's buttons. */
export function refusal(messages) {
  return messages.length
    ? html`<div class="alert" role="alert"><strong>Refused by the server:</strong>
        <ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`
    : '';
}

/**
 * The base of a modal form dialog (st-catalog-form-dialog, st-item-dialog): opened modal with
 * focus on its first field (`firstFieldSelector`), on the first refused field when `errors`
 * come, and back where it was when the dialog goes; `_cancel()` fires `st-cancel` and
 * `_fireSubmit(detail)` `st-submit` (neither while `busy`).
 *
 * @fires st-submit - the subclass's detail (what was typed)
 * @fires st-cancel - Cancel, Close or Escape
 */
export class ModalFormElement extends LitElement {
  static firstFieldSelector = 'input';

  firstUpdated() {
    this._returnFocus = deepActiveElement();
    this.renderRoot.querySelector('dialog').showModal();
    this.renderRoot.querySelector(this.constructor.firstFieldSelector)?.focus();
  }

  updated(changed) {
    if (changed.has('errors') && this.errors?.length) {
      this.renderRoot.querySelector('[aria-invalid="true"]')?.focus();
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this._returnFocus?.isConnected) this._returnFocus.focus();
  }

  _cancel(event) {
    event?.preventDefault();
    if (this.busy) return;
    this.dispatchEvent(new CustomEvent('st-cancel', { bubbles: true, composed: true }));
  }

  _fireSubmit(detail) {
    this.dispatchEvent(new CustomEvent('st-submit', { detail, bubbles: true, composed: true }));
  }
}

/** Email as a mailto: link, phone as a tel: link, or a muted dash when empty. */
export function emailLink(email) {
  return email ? html`<a href="mailto:${email}">${email}</a>` : html`<span class="muted">—</span>`;
}

export function phoneLink(phone) {
  return phone
    ? html`<a class="nowrap" href="tel:${phone.replace(/[^0-9+]/g, '')}">${phone}</a>`
    : html`<span class="muted">—</span>`;
}

export function orEmpty(text) {
  return text || html`<span class="muted">—</span>`;
}

/** The item's tracking as a badge: what a person must know before ordering or selling it. */
export function trackingBadge(tracked) {
  return tracked
    ? html`<span class="pill blue tracked" title="Each unit has a serial number">Serial-tracked</span>`
    : html`<span class="pill grey untracked" title="Counted in units, no serial numbers">Not tracked</span>`;
}

/** A column header with a short form for phones: "Expected" / "Exp." (read out in full). */
export function th2(long, short) {
  return html`<span class="long">${long}</span><span class="short" aria-hidden="true">${short}</span>`;
}

// Tables that fit a phone: `.wide-only` cells go below 640 px, `.narrow-only` lines (the same
// facts under another cell) appear, headers take their short form, cells pad less.
export const responsive = css`
  .narrow-only, th .short { display: none; }
  @media (max-width: 640px) {
    .wide-only { display: none; }
    .narrow-only { display: block; }
    th .short { display: inline; }
    th .long { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    th, td { padding: 6px 6px; }
    th { letter-spacing: 0; }
  }
  .sub { font-size: 12.5px; color: var(--st-muted); font-weight: 400; }
`;

// Form dialogs of these screens: labelled fields that stack, the error under each field.
export const formDialog = css`
  .fields { display: grid; gap: 12px; }
  .fields label.field { display: flex; font-size: 13px; font-weight: 500; color: var(--st-fg); }
  .fields input, .fields textarea { width: 100%; }
  textarea {
    font: inherit; font-size: 14px; color: var(--st-fg); padding: 5px 8px; line-height: 20px; resize: vertical;
    border: 1px solid var(--st-border-strong); border-radius: var(--st-radius); background: #fff; min-width: 0;
  }
  textarea:focus-visible { outline: 2px solid var(--st-primary); outline-offset: 1px; }
  [aria-invalid='true'] { border-color: var(--st-danger); }
  .field-error { color: var(--st-danger); font-size: 12.5px; margin-top: 2px; }
  .optional { font-weight: 400; color: var(--st-muted); }
  [aria-disabled='true'] { opacity: 0.55; cursor: default; }
  .hint { font-size: 12px; color: var(--st-muted); }
  .dialog-body > .alert { margin-top: 12px; }
  .dialog-foot { border-top: 1px solid #eceef1; margin-top: 8px; }
`;

// An on/off switch: <button role="switch" aria-checked=…><span class="track"></span> Label</button>.
export const switchStyles = css`
  button.switch { border: none; background: none; padding: 4px 2px; gap: 8px; font-weight: 500; }
  button.switch:hover:not(:disabled) { background: none; }
  button.switch .track {
    position: relative; flex: none; width: 34px; height: 20px; border-radius: 999px;
    background: #c3c8d0; transition: background .15s;
  }
  button.switch .track::after {
    content: ''; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%;
    background: #fff; box-shadow: 0 1px 2px rgba(0, 0, 0, .25); transition: left .15s;
  }
  button.switch[aria-checked='true'] .track { background: var(--st-primary); }
  button.switch[aria-checked='true'] .track::after { left: 16px; }
`;

/** The on/off switch; `label` is its visible name. */
export function switchButton({ checked, label, disabled = false, onToggle, describedBy = '', cls = '' }) {
  return html`<button type="button" role="switch" class="switch ${cls}" aria-checked=${checked ? 'true' : 'false'}
    aria-describedby=${describedBy || nothing} ?disabled=${disabled} @click=${onToggle}>
    <span class="track" aria-hidden="true"></span><span>${label}</span></button>`;
}

// ---- list screens ---------------------------------------------------------------------------

/**
 * A list screen of items, suppliers or customers: the order lists' URL filters, debounced
 * search and cursor paging, with the query's plain arguments (`_variables()`), a "New …" button
 * in the head and an empty state that names the next step. A subclass sets QUERY (with $first,
 * $after), field, path, heading, noun, newLabel, emptyText, searchPlaceholder, searchLabel, and
 * draws `_headers()`, `_row(node)` and `_createDialog()` (shown while `_creating`).
 */
export class CatalogList extends OrderList {
  static properties = {
    _creating: { state: true },   // the open "New …" dialog: {busy, errors}, or null
  };

  static styles = [
    shared,
    listScreen,
    responsive,
    css`
      :host { display: block; }
      .head { display: flex; align-items: center; flex-wrap: wrap; gap: 12px; margin-bottom: 14px; }
      .head .actions { margin-left: auto; }
      .toolbar input[type='search'] { width: 260px; max-width: 100%; }
      .toolbar label.field { max-width: 100%; }
      td.name a { font-weight: 600; }
      .empty h2 { color: var(--st-fg); margin-bottom: 4px; }
      .empty p { margin: 0 0 14px; }
      @media (max-width: 600px) {
        .toolbar label.field:has(input[type='search']) { flex: 1 1 100%; }
        .toolbar input[type='search'] { width: 100%; }
      }
    `,
  ];

  constructor() {
    super();
    this._creating = null;
  }

  _urlFilters() {
    return { search: this._search.trim() };
  }

  _variables() {
    return { search: this._search.trim() || null };
  }

  _clearFilters() {
    clearTimeout(this._searchTimer);
    this._search = '';
    this._clearOtherFilters();
    this._reset();
  }

  _clearOtherFilters() {}

  _openCreate() {
    this._creating = { busy: false, errors: [] };
  }

  _table() {
    const result = this._result;
    if (result && !result.edges.length) {
      if (this._filtersActive()) {
        return html`<div class="empty">No ${this.noun} match these filters.
          <button type="button" class="link clear" @click=${this._clearFilters}>Clear filters</button></div>`;
      }
      return html`<div class="empty" data-testid="empty">
        <h2>No ${this.noun} yet</h2>
        <p>${this.emptyText}</p>
        <button type="button" class="primary new" aria-haspopup="dialog" @click=${this._openCreate}>${this.newLabel}</button>
      </div>`;
    }
    return super._table();
  }

  _filterFields() {
    return '';
  }

  _head() {
    return html`<div class="head">
      <h1>${this.heading}</h1>
      <div class="actions">
        <button type="button" class="primary new" aria-haspopup="dialog" @click=${this._openCreate}>${this.newLabel}</button>
      </div>
    </div>`;
  }

  get _toolbarLabel() {
    return `Find ${this.noun}`;
  }

  render() {
    return html`${super.render()}${this._creating ? this._createDialog() : ''}`;
  }
}

// ---- paged sub-lists of a detail page ---------------------------------------------------------

/**
 * One paged connection of a detail page (a supplier's purchase orders, a customer's units), with
 * its own cursors, loading and error state; it asks its host to render when they change. `fetch
 * (first, after)` returns the connection; its loading state is a Loader on the host.
 */
export class Paged {
  constructor(host, fetch, { pageSize = 25 } = {}) {
    this.host = host;
    this.fetch = fetch;
    this.pageSize = pageSize;
    this.page = 0;
    this.cursors = [null];
    this.result = null;
    this._loader = new Loader(host);
  }

  get loading() {
    return this._loader.loading;
  }

  reset() {
    this.page = 0;
    this.cursors = [null];
    this.result = null;
    return this._load();
  }

  async _load() {
    const page = this.page;
    const done = this._loader.run(() => this.fetch(this.pageSize, this.cursors[page]), (connection) => {
      this.result = connection;
      this.cursors[page + 1] = connection?.pageInfo.endCursor ?? null;
    });
    this.host.requestUpdate();
    await done;
    this.host.requestUpdate();
  }

  go(direction) {
    this.page = Math.max(0, this.page + direction);
    this._load();
  }

  /**
   * The table (headers from `head()`, a row per node from `row(node)`), or its loading, error
   * or empty state, with the pager below when there is more than one page.
   */
  render({ noun, head, row, empty }) {
    const result = this.result;
    const error = this._loader.error ? retryAlert(`Could not load ${noun}`, this._loader) : '';
    if (!result) {
      return html`${this._loader.loading ? html`<div class="loading">Loading ${noun}…</div>` : ''}${error}`;
    }
    if (!result.edges.length) return html`${error}<div class="empty small">${empty}</div>`;
    const paged = this.page > 0 || result.pageInfo.hasNextPage;
    return html`${error}
      <div class="table-wrap">
        <table>
          <thead><tr>${head()}</tr></thead>
          <tbody>${result.edges.map(({ node }) => row(node))}</tbody>
        </table>
      </div>
      ${paged ? html`<st-pager .page=${this.page} .pageSize=${this.pageSize} .count=${result.edges.length}
        .totalCount=${result.totalCount} .exact=${result.totalCountIsExact} ?hasNext=${result.pageInfo.hasNextPage} ?disabled=${this._loader.loading}
        @st-page-change=${(e) => this.go(e.detail.direction)}></st-pager>` : ''}`;
  }
}

// A detail page's section cards: head line with its count, the empty text smaller.
export const sections = css`
  section.card { margin-bottom: 16px; }
  .section-head { flex-wrap: wrap; }
  .section-head .count { color: var(--st-muted); font-size: 13px; }
  .section-head .section-actions { margin-left: auto; display: flex; gap: 8px; flex-wrap: wrap; }
  .empty.small { padding: 20px 16px; }
  .empty a, .hint a, p a { text-decoration: underline; }
  section .loading { padding: 16px; }
  section > .alert { margin: 12px; }
  td.number a { font-weight: 600; }
  a.button:hover { text-decoration: none; background: #eef0f3; }
  a.button.primary { background: var(--st-primary); border-color: var(--st-primary); color: #fff; }
  a.button.primary:hover { background: var(--st-primary-hover); }
  .not-found { padding: 36px 20px; text-align: center; }
  .not-found h1 { margin-bottom: 6px; }
  .not-found p { color: var(--st-muted); margin: 0 0 14px; }
`;

/** The "not found" card of a detail page whose id names nothing. */
export function notFound(what, back) {
  return html`<div class="card not-found" data-testid="not-found">
    <h1>${what} not found</h1>
    <p>The link names no ${what.toLowerCase()}: it may be mistyped, or from another database.</p>
    ${back}
  </div>`;
}

export { PAGE_SIZE };

// ---- suppliers and customers ----------------------------------------------------------------

/** What differs between a supplier and a customer, for the screens they share. */
export const PARTIES = {
  supplier: {
    noun: 'supplier', title: 'Supplier', plural: 'suppliers', listHref: '#/suppliers',
    create: 'createSupplier', update: 'updateSupplier', idField: 'supplierId',
    createInput: 'CreateSupplierInput', updateInput: 'UpdateSupplierInput',
    emptyText: 'Suppliers are who you buy from. Create one to place a purchase order with it; its contact details are there when a delivery is late.',
  },
  customer: {
    noun: 'customer', title: 'Customer', plural: 'customers', listHref: '#/customers',
    create: 'createCustomer', update: 'updateCustomer', idField: 'customerId',
    createInput: 'CreateCustomerInput', updateInput: 'UpdateCustomerInput',
    emptyText: 'Customers are who you sell to. Create one to put it on a sales order; its contact details are there when a recall has to reach it.',
  },
};

const CONTACT_KEYS = ['contactPerson', 'email', 'phone', 'address'];

/** The create or update mutation of a supplier or customer. */
export function partyMutation(kind, change) {
  const p = PARTIES[kind];
  const name = change === 'create' ? p.create : p.update;
  const type = change === 'create' ? p.createInput : p.updateInput;
  return {
    field: name,
    query: `mutation ${name[0].toUpperCase()}${name.slice(1)}($input: ${type}!) {
      ${name}(input: $input) { ${kind} { id ${CONTACT_FIELDS} } ${ERRORS} } }`,
  };
}

/** The form dialog's fields for a supplier or customer, filled from `party` when editing. */
export function partyFields(party = null) {
  const v = party || {};
  return [
    { key: 'name', label: 'Name', value: v.name || '' },
    { key: 'contactPerson', label: 'Contact person', value: v.contactPerson || '', optional: true },
    { key: 'email', label: 'Email', type: 'email', value: v.email || '', optional: true },
    { key: 'phone', label: 'Phone', type: 'tel', value: v.phone || '', optional: true },
    { key: 'address', label: 'Address', type: 'textarea', value: v.address || '', optional: true },
  ];
}

/**
 * The mutation input from the form's values: everything for a new one; for an edit only what
 * changed (left out = unchanged, "" = cleared).
 */
export function partyInput(kind, values, party = null) {
  if (!party) {
    return { name: values.name, contact: Object.fromEntries(CONTACT_KEYS.map((k) => [k, values[k]])) };
  }
  const input = { [PARTIES[kind].idField]: party.id };
  if (values.name !== party.name) input.name = values.name;
  const contact = Object.fromEntries(CONTACT_KEYS.filter((k) => values[k] !== party[k]).map((k) => [k, values[k]]));
  if (Object.keys(contact).length) input.contact = contact;
  return input;
}

/**
 * The suppliers or customers screen: name (linked) and contact details, search by name, paging,
 * "New …" with the contact details. A subclass sets `kind` and `hrefOf(id)`.
 */
export class PartyList extends CatalogList {
  static styles = [
    ...CatalogList.styles,
    css`
      td.address { color: var(--st-muted); max-width: 280px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      td.email, td.phone { overflow-wrap: anywhere; }
      @media (max-width: 900px) { .address { display: none; } }
    `,
  ];

  setKind(kind) {
    const p = PARTIES[kind];
    this.kind = kind;
    this.QUERY = `
      query ${p.title}List($search: String, $first: Int, $after: String) {
        ${p.plural}(search: $search, first: $first, after: $after) {
          totalCount totalCountIsExact
          pageInfo { hasNextPage endCursor }
          edges { cursor node { id ${CONTACT_FIELDS} } }
        }
      }`;
    this.field = p.plural;
    this.path = `/${p.plural}`;
    this.heading = `${p.title}s`;
    this.noun = p.plural;
    this.newLabel = `New ${p.noun}`;
    this.emptyText = p.emptyText;
    this.searchPlaceholder = 'Name';
    this.searchLabel = `Search ${p.plural} by name`;
  }

  _headers() {
    return html`<th>Name</th><th class="wide-only">Contact person</th><th>${th2('Email', 'Email / phone')}</th><th class="wide-only">Phone</th>
      <th class="address">Address</th>`;
  }

  _row(party) {
    const firstLine = (party.address || '').split('\n')[0];
    return html`<tr data-id=${party.id}>
      <td class="name"><a href=${this.hrefOf(party.id)}>${party.name}</a>
        ${party.contactPerson ? html`<div class="sub narrow-only">${party.contactPerson}</div>` : ''}</td>
      <td class="contact-person wide-only">${orEmpty(party.contactPerson)}</td>
      <td class="email">${emailLink(party.email)}
        ${party.phone ? html`<div class="narrow-only">${phoneLink(party.phone)}</div>` : ''}</td>
      <td class="phone wide-only">${phoneLink(party.phone)}</td>
      <td class="address" title=${party.address}>${orEmpty(firstLine)}</td>
    </tr>`;
  }

  async _create(event) {
    const { query, field } = partyMutation(this.kind, 'create');
    const payload = await submitDialog(this, '_creating', query, field, partyInput(this.kind, event.detail.values));
    if (!payload) return;
    this._creating = null;
    window.location.hash = this.hrefOf(payload[this.kind].id);
  }

  _createDialog() {
    const p = PARTIES[this.kind];
    return html`<st-catalog-form-dialog .heading=${`New ${p.noun}`} .confirmLabel=${`Create ${p.noun}`}
      .fields=${partyFields()} ?busy=${this._creating.busy} .errors=${this._creating.errors}
      @st-submit=${this._create} @st-cancel=${() => { this._creating = null; }}></st-catalog-form-dialog>`;
  }
}
