// What the customer and the supplier page share: the party loaded (or "not found"), its
// contact details edited in place (st-party-details), the head with the link to a new order
// for it, and the paged lists of its orders and units (the section head with its count, the
// tracing cell). Each page (st-customer-detail.js, st-supplier-detail.js) extends `PartyPage`
// and draws its own lists.
import { LitElement, html, css } from 'lit';
import { shared, pageHead } from './styles.js';
import { gql } from './api.js';
import { dismissableNotice, Loader, notLoaded, retryAlert } from './page.js';
import { CONTACT_FIELDS, Paged, notFound, responsive, sections } from './catalog.js';
import { totalLabel } from './format.js';
import './components/st-party-details.js';
import './components/st-tracing-badge.js';
import './components/st-pager.js';

/** The styles both party pages use (each adds its own). */
export const partyPageStyles = [
  shared,
  pageHead,
  sections,
  responsive,
  css`
    :host { display: block; }
    .notice { margin-bottom: 12px; display: flex; align-items: center; gap: 8px; }
    .notice button { margin-left: auto; }
    st-party-details { margin-bottom: 16px; }
  `,
];

/**
 * The base of a party page. A subclass sets `static kind` ('customer' or 'supplier'),
 * `static noun` ('Customer'), `static idProperty` (the property the router sets),
 * `static listHref`, `static newOrder` ({href, label}) and draws `_lists()`; its paged lists,
 * made with `_pagedOf`, start again when another party is shown.
 */
export class PartyPage extends LitElement {
  static properties = {
    _party: { state: true },
    _missing: { state: true },
    _notice: { state: true },
  };

  static styles = partyPageStyles;

  constructor() {
    super();
    const { kind } = this.constructor;
    this._query = `query ${this.constructor.noun}Detail($id: ID!) { ${kind}(id: $id) { id ${CONTACT_FIELDS} } }`;
    this._party = null;
    this._missing = false;
    this._loader = new Loader(this);
    this._notice = '';
    this._paged = [];
  }

  /** The id of the party shown. */
  get partyId() {
    return this[this.constructor.idProperty];
  }

  /** A paged list of the party's `field` (a connection of the party, read by `query`). */
  _pagedOf(query, field, options) {
    const { kind } = this.constructor;
    const paged = new Paged(this, async (first, after) => {
      const data = await gql(query, { id: this.partyId, first, after });
      return data[kind] ? data[kind][field] : null;
    }, options);
    this._paged.push(paged);
    return paged;
  }

  willUpdate(changed) {
    const idProperty = this.constructor.idProperty;
    if (changed.has(idProperty) && this.partyId) {
      this._party = null;
      this._missing = false;
      this._notice = '';
      this._load();
      for (const paged of this._paged) paged.reset();
    }
  }

  _load() {
    const { kind } = this.constructor;
    return this._loader.run(() => gql(this._query, { id: this.partyId }), (data) => {
      this._party = data[kind];
      this._missing = !data[kind];
    });
  }

  _onSaved(event) {
    this._party = event.detail.party;
    this._notice = `${event.detail.party.name} saved.`;
  }

  _newOrderHref() {
    return `${this.constructor.newOrder.href}?${new URLSearchParams({ [this.constructor.kind]: this.partyId })}`;
  }

  /** A card of a paged list: `cls` its class, `heading`, `count` (default: the total), the list drawn by `paged.render(list)`. */
  _listSection(paged, { cls, id = 'orders-heading', heading, count = null, extra = '', list }) {
    const result = paged.result;
    return html`
      <section class="card ${cls}" aria-labelledby=${id} aria-busy=${paged.loading ? 'true' : 'false'}>
        <div class="section-head">
          <h2 id=${id}>${heading}</h2>
          ${result ? html`<span class="count">${count ? count(result) : totalLabel(result.totalCount, result.totalCountIsExact)}</span>` : ''}
          ${extra}
        </div>
        ${paged.render(list)}
      </section>`;
  }

  /** An order's Tracing cell in a list: its badge, or "—" when it has no tracked items. */
  _tracingCell(order) {
    return html`<td>${order.hasTrackedRows
      ? html`<st-tracing-badge .tracing=${order.tracing}></st-tracing-badge>`
      : html`<span class="muted" title="No serial-tracked items">—</span>`}</td>`;
  }

  render() {
    const { kind, noun, listHref, newOrder } = this.constructor;
    const back = html`<a class="back" href=${listHref}>← ${noun}s</a>`;
    if (this._missing) return html`${back}${notFound(noun, html`<a href=${listHref}>All ${kind}s</a>`)}`;
    const party = this._party;
    if (!party) return notLoaded(this._loader, back, { failed: `Could not load the ${kind}`, loading: `Loading ${kind}…` });
    return html`
      ${back}
      <div class="head">
        <div class="title"><h1>${party.name}</h1><span class="pill grey">${noun}</span></div>
        <div class="actions">
          <a class="button primary new-order" href=${this._newOrderHref()}>${newOrder.label}</a>
        </div>
      </div>
      ${dismissableNotice(this)}
      ${this._loader.error ? retryAlert(`Could not refresh the ${kind}`, this._loader) : ''}
      <st-party-details kind=${kind} .party=${party} @st-saved=${this._onSaved}></st-party-details>
      ${this._lists()}
    `;
  }
}
