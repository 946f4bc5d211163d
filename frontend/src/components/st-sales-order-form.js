// New sales order (#/sales-orders/new, ?customer=<id> preselects the customer): customer
// (searched, or created in place by name), order date (today or earlier) and rows of item and
// quantity. The server gives the number; on success the order's page opens, where the serial
// numbers are picked. Refusals are shown at the field or row they name.
import { OrderForm, ERRORS } from '../order-form.js';
import { salesOrderHref } from '../router.js';
import { searchCustomers } from '../order-edit.js';

const CREATE = `
  mutation CreateSalesOrder($input: CreateSalesOrderInput!) {
    createSalesOrder(input: $input) { salesOrder { id number } ${ERRORS} }
  }
`;
const CREATE_CUSTOMER = `
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { customer { id name } ${ERRORS} }
  }
`;
const CUSTOMER = 'query OneCustomer($id: ID!) { customer(id: $id) { id name } }';

export class StSalesOrderForm extends OrderForm {
  constructor() {
    super();
    this.party = {
      noun: 'customer', label: 'Customer', param: 'customer', field: 'customerId', search: searchCustomers,
      create: CREATE_CUSTOMER, createField: 'createCustomer', one: CUSTOMER, oneField: 'customer',
    };
    this.heading = 'New sales order';
    this.backHref = '#/sales-orders';
    this.backLabel = 'Sales orders';
    this.submitLabel = 'Create sales order';
    this.MUTATION = CREATE;
    this.mutationField = 'createSalesOrder';
    this.resultField = 'salesOrder';
    this.href = salesOrderHref;
    this.numberNote = 'The number (SO-…) is given when the order is created.';
  }
}

customElements.define('st-sales-order-form', StSalesOrderForm);
