// Paging controls for a Relay connection: the parent keeps the cursors, this only shows and asks.
// @fires st-page-change - {direction} -1 (previous page) or 1 (next page)
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { totalLabel } from '../format.js';

export class StPager extends LitElement {
  static properties = {
    page: { type: Number },        // 0-based
    pageSize: { type: Number },
    count: { type: Number },       // rows on this page
    totalCount: { type: Number },
    exact: { type: Boolean },      // false: the list holds more than totalCount (the count's cap)
    hasNext: { type: Boolean },
    disabled: { type: Boolean },
  };

  static styles = [
    shared,
    css`
      :host { display: flex; align-items: center; gap: 10px; padding: 8px 12px; font-size: 13px; }
      .range { color: var(--st-muted); margin-right: auto; font-variant-numeric: tabular-nums; }
    `,
  ];

  constructor() {
    super();
    this.page = 0;
    this.pageSize = 50;
    this.count = 0;
    this.totalCount = 0;
    this.exact = true;
    this.hasNext = false;
    this.disabled = false;
  }

  _go(direction) {
    this.dispatchEvent(new CustomEvent('st-page-change', { detail: { direction }, bubbles: true, composed: true }));
  }

  render() {
    const from = this.count ? this.page * this.pageSize + 1 : 0;
    const to = this.page * this.pageSize + this.count;
    return html`
      <span class="range">${from}–${to} of ${totalLabel(this.totalCount, this.exact)}</span>
      <button class="small" ?disabled=${this.disabled || this.page === 0} @click=${() => this._go(-1)}
        aria-label="Previous page">‹ Previous</button>
      <button class="small" ?disabled=${this.disabled || !this.hasNext} @click=${() => this._go(1)}
        aria-label="Next page">Next ›</button>
    `;
  }
}

customElements.define('st-pager', StPager);
