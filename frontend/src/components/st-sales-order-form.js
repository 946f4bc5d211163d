// New sales order (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StSalesOrderForm extends LitElement {
  static properties = { query: { attribute: false } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>New sales order</h1></div>`;
  }
}

customElements.define('st-sales-order-form', StSalesOrderForm);
