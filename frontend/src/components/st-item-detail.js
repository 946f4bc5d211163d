// Item (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StItemDetail extends LitElement {
  static properties = { productId: { type: String } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>Item</h1></div>`;
  }
}

customElements.define('st-item-detail', StItemDetail);
