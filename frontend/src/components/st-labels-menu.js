// "Labels": a button that opens the list of label formats, each a link to the server's label
// download for what `params` names (a PO row, a whole PO, a sales order, or the stock screen's
// filter — the same parameters as the stock CSV export): one label per unit with the serial
// number as Code 128 and as a QR code, the number in text, the SKU and the item's name.
// PDF sheets (A4, US Letter) and single labels for roll printers (62×29 mm, 4×6 in), to print,
// and ZPL for Zebra printers; each downloads (the server names the file). A disclosure (button + list of links), not an
// ARIA menu: Tab walks the links, Escape or a click elsewhere closes it.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';

export const LABEL_FORMATS = [
  { kind: 'pdf', format: 'a4', label: 'PDF, A4 sheet' },
  { kind: 'pdf', format: 'letter', label: 'PDF, US Letter sheet' },
  { kind: 'pdf', format: '62x29', label: 'PDF, 62 × 29 mm roll' },
  { kind: 'pdf', format: '4x6', label: 'PDF, 4 × 6 in roll' },
  { kind: 'zpl', format: '62x29', label: 'ZPL (Zebra), 62 × 29 mm' },
  { kind: 'zpl', format: '4x6', label: 'ZPL (Zebra), 4 × 6 in' },
];

/** The download URL of labels for `params` ({purchaseOrderRow: id} …) in one format. */
export function labelsHref(kind, format, params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, value);
  }
  search.set('format', format);
  return `/downloads/labels.${kind}?${search}`;
}

let counter = 0;

export class StLabelsMenu extends LitElement {
  static properties = {
    params: { attribute: false },   // the download's query parameters
    text: { type: String },         // the button's text
    description: { type: String },  // what the labels are for (the button's accessible name)
    disabled: { type: Boolean },
    small: { type: Boolean },
    _open: { state: true },
    _alignLeft: { state: true },   // the list opens to the right when the button sits near the left edge
  };

  static styles = [
    shared,
    css`
      :host { display: inline-block; position: relative; }
      button.toggle { min-height: 44px; white-space: nowrap; }
      /* In a table row on a desktop (a mouse), as small as the row's other buttons; 44 px to a finger. */
      @media (pointer: fine) and (min-width: 700px) { :host([small]) button.toggle { min-height: 0; } }
      .caret { font-size: 10px; margin-left: 2px; }
      ul {
        position: absolute; z-index: 20; right: 0; top: calc(100% + 4px); min-width: 230px; max-width: calc(100vw - 24px);
        margin: 0; padding: 4px; list-style: none; background: #fff; border: 1px solid var(--st-border);
        border-radius: var(--st-radius); box-shadow: 0 6px 20px rgba(15, 23, 42, .16);
      }
      ul.left { right: auto; left: 0; }
      li a { display: flex; align-items: center; min-height: 44px; padding: 0 12px; border-radius: 4px;
        color: var(--st-fg); text-decoration: none; white-space: nowrap; font-size: 14px; }
      li a:hover, li a:focus-visible { background: #eef2fb; text-decoration: none; }
      li.sep { border-top: 1px solid #eceef1; margin-top: 4px; padding-top: 4px; }
    `,
  ];

  constructor() {
    super();
    this.params = {};
    this.text = 'Labels';
    this.description = '';
    this.disabled = false;
    this.small = false;
    this._open = false;
    this._alignLeft = false;
    this._uid = `labels${++counter}`;
    this._onDocumentClick = (event) => {
      if (this._open && !event.composedPath().includes(this)) this._open = false;
    };
  }

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener('click', this._onDocumentClick);
  }

  disconnectedCallback() {
    document.removeEventListener('click', this._onDocumentClick);
    super.disconnectedCallback();
  }

  async _toggle() {
    this._alignLeft = this.getBoundingClientRect().right < 260;
    this._open = !this._open;
    if (this._open) {
      await this.updateComplete;
      this.renderRoot.querySelector('li a')?.focus();
    }
  }

  _onKeyDown(event) {
    if (event.key === 'Escape' && this._open) {
      event.preventDefault();
      event.stopPropagation();
      this._open = false;
      this.renderRoot.querySelector('button.toggle')?.focus();
    }
  }

  _onFocusOut(event) {
    if (this._open && event.relatedTarget && !event.composedPath().includes(event.relatedTarget)
        && !this.renderRoot.contains(event.relatedTarget)) {
      this._open = false;
    }
  }

  render() {
    const name = this.description ? `${this.text}: ${this.description}` : this.text;
    return html`<div @keydown=${this._onKeyDown} @focusout=${this._onFocusOut}>
      <button type="button" class="toggle ${this.small ? 'small' : ''}" aria-expanded=${this._open ? 'true' : 'false'}
        aria-controls="${this._uid}-list" aria-label=${name} title=${name}
        ?disabled=${this.disabled} @click=${this._toggle}>${this.text}<span class="caret" aria-hidden="true">▾</span></button>
      ${this._open ? html`<ul id="${this._uid}-list" class=${this._alignLeft ? 'left' : ''} data-testid="labels-list">
        ${LABEL_FORMATS.map((f, i) => html`
          <li class=${i > 0 && f.kind !== LABEL_FORMATS[i - 1].kind ? 'sep' : ''}><a class="label-link" data-kind=${f.kind} data-format=${f.format}
            href=${labelsHref(f.kind, f.format, this.params)} download
            @click=${() => { this._open = false; }}>${f.label}</a></li>`)}
      </ul>` : ''}
    </div>`;
  }
}

customElements.define('st-labels-menu', StLabelsMenu);
