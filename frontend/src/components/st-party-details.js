// A supplier's or customer's contact details (contact person, email as mailto:, phone as tel:,
// address) with Edit: a dialog of the name and the details that sends only what changed (an
// emptied field is cleared) and shows the server's refusal under the field it names.
//
// @fires st-saved - detail: {party} (the saved supplier or customer, with its details)
import { LitElement, html, css } from 'lit';
import { shared, pageHead } from '../styles.js';
import {
  PARTIES, emailLink, orEmpty, partyFields, partyInput, partyMutation, phoneLink, sections, submitDialog,
} from '../catalog.js';
import './st-catalog-form-dialog.js';

export class StPartyDetails extends LitElement {
  static properties = {
    kind: { type: String },       // 'supplier' | 'customer'
    party: { attribute: false },  // {id, name, contactPerson, email, phone, address}
    _editing: { state: true },    // {busy, errors} while the dialog is open
  };

  static styles = [
    shared,
    pageHead,
    sections,
    css`
      :host { display: block; }
      dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px 24px; margin: 0; padding: 12px; }
      dt { font-size: 12px; color: var(--st-muted); margin-bottom: 2px; }
      dd { margin: 0; overflow-wrap: anywhere; }
      dd.address { white-space: pre-line; }
    `,
  ];

  constructor() {
    super();
    this.kind = 'supplier';
    this.party = null;
    this._editing = null;
  }

  async _save(event) {
    const input = partyInput(this.kind, event.detail.values, this.party);
    if (Object.keys(input).length === 1) {   // nothing changed
      this._editing = null;
      return;
    }
    const { query, field } = partyMutation(this.kind, 'update');
    const payload = await submitDialog(this, '_editing', query, field, input);
    if (!payload) return;
    this._editing = null;
    this.dispatchEvent(new CustomEvent('st-saved', {
      detail: { party: payload[this.kind] }, bubbles: true, composed: true,
    }));
  }

  render() {
    const party = this.party;
    if (!party) return '';
    const p = PARTIES[this.kind];
    return html`
      <section class="card details" aria-labelledby="details-heading">
        <div class="section-head">
          <h2 id="details-heading">Contact details</h2>
          <div class="section-actions">
            <button type="button" class="small edit" aria-haspopup="dialog" @click=${() => { this._editing = { busy: false, errors: [] }; }}
              aria-label="Edit the ${p.noun}'s details">Edit</button>
          </div>
        </div>
        <dl>
          <div><dt>Contact person</dt><dd class="contact-person">${orEmpty(party.contactPerson)}</dd></div>
          <div><dt>Email</dt><dd class="email">${emailLink(party.email)}</dd></div>
          <div><dt>Phone</dt><dd class="phone">${phoneLink(party.phone)}</dd></div>
          <div><dt>Address</dt><dd class="address">${orEmpty(party.address)}</dd></div>
        </dl>
      </section>
      ${this._editing
        ? html`<st-catalog-form-dialog .heading=${`Edit ${party.name}`} .confirmLabel=${'Save'}
            .intro=${'An emptied field is cleared.'}
            .fields=${partyFields(party)} ?busy=${this._editing.busy} .errors=${this._editing.errors}
            @st-submit=${this._save} @st-cancel=${() => { this._editing = null; }}></st-catalog-form-dialog>`
        : ''}
    `;
  }
}

customElements.define('st-party-details', StPartyDetails);
