// Items (placeholder until the screen is built).
import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

export class StItemList extends LitElement {
  static properties = { query: { attribute: false } };

  static styles = [shared];

  render() {
    return html`<div class="card empty"><h1>Items</h1></div>`;
  }
}

customElements.define('st-item-list', StItemList);
