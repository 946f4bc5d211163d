// Changing the rows of an existing order, as both order pages do it: a row's quantity changed
// in place (Enter saves, Escape cancels), a row deleted after a question asked in the row, a
// row added below the table (item search and quantity). The server's refusal is shown in a
// line under the row it is about (or at the add form's field). A Lit reactive controller: the
// host keeps `_order`, `_notice` and `_load()`; this keeps the editing state and draws the parts.
import { html, css } from 'lit';
import { gql, errorMessage } from './api.js';
import { formatQuantity } from './format.js';
import { checkQuantity, fieldErrors } from './order-edit.js';
import { iconBin } from './icons.js';
import './components/st-row-editor.js';

const ERRORS = 'errors { code message field index }';

const iconPencil = () => html`<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M10.8 2.7l2.5 2.5M3 10.5L11.3 2.2a1.2 1.2 0 0 1 1.7 0l.8.8a1.2 1.2 0 0 1 0 1.7L5.5 13 2.5 13.5 3 10.5z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round"/></svg>`;

export const rowEditStyles = css`
  td.num .qty-edit { display: inline-flex; align-items: center; gap: 4px; }
  td.num .qty-edit input { width: 84px; text-align: right; padding: 2px 6px; font-variant-numeric: tabular-nums; }
  td.num button.edit-qty { margin-left: 4px; padding: 2px; vertical-align: -2px; color: var(--st-muted); }
  td.num button.edit-qty:hover:not(:disabled) { color: var(--st-primary); }
  button.delete-row { color: var(--st-muted); }
  button.delete-row:hover:not(:disabled) { color: var(--st-danger); }
  tr.row-message td { padding: 0 10px 8px; border-bottom: 1px solid #eceef1; background: #fff; }
  tr.row-message + tr td { border-top: none; }
  tr.has-message td { border-bottom: none; }
  .row-note { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; font-size: 12.5px; padding: 6px 10px;
    border-radius: var(--st-radius); }
  .row-note.error { background: var(--st-danger-bg); color: var(--st-danger); border: 1px solid #f1b9b3; }
  .row-note.ask { background: var(--st-warning-bg); color: #7c3d06; border: 1px solid #f3d19e; }
  .row-note .dismiss { margin-left: auto; }
  form.add-row { display: flex; align-items: flex-start; gap: 8px; padding: 12px; border-top: 1px solid var(--st-border);
    background: var(--st-bg-subtle); border-radius: 0 0 8px 8px; flex-wrap: wrap; }
  form.add-row st-row-editor { flex: 1 1 320px; min-width: 0; }
  form.add-row button[type=submit] { margin-top: 19px; }
  form.add-row .alert { flex-basis: 100%; font-size: 13px; }
  .locked-note { padding: 8px 12px; font-size: 12.5px; color: var(--st-muted); border-top: 1px solid #eceef1; }
  @media (max-width: 560px) { form.add-row button[type=submit] { margin-top: 0; } }

  /* On a phone each row is a small block: item and quantity, then status, dates and tracing,
     then the row's buttons; the table keeps its markup. */
  @media (max-width: 640px) {
    table.order-rows thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    table.order-rows, table.order-rows tbody { display: block; }
    table.order-rows tr[data-row-id] { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px;
      padding: 10px 12px; border-bottom: 1px solid #eceef1; }
    table.order-rows tr[data-row-id].has-message { border-bottom: none; }
    table.order-rows tr[data-row-id] > td { display: block; padding: 0; border: none; }
    table.order-rows tr[data-row-id] > td.index { display: none; }
    table.order-rows td.item { flex: 1 1 calc(100% - 120px); min-width: 0; }
    table.order-rows td.num { flex: 0 0 auto; margin-left: auto; font-weight: 600; }
    table.order-rows td[data-label]::before { content: attr(data-label) ' '; color: var(--st-muted); font-size: 12px; font-weight: 400; }
    table.order-rows td.row-actions { flex-basis: 100%; text-align: left; white-space: normal; }
    table.order-rows td.row-actions.compact { flex-basis: auto; margin-left: auto; }
    table.order-rows tr.row-message { display: block; }
    table.order-rows tr.row-message td { display: block; padding: 0 12px 10px; }
    .table-wrap { overflow-x: visible; }
  }
`;

export class RowEdits {
  /**
   * `kind`: 'purchase' or 'sales' (which mutations); the host: a LitElement with `_order`,
   * `_notice` and `_load()`.
   */
  constructor(host, kind) {
    this.host = host;
    host.addController(this);
    const Kind = kind === 'purchase' ? 'PurchaseOrder' : 'SalesOrder';
    const order = kind === 'purchase' ? 'purchaseOrder' : 'salesOrder';
    this.orderField = `${order}Id`;
    this.fields = { add: `add${Kind}Row`, update: `update${Kind}Row`, remove: `delete${Kind}Row` };
    this.mutations = {
      add: `mutation Add${Kind}Row($input: Add${Kind}RowInput!) {
        add${Kind}Row(input: $input) { row { id quantity } ${ERRORS} } }`,
      update: `mutation Update${Kind}Row($input: Update${Kind}RowInput!) {
        update${Kind}Row(input: $input) { row { id quantity } ${ERRORS} } }`,
      remove: `mutation Delete${Kind}Row($input: Delete${Kind}RowInput!) {
        delete${Kind}Row(input: $input) { ${order} { id } ${ERRORS} } }`,
    };
    this.reset();
  }

  hostConnected() {}

  reset() {
    this.edit = null;       // {rowId, value, error, busy}
    this.asking = null;     // {rowId, busy}: the delete question
    this.messages = new Map();  // rowId -> the refusal shown under the row
    this.adding = { item: null, quantity: '', itemError: '', quantityError: '', error: '', busy: false };
  }

  /** After any change that went through: the refusals shown under rows are old news. */
  settle() {
    this.edit = null;
    this.asking = null;
    this.messages.clear();
    this._update();
  }

  _update() {
    this.host.requestUpdate();
  }

  async _focus(selector) {
    await this.host.updateComplete;
    const el = this.host.renderRoot.querySelector(selector);
    el?.focus();
    if (el?.select) el.select();
  }

  /** "row 2 (SKU)"; `capital` for the start of a sentence. */
  _label(row, capital = false) {
    // By id: a live update may have replaced the order (and its row objects) meanwhile.
    const index = this.host._order.rows.findIndex((r) => r.id === row.id);
    return `${capital ? 'Row' : 'row'} ${index + 1} (${row.variant.sku})`;
  }

  // ---- quantity in place ----------------------------------------------------------------------

  startEdit(row) {
    this.asking = null;
    this.messages.delete(row.id);
    this.edit = { rowId: row.id, value: formatQuantity(row.quantity), error: '', busy: false };
    this._update();
    this._focus(`tr[data-row-id="${row.id}"] input.qty-input`);
  }

  cancelEdit(row) {
    this.edit = null;
    this._update();
    this._focus(`tr[data-row-id="${row.id}"] button.edit-qty`);
  }

  async saveEdit(row) {
    const edit = this.edit;
    if (!edit || edit.busy) return;
    const check = checkQuantity(edit.value, { tracked: Boolean(row.tracing) });
    if (check.error) {
      this.edit = { ...edit, error: check.error };
      this._update();
      return;
    }
    if (Number(check.value) === Number(row.quantity)) {
      this.cancelEdit(row);
      return;
    }
    this.edit = { ...edit, busy: true, error: '' };
    this._update();
    try {
      const payload = (await gql(this.mutations.update, { input: { rowId: row.id, quantity: check.value } }))[this.fields.update];
      if (payload.errors?.length) {
        this.edit = { ...edit, busy: false, error: payload.errors.map((e) => e.message).join(' '), refused: true };
        this._update();
        this._focus(`tr[data-row-id="${row.id}"] input.qty-input`);
        return;
      }
      this.settle();
      this.host._notice = `${this._label(row, true)}: quantity ${formatQuantity(row.quantity)} → ${formatQuantity(payload.row.quantity)}.`;
      await this.host._load();
      this._focus(`tr[data-row-id="${row.id}"] button.edit-qty`);
    } catch (err) {
      this.edit = { ...edit, busy: false, error: errorMessage(err), refused: true };
      this._update();
    }
  }

  _onEditKey(event, row) {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.saveEdit(row);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.cancelEdit(row);
    }
  }

  // ---- delete -----------------------------------------------------------------------------------

  askDelete(row) {
    this.edit = null;
    this.messages.delete(row.id);
    this.asking = { rowId: row.id, busy: false };
    this._update();
    this._focus(`tr.row-message[data-for="${row.id}"] button.confirm-delete`);
  }

  keep(row) {
    this.asking = null;
    this._update();
    this._focus(`tr[data-row-id="${row.id}"] button.delete-row`);
  }

  async confirmDelete(row) {
    if (!this.asking || this.asking.busy) return;
    this.asking = { ...this.asking, busy: true };
    this._update();
    const label = this._label(row, true);
    try {
      const payload = (await gql(this.mutations.remove, { input: { rowId: row.id } }))[this.fields.remove];
      this.asking = null;
      if (payload.errors?.length) {
        this.messages.set(row.id, { verb: 'Not deleted', text: payload.errors.map((e) => e.message).join(' ') });
        this._update();
        this._focus(`tr[data-row-id="${row.id}"] button.delete-row`);
        return;
      }
      this.settle();
      this.host._notice = `${label}: deleted.`;
      await this.host._load();
      this._focus('#items-heading');
    } catch (err) {
      this.asking = null;
      this.messages.set(row.id, { verb: 'Not deleted', text: errorMessage(err) });
      this._update();
    }
  }

  // ---- add --------------------------------------------------------------------------------------

  async add(event) {
    event?.preventDefault();
    const a = this.adding;
    if (a.busy) return;
    const itemError = a.item ? '' : 'Choose an item from the list.';
    const check = checkQuantity(a.quantity, { tracked: Boolean(a.item?.data?.product?.serialTracked) });
    if (itemError || check.error) {
      this.adding = { ...a, itemError, quantityError: check.error || '', error: '' };
      this._update();
      return;
    }
    this.adding = { ...a, busy: true, itemError: '', quantityError: '', error: '' };
    this._update();
    const input = { [this.orderField]: this.host._order.id, sku: a.item.data.sku, quantity: check.value };
    try {
      const payload = (await gql(this.mutations.add, { input }))[this.fields.add];
      if (payload.errors?.length) {
        const found = fieldErrors(payload.errors);
        this.adding = {
          ...a, busy: false, itemError: found.at('sku').join(' '), quantityError: found.at('quantity').join(' '),
          error: found.rest(['sku', 'quantity']).join(' '),
        };
        this._update();
        return;
      }
      this.adding = { item: null, quantity: '', itemError: '', quantityError: '', error: '', busy: false };
      this.settle();
      this.host._notice = `Added ${check.value} × ${a.item.data.sku}.`;
      await this.host._load();
      await this.host.updateComplete;
      this.host.renderRoot.querySelector('form.add-row st-row-editor')?.focus();
    } catch (err) {
      this.adding = { ...a, busy: false, error: errorMessage(err) };
      this._update();
    }
  }

  // ---- drawing ----------------------------------------------------------------------------------

  /** The quantity cell's content: the number with its pencil, or the box while it changes. */
  quantity(row, editable) {
    const edit = this.edit?.rowId === row.id ? this.edit : null;
    if (!edit) {
      return html`${formatQuantity(row.quantity)}${editable
        ? html`<button type="button" class="icon edit-qty" aria-label="Change quantity of ${this._label(row)}"
            title="Change quantity" @click=${() => this.startEdit(row)}>${iconPencil()}</button>` : ''}`;
    }
    return html`<span class="qty-edit">
      <input class="qty-input" type="text" inputmode=${row.tracing ? 'numeric' : 'decimal'} autocomplete="off"
        aria-label="New quantity of ${this._label(row)}" .value=${edit.value} ?disabled=${edit.busy}
        aria-invalid=${edit.error ? 'true' : 'false'}
        @input=${(e) => { this.edit = { ...this.edit, value: e.target.value, error: '' }; this._update(); }}
        @keydown=${(e) => this._onEditKey(e, row)}>
      <button type="button" class="small save-qty primary" ?disabled=${edit.busy} @click=${() => this.saveEdit(row)}>
        ${edit.busy ? 'Saving…' : 'Save'}</button>
      <button type="button" class="small cancel-qty" ?disabled=${edit.busy} @click=${() => this.cancelEdit(row)}>Cancel</button>
    </span>`;
  }

  /** The delete button of a row's actions cell. */
  deleteButton(row, editable) {
    if (!editable) return '';
    return html`<button type="button" class="icon delete-row" aria-label="Delete ${this._label(row)}" title="Delete row"
      ?disabled=${this.asking?.busy} @click=${() => this.askDelete(row)}>${iconBin()}</button>`;
  }

  /** Whether a line is drawn under the row (the main row then has no bottom border). */
  hasLine(row) {
    return this.asking?.rowId === row.id || this.messages.has(row.id) || Boolean(this.edit?.rowId === row.id && this.edit.error);
  }

  /** The line under a row: the delete question, or the refusal of its last change. */
  line(row, colspan) {
    let note;
    if (this.asking?.rowId === row.id) {
      note = html`<div class="row-note ask">
        <span>Delete ${this._label(row)}, ${formatQuantity(row.quantity)} units? This can't be undone.</span>
        <button type="button" class="small danger primary confirm-delete" ?disabled=${this.asking.busy}
          @click=${() => this.confirmDelete(row)}>${this.asking.busy ? 'Deleting…' : 'Delete row'}</button>
        <button type="button" class="small keep" ?disabled=${this.asking.busy} @click=${() => this.keep(row)}>Keep</button>
      </div>`;
    } else if (this.edit?.rowId === row.id && this.edit.error) {
      note = html`<div class="row-note error" role="alert" data-testid="row-error">
        ${this.edit.refused ? html`<strong>Not changed:</strong>` : ''} ${this.edit.error}</div>`;
    } else if (this.messages.has(row.id)) {
      const m = this.messages.get(row.id);
      note = html`<div class="row-note error" role="alert" data-testid="row-error">
        <strong>${m.verb}:</strong> ${m.text}
        <button type="button" class="small icon dismiss" aria-label="Dismiss"
          @click=${() => { this.messages.delete(row.id); this._update(); }}>✕</button></div>`;
    } else {
      return '';
    }
    return html`<tr class="row-message" data-for=${row.id}><td colspan=${colspan}>${note}</td></tr>`;
  }

  /** The form under the table that adds a row. */
  addForm() {
    const a = this.adding;
    return html`<form class="add-row" novalidate @submit=${(e) => this.add(e)} aria-label="Add a row">
      <st-row-editor .item=${a.item} .quantity=${a.quantity} .itemError=${a.itemError} .quantityError=${a.quantityError}
        ?disabled=${a.busy}
        @st-row-change=${(e) => {
          this.adding = { ...this.adding, item: e.detail.item, quantity: e.detail.quantity,
            itemError: e.detail.item !== this.adding.item ? '' : this.adding.itemError,
            quantityError: e.detail.quantity !== this.adding.quantity ? '' : this.adding.quantityError };
          this._update();
        }}
        @st-row-enter=${() => this.add()}></st-row-editor>
      <button type="submit" class="add-row-submit" ?disabled=${a.busy}>${a.busy ? 'Adding…' : 'Add row'}</button>
      ${a.error ? html`<div class="alert" role="alert"><strong>Not added:</strong> ${a.error}</div>` : ''}
    </form>`;
  }
}
