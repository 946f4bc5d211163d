// Customers (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StCustomerList extends LitElement {
  static properties = { query: { attribute: false } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>Customers</h1></div>`;
  }
}

customElements.define('st-customer-list', StCustomerList);
