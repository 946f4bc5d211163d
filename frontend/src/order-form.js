// What the new purchase order and new sales order forms share: the party (supplier or
// customer) searched, preselected from the URL (?supplier=<id>) or created in place by name,
// the order date (today, or earlier for a paper order entered later), the rows (item and
// quantity), the browser's checks, the server's refusals at the field and row they name, and
// the way to the new order's page. A subclass names its party, mutation and extra fields.
import { LitElement, html, css } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { shared, pageHead } from './styles.js';
import { gql, errorMessage } from './api.js';
import { checkQuantity, contactOption, fieldErrors, instantForDay, todayDay } from './order-edit.js';
import './components/st-search-select.js';
import './components/st-date-field.js';
import './components/st-row-editor.js';

const ERRORS = 'errors { code message field index }';

export class OrderForm extends LitElement {
  static properties = {
    query: { attribute: false },   // from the URL: ?supplier=<id> / ?customer=<id>
    _party: { state: true },       // the chosen supplier / customer option
    _partyError: { state: true },
    _partyHint: { state: true },
    _creating: { state: true },    // creating the party in place
    _orderedOn: { state: true },
    _rows: { state: true },        // [{key, item, quantity, itemError, quantityError}]
    _errors: { state: true },      // fieldErrors() of the last refusal or browser check
    _busy: { state: true },
  };

  static styles = [
    shared,
    pageHead,
    css`
      :host { display: block; max-width: 960px; }
      form { padding: 0; }
      .part { padding: 16px; border-bottom: 1px solid #eceef1; }
      .part:last-child { border-bottom: none; }
      .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 14px 16px; align-items: start; }
      .fields .party { grid-column: span 2; }
      fieldset { border: none; margin: 0; padding: 0; min-width: 0; }
      legend { font-size: 12px; color: var(--st-muted); padding: 0; margin-bottom: 4px; }
      .choices { display: flex; flex-wrap: wrap; gap: 4px 14px; }
      .choices label { display: inline-flex; align-items: center; gap: 6px; font-size: 14px; cursor: pointer; padding: 4px 0; }
      .choices input { margin: 0; }
      .part-head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin-bottom: 10px; }
      .part-head .muted { font-size: 12.5px; }
      .rows { display: flex; flex-direction: column; gap: 10px; }
      .rows st-row-editor + st-row-editor { border-top: 1px dashed #e5e7eb; padding-top: 10px; }
      .add-row { margin-top: 12px; }
      .foot { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; justify-content: flex-end; }
      .foot .number { margin-right: auto; font-size: 12.5px; color: var(--st-muted); }
      .foot .alert { flex-basis: 100%; }
      a.button:hover { text-decoration: none; background: #eef0f3; }
      st-date-field { display: block; }
      @media (max-width: 560px) {
        .fields { grid-template-columns: minmax(0, 1fr); }
        .fields .party { grid-column: auto; }
        .part { padding: 12px; }
        .foot .number { flex-basis: 100%; }
      }
    `,
  ];

  // A subclass sets: party = {noun, label, param (URL), field (input), search, create (mutation
  // text), createField, one (query text), oneField}; heading, backHref, backLabel, submitLabel,
  // MUTATION, mutationField, resultField, numberNote, href(id). It may draw fields before the
  // party (_extraFieldsBefore) and after the order date (_extraFields), and add to the input
  // (_extraInput) and to the fields whose refusals have a place (_placedFields).

  constructor() {
    super();
    this.query = {};
    this._party = null;
    this._partyError = '';
    this._partyHint = '';
    this._creating = false;
    this._orderedOn = todayDay();
    this._key = 0;
    this._rows = [this._emptyRow()];
    this._errors = fieldErrors([]);
    this._busy = false;
  }

  _emptyRow() {
    this._key += 1;
    return { key: this._key, item: null, itemText: '', quantity: '', itemError: '', quantityError: '' };
  }

  willUpdate(changed) {
    if (changed.has('query')) {
      const id = (this.query || {})[this.party.param];
      if (id && id !== this._preselected) {
        this._preselected = id;
        this._loadParty(id);
      }
    }
  }

  async _loadParty(id) {
    try {
      const node = (await gql(this.party.one, { id }))[this.party.oneField];
      if (node) {
        this._party = contactOption(node);
        this._partyError = '';
      } else {
        this._partyError = `The ${this.party.noun} of this link was not found; choose one.`;
      }
    } catch (err) {
      this._partyError = `Could not load the ${this.party.noun}: ${errorMessage(err)}`;
    }
  }

  // ---- the party ------------------------------------------------------------------------------

  _onPartySelect(event) {
    this._party = event.detail.option;
    this._partyError = '';
    this._partyHint = '';
  }

  async _onPartyCreate(event) {
    const name = event.detail.text.trim();
    if (!name || this._creating) return;
    this._creating = true;
    this._partyError = '';
    this._partyHint = `Creating ${this.party.noun} “${name}”…`;
    try {
      const payload = (await gql(this.party.create, { input: { name } }))[this.party.createField];
      if (payload.errors?.length) {
        this._partyError = payload.errors.map((e) => e.message).join(' ');
        this._partyHint = '';
      } else {
        this._party = contactOption(payload[this.party.noun]);
        this._partyHint = `New ${this.party.noun} “${this._party.label}” created; its details can be added on its page later.`;
      }
    } catch (err) {
      this._partyError = `Could not create the ${this.party.noun}: ${errorMessage(err)}`;
      this._partyHint = '';
    } finally {
      this._creating = false;
      await this.updateComplete;
      this.renderRoot.querySelector('st-search-select.party-select')?.focus();
    }
  }

  // ---- rows -------------------------------------------------------------------------------------

  _setRow(key, changes) {
    this._rows = this._rows.map((r) => (r.key === key ? { ...r, ...changes } : r));
  }

  _addRow({ focus = true } = {}) {
    const row = this._emptyRow();
    this._rows = [...this._rows, row];
    if (focus) this._focusRow(row.key);
  }

  async _focusRow(key) {
    await this.updateComplete;
    this.renderRoot.querySelector(`st-row-editor[data-key="${key}"]`)?.focus();
  }

  _removeRow(key) {
    const index = this._rows.findIndex((r) => r.key === key);
    const rows = this._rows.filter((r) => r.key !== key);
    this._rows = rows.length ? rows : [this._emptyRow()];
    const next = this._rows[Math.min(index, this._rows.length - 1)];
    if (next) this._focusRow(next.key);
    else this.renderRoot.querySelector('button.add-row')?.focus();
  }

  _onRowEnter(key) {
    const index = this._rows.findIndex((r) => r.key === key);
    if (index === this._rows.length - 1) this._addRow();
    else this._focusRow(this._rows[index + 1].key);
  }

  // ---- submitting -------------------------------------------------------------------------------

  /** The fields a subclass adds to the input, checked by the browser: {input, errors}. */
  _extraInput() {
    return { input: {}, errors: [] };
  }

  /** Which fields of the server's errors have a place of their own. */
  _placedFields() {
    return [this.party.field, 'orderedAt', 'rows.sku', 'rows.quantity'];
  }

  async _submit(event) {
    event.preventDefault();
    if (this._busy || this._creating) return;
    const problems = [];
    let partyError = '';
    if (!this._party) {
      partyError = `Choose a ${this.party.noun} from the list, or type a new name and create it.`;
      problems.push({ field: this.party.field, message: partyError });
    }
    if (!this._orderedOn) problems.push({ field: 'orderedAt', message: 'Enter the order date.' });
    const sent = [];
    const rows = this._rows.map((row) => {
      const empty = !row.item && !row.itemText.trim() && !String(row.quantity).trim();
      if (empty) return { ...row, itemError: '', quantityError: '' };
      const itemError = row.item ? '' : 'Choose an item from the list.';
      const check = checkQuantity(row.quantity, { tracked: Boolean(row.item?.data?.product?.serialTracked) });
      if (itemError) problems.push({ field: 'rows.sku', message: itemError });
      if (check.error) problems.push({ field: 'rows.quantity', message: check.error });
      if (!itemError && !check.error) sent.push({ key: row.key, sku: row.item.data.sku, quantity: check.value });
      return { ...row, itemError, quantityError: check.error || '' };
    });
    const extra = this._extraInput();
    problems.push(...extra.errors);
    this._rows = rows;
    this._partyError = partyError;
    if (problems.length) {
      this._errors = fieldErrors(problems);
      this._focusFirstProblem();
      return;
    }
    const input = {
      [this.party.field]: this._party.id,
      rows: sent.map(({ sku, quantity }) => ({ sku, quantity })),
      orderedAt: instantForDay(this._orderedOn),
      ...extra.input,
    };
    this._busy = true;
    this._errors = fieldErrors([]);
    try {
      const payload = (await gql(this.MUTATION, { input }))[this.mutationField];
      if (payload.errors?.length) {
        this._showRefusal(payload.errors, sent);
        return;
      }
      window.location.hash = this.href(payload[this.resultField].id);
    } catch (err) {
      this._errors = fieldErrors([errorMessage(err)]);
    } finally {
      this._busy = false;
    }
  }

  _showRefusal(errors, sent) {
    const found = fieldErrors(errors);
    this._errors = found;
    this._partyError = found.at(this.party.field).join(' ');
    this._rows = this._rows.map((row) => {
      const index = sent.findIndex((s) => s.key === row.key);
      if (index < 0) return row;
      return {
        ...row,
        itemError: found.at('rows.sku', index).join(' '),
        quantityError: found.at('rows.quantity', index).join(' '),
      };
    });
    this._focusFirstProblem();
  }

  async _focusFirstProblem() {
    await this.updateComplete;
    const root = this.renderRoot;
    if (this._partyError) { root.querySelector('st-search-select.party-select')?.focus(); return; }
    const dated = [...root.querySelectorAll('st-date-field')].find((f) => f.error);
    if (dated) { dated.focus(); return; }
    const extra = root.querySelector('[data-invalid="true"]');
    if (extra) { extra.focus(); return; }
    const row = this._rows.find((r) => r.itemError || r.quantityError);
    if (row) {
      const editor = root.querySelector(`st-row-editor[data-key="${row.key}"]`);
      await editor?.updateComplete;
      const target = row.itemError
        ? editor?.renderRoot.querySelector('st-search-select')
        : editor?.renderRoot.querySelector('.qty input');
      target?.focus();
      return;
    }
    root.querySelector('.foot .alert')?.focus();
  }

  // ---- rendering --------------------------------------------------------------------------------

  _partyField() {
    const p = this.party;
    return html`<st-search-select class="party party-select" .label=${p.label} .placeholder=${`Search or type a new ${p.noun}`}
      .source=${p.search} .value=${this._party} .createNoun=${p.noun}
      .error=${this._partyError} .hint=${this._partyHint} ?busy=${this._creating}
      @st-select=${this._onPartySelect} @st-create=${this._onPartyCreate}></st-search-select>`;
  }

  _orderDateField() {
    return html`<st-date-field class="ordered-on" .label=${'Order date'} .value=${this._orderedOn} .max=${todayDay()}
      .hint=${'Today, or the day a paper order was placed'} .error=${this._errors.at('orderedAt').join(' ')}
      @st-change=${(e) => { this._orderedOn = e.detail.value; }}></st-date-field>`;
  }

  _extraFields() {
    return '';
  }

  _rowsPart() {
    const filled = this._rows.filter((r) => r.item).length;
    return html`
      <section class="part" aria-labelledby="items-heading">
        <div class="part-head"><h2 id="items-heading">Items</h2>
          <span class="muted">Search by SKU or name. Enter in a quantity starts the next row; rows can also be added later.</span></div>
        <div class="rows">
          ${repeat(this._rows, (r) => r.key, (row, i) => html`
            <st-row-editor data-key=${row.key} .position=${i + 1} .item=${row.item} .quantity=${row.quantity}
              .itemError=${row.itemError} .quantityError=${row.quantityError} removable ?disabled=${this._busy}
              @st-row-change=${(e) => this._setRow(row.key, { item: e.detail.item, quantity: e.detail.quantity,
                itemText: e.detail.itemText,
                itemError: e.detail.item !== row.item ? '' : row.itemError,
                quantityError: e.detail.quantity !== row.quantity ? '' : row.quantityError })}
              @st-row-enter=${() => this._onRowEnter(row.key)}
              @st-row-remove=${() => this._removeRow(row.key)}></st-row-editor>`)}
        </div>
        <button type="button" class="add-row small" @click=${() => this._addRow()} ?disabled=${this._busy}>+ Add row</button>
        <span class="muted visually-hidden" role="status">${filled} row${filled === 1 ? '' : 's'} with an item</span>
      </section>`;
  }

  render() {
    const general = this._errors.rest(this._placedFields());
    const placed = this._errors.list.length - general.length;
    return html`
      <a class="back" href=${this.backHref}>← ${this.backLabel}</a>
      <div class="head"><h1>${this.heading}</h1></div>
      <form class="card" novalidate @submit=${this._submit} aria-busy=${this._busy ? 'true' : 'false'}>
        <div class="part">
          <div class="fields">
            ${this._extraFieldsBefore ? this._extraFieldsBefore() : ''}
            ${this._partyField()}
            ${this._orderDateField()}
            ${this._extraFields()}
          </div>
        </div>
        ${this._rowsPart()}
        <div class="part foot">
          <span class="number">${this.numberNote}</span>
          ${general.length || placed
            ? html`<div class="alert" role="alert" tabindex="-1" data-testid="form-error">
                <strong>Not created:</strong> ${general.join(' ')}${placed
                  ? `${general.length ? ' ' : ''}See the marked field${placed === 1 ? '' : 's'}.` : ''}
              </div>`
            : ''}
          <a class="button cancel" href=${this.backHref}>Cancel</a>
          <button type="submit" class="primary create" ?disabled=${this._busy || this._creating}>
            ${this._busy ? 'Creating…' : this.submitLabel}</button>
        </div>
      </form>
    `;
  }
}

export { ERRORS };
