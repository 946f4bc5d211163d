// New purchase order (#/purchase-orders/new, ?supplier=<id> preselects the supplier): kind
// (PO or outsourced OPO), supplier (searched, or created in place by name), order date (today
// or earlier), an optional expected date, and rows of item and quantity. The server gives the
// number; on success the order's page opens. Refusals are shown at the field or row they name.
import { html } from 'lit';
import { OrderForm, ERRORS } from '../order-form.js';
import { orderHref } from '../router.js';
import { searchSuppliers } from '../order-edit.js';
import { labels } from '../format.js';
import '../components/st-date-field.js';

const CREATE = `
  mutation CreatePurchaseOrder($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) { purchaseOrder { id number } ${ERRORS} }
  }
`;
const CREATE_SUPPLIER = `
  mutation CreateSupplier($input: CreateSupplierInput!) {
    createSupplier(input: $input) { supplier { id name } ${ERRORS} }
  }
`;
const SUPPLIER = 'query OneSupplier($id: ID!) { supplier(id: $id) { id name } }';

export class StPurchaseOrderForm extends OrderForm {
  static properties = {
    _kind: { state: true },
    _expectedOn: { state: true },
  };

  constructor() {
    super();
    this.party = {
      noun: 'supplier', label: 'Supplier', param: 'supplier', field: 'supplierId', search: searchSuppliers,
      create: CREATE_SUPPLIER, createField: 'createSupplier', one: SUPPLIER, oneField: 'supplier',
    };
    this.heading = 'New purchase order';
    this.backHref = '#/purchase-orders';
    this.backLabel = 'Purchase orders';
    this.submitLabel = 'Create purchase order';
    this.MUTATION = CREATE;
    this.mutationField = 'createPurchaseOrder';
    this.resultField = 'purchaseOrder';
    this.href = orderHref;
    this._kind = 'PURCHASE';
    this._expectedOn = '';
  }

  get numberNote() {
    return `The number (${labels.kind[this._kind]}-…) is given when the order is created.`;
  }

  _placedFields() {
    return [...super._placedFields(), 'expectedOn'];
  }

  _extraInput() {
    return { input: { kind: this._kind, expectedOn: this._expectedOn || null }, errors: [] };
  }

  _extraFieldsBefore() {
    return html`<fieldset class="kind">
      <legend>Kind</legend>
      <div class="choices">
        ${[['PURCHASE', 'Purchase order (PO)'], ['OUTSOURCED', 'Outsourced (OPO)']].map(([value, text]) => html`
          <label><input type="radio" name="kind" value=${value} .checked=${this._kind === value}
            @change=${() => { this._kind = value; }}> ${text}</label>`)}
      </div>
    </fieldset>`;
  }

  _extraFields() {
    return html`<st-date-field class="expected-on" .label=${'Expected on (optional)'} .value=${this._expectedOn}
      .min=${this._orderedOn} .hint=${'When the supplier said the goods arrive'}
      .error=${this._errors.at('expectedOn').join(' ')}
      @st-change=${(e) => { this._expectedOn = e.detail.value; }}></st-date-field>`;
  }
}

customElements.define('st-purchase-order-form', StPurchaseOrderForm);
