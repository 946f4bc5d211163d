// Customer (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StCustomerDetail extends LitElement {
  static properties = { customerId: { type: String } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>Customer</h1></div>`;
  }
}

customElements.define('st-customer-detail', StCustomerDetail);
