// Tracing state of a row or an order: exclamation icon while numbers are missing,
// green check mark when complete, and the count "3 / 5" beside it.
import { LitElement, html, css } from 'lit';
import { iconCheck, iconExclamation } from '../icons.js';

export class StTracingBadge extends LitElement {
  static properties = {
    tracing: { attribute: false },
  };

  static styles = css`
    :host { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
    [role='img'] { display: inline-flex; align-items: center; }
    svg { display: block; flex: none; }
    .count { font-variant-numeric: tabular-nums; font-size: 13px; color: #374151; }
    .none { color: #9ca3af; }
  `;

  render() {
    const t = this.tracing;
    if (!t) return html`<span class="none" title="Not serial-tracked">—</span>`;
    const complete = t.state === 'COMPLETE';
    const label = complete
      ? `Serial numbers complete: ${t.assigned} of ${t.required}`
      : `Serial numbers missing: ${t.assigned} of ${t.required} assigned`;
    return html`
      <span role="img" aria-label=${label} title=${label} data-state=${t.state}>
        ${complete ? iconCheck() : iconExclamation()}
      </span>
      <span class="count">${t.assigned} / ${t.required}</span>
    `;
  }
}

customElements.define('st-tracing-badge', StTracingBadge);
