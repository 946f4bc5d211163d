// Suppliers screen: name (linked to the supplier's page) and contact details (email as mailto:,
// phone as tel:), search by name, paging; "New supplier" with the contact details goes to the
// new supplier's page.
import { PartyList } from '../catalog.js';
import { supplierHref } from '../router.js';
import './st-catalog-form-dialog.js';

export class StSupplierList extends PartyList {
  constructor() {
    super();
    this.setKind('supplier');
    this.hrefOf = supplierHref;
  }
}

customElements.define('st-supplier-list', StSupplierList);
