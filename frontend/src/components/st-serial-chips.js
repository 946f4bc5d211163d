// The chips of a serial number dialog: saved numbers (solid; linked to their trace view when a
// SKU is given), new ones (dashed), problems in red with their reason, and a bin on the chips
// the parent allows. Rendered in chunks of 100 so a paste of 1000 stays fast. The parent owns
// the entries (mutated in place; bump `version` to re-render).
// @fires st-bin - {key} the bin of a chip was pressed
import { LitElement, html, css, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { shared } from '../styles.js';
import { traceHref } from '../router.js';

const CHUNK = 100;   // chips per rendering chunk

export class StSerialChips extends LitElement {
  static properties = {
    entries: { attribute: false },   // [{key, id, number, saved, issue}]
    version: { type: Number },
    canBin: { attribute: false },    // (entry) => boolean
    sku: { type: String },           // saved chips link to the trace view of this SKU
    emptyText: { type: String },
    disabled: { type: Boolean },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .chips {
        margin: 0; padding: 8px; display: flex; flex-direction: column; gap: 6px;
        min-height: 90px; max-height: 46vh; overflow-y: auto; border: 1px solid var(--st-border); border-radius: var(--st-radius);
        background: var(--st-bg-subtle);
      }
      /* Chips come in chunks of 100: the browser skips style and layout of chunks out of view,
         so a paste of 1000 renders in a fraction of the time. */
      .chunk {
        flex: none; display: flex; flex-wrap: wrap; gap: 6px; align-content: flex-start;
        content-visibility: auto; contain-intrinsic-size: auto 700px auto 600px;
      }
      .chip {
        display: inline-flex; align-items: center; gap: 4px; max-width: 100%;
        padding: 2px 2px 2px 9px; border-radius: 5px; font-size: 13px; line-height: 22px;
      }
      .chip.saved { background: #e7ecf5; border: 1px solid #b8c4d8; color: #1e293b; }
      .chip.new { background: #fff; border: 1px dashed var(--st-primary); color: #1e3a8a; }
      .chip.bad { background: var(--st-danger-bg); border: 1px solid #e59a92; color: #7f1d1d; }
      .chip.nobin { padding-right: 9px; }
      .chip-number { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; overflow: hidden; text-overflow: ellipsis; }
      a.chip-number { color: inherit; text-decoration: underline dotted #94a3b8; text-underline-offset: 3px; }
      a.chip-number:hover { color: var(--st-primary); text-decoration: underline; }
      .chip-reason { font-size: 12px; color: var(--st-danger); font-weight: 500; }
      .chip button.bin {
        width: 22px; height: 22px; padding: 3px; border: none; border-radius: 4px; flex: none; cursor: pointer;
        background: transparent; color: #64748b;
      }
      .chip button.bin svg {
        display: block; fill: none; stroke: currentColor; stroke-width: 1.3; stroke-linecap: round; stroke-linejoin: round;
      }
      .chip button.bin:hover { background: rgba(0, 0, 0, 0.06); color: var(--st-danger); }
      .empty-chips { color: var(--st-muted); padding: 24px 8px; width: 100%; text-align: center; }
    `,
  ];

  constructor() {
    super();
    this.entries = [];
    this.version = 0;
    this.canBin = () => true;
    this.sku = '';
    this.emptyText = 'No serial numbers yet';
    this.disabled = false;
  }

  /** Scroll a chip (by key) or the end of the list into view, once rendered. */
  async reveal(target) {
    await this.updateComplete;
    const scroll = () => {
      const list = this.renderRoot.querySelector('.chips');
      if (!list) return;
      if (target === 'end') {
        list.scrollTop = list.scrollHeight;
        return;
      }
      const chip = list.querySelector(`.chip[data-key="${target}"]`);
      if (!chip) return;
      // A chunk out of view is skipped by the browser (content-visibility): render it first.
      const chunk = chip.parentElement;
      chunk.style.contentVisibility = 'visible';
      chip.scrollIntoView({ block: 'nearest' });
      requestAnimationFrame(() => { chunk.style.contentVisibility = ''; });
    };
    scroll();
    // Chunks out of view have estimated heights until rendered: settle on the next frames.
    requestAnimationFrame(() => requestAnimationFrame(scroll));
  }

  /** Focus the bin of a chip; false when there is none. */
  async focusBin(key) {
    await this.updateComplete;
    const button = this.renderRoot.querySelector(`button.bin[data-key="${key}"]`);
    if (button) button.focus();
    return Boolean(button);
  }

  _onClick(event) {
    const button = event.target.closest('button[data-key]');
    if (!button || this.disabled) return;
    this.dispatchEvent(new CustomEvent('st-bin', { detail: { key: Number(button.dataset.key) }, bubbles: true, composed: true }));
  }

  // Kept lean on purpose (a paste can bring 1000 chips at once): one flat template, the bin
  // icon drawn by CSS strokes, clicks handled once on the list.
  _chip(entry) {
    const canBin = this.canBin(entry);
    const state = entry.saved ? 'saved' : 'new';
    const issue = entry.issue;
    const number = entry.saved && this.sku
      ? html`<a class="chip-number" href=${traceHref(this.sku, entry.number)} title="Trace ${entry.number}">${entry.number}</a>`
      : html`<span class="chip-number">${entry.number}</span>`;
    return html`<div role="listitem" class="chip ${state}${issue ? ' bad' : ''}${canBin ? '' : ' nobin'}" data-key=${entry.key}
      data-state=${state} data-code=${issue ? issue.code : ''}>${number}${issue
        ? html`<span class="chip-reason">${issue.message}</span>` : nothing}${canBin
        ? html`<button type="button" class="bin" data-key=${entry.key} aria-label="Remove ${entry.number}" title="Remove"><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.3a1 1 0 0 0 1 .9h3.8a1 1 0 0 0 1-.9l.6-8.3M6.8 7v4.5M9.2 7v4.5"/></svg></button>`
        : nothing}</div>`;
  }

  render() {
    const shown = this.entries || [];
    const starts = [];
    for (let i = 0; i < shown.length; i += CHUNK) starts.push(i);
    // An empty list is no list (a role=list needs its items): then just the note.
    return html`<div class="chips" role=${shown.length ? 'list' : 'none'} aria-label=${shown.length ? 'Serial numbers' : nothing}
      @click=${this._onClick}>
      ${shown.length
        ? repeat(starts, (start) => start, (start) => html`<div class="chunk" role="none">${repeat(
            shown.slice(start, start + CHUNK), (e) => e.key, (e) => this._chip(e))}</div>`)
        : html`<div class="empty-chips">${this.emptyText}</div>`}
    </div>`;
  }
}

customElements.define('st-serial-chips', StSerialChips);
