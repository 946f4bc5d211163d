// Suppliers (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StSupplierList extends LitElement {
  static properties = { query: { attribute: false } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>Suppliers</h1></div>`;
  }
}

customElements.define('st-supplier-list', StSupplierList);
