// Supplier (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StSupplierDetail extends LitElement {
  static properties = { supplierId: { type: String } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>Supplier</h1></div>`;
  }
}

customElements.define('st-supplier-detail', StSupplierDetail);
