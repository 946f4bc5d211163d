// Customers screen: name (linked to the customer's page) and contact details (email as mailto:,
// phone as tel:), search by name, paging; "New customer" with the contact details goes to the
// new customer's page.
import { PartyList } from '../catalog.js';
import { customerHref } from '../router.js';
import './st-catalog-form-dialog.js';

export class StCustomerList extends PartyList {
  constructor() {
    super();
    this.setKind('customer');
    this.hrefOf = customerHref;
  }
}

customElements.define('st-customer-list', StCustomerList);
