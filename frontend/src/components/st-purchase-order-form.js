// New purchase order (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StPurchaseOrderForm extends LitElement {
  static properties = { query: { attribute: false } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>New purchase order</h1></div>`;
  }
}

customElements.define('st-purchase-order-form', StPurchaseOrderForm);
