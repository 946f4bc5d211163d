// The connection indicator in the header: whether colleagues' changes arrive live (live.js).
// Text, not only colour: "Live", "Connecting…", "Reconnecting…", "Offline"; a polite status
// region, so a screen reader hears when the connection is lost and back. It sits under the
// app's name in the header, so it takes no room from the bar at any width.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { connection } from '../live.js';

const LABELS = {
  live: ['Live', 'Changes made by others show here as they happen.'],
  connecting: ['Connecting…', 'Connecting for live updates.'],
  reconnecting: ['Reconnecting…', 'The live connection was lost; trying again. Screens catch up once it is back.'],
  offline: ['Offline', 'No live updates: the server cannot be reached (still trying). Screens catch up once it is back.'],
};

export class StLiveIndicator extends LitElement {
  static properties = {
    _state: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .live { display: inline-flex; align-items: center; gap: 5px; font-size: 11.5px; line-height: 14px; color: #cbd5e1;
        white-space: nowrap; }
      .dot { width: 7px; height: 7px; border-radius: 50%; background: #94a3b8; flex: none; }
      .live.live-state .dot { background: #4ade80; }
      .live.connecting .dot, .live.reconnecting .dot { background: #fbbf24; animation: pulse 1.2s ease-in-out infinite; }
      .live.offline { color: #fecaca; }
      .live.offline .dot { background: transparent; border: 1.5px solid #f87171; width: 5px; height: 5px; }
      @keyframes pulse { 50% { opacity: .35; } }
      @media (prefers-reduced-motion: reduce) { .dot { animation: none !important; } }
    `,
  ];

  constructor() {
    super();
    this._state = connection.state;
  }

  connectedCallback() {
    super.connectedCallback();
    this._unlisten = connection.listen((state) => { this._state = state; });
  }

  disconnectedCallback() {
    this._unlisten?.();
    super.disconnectedCallback();
  }

  render() {
    const [label, explanation] = LABELS[this._state] || LABELS.offline;
    const cls = this._state === 'live' ? 'live-state' : this._state;
    return html`<span class="live ${cls}" role="status" title=${explanation} data-state=${this._state}
      ><span class="dot" aria-hidden="true"></span><span class="visually-hidden">Live updates: </span>${label}</span>`;
  }
}

customElements.define('st-live-indicator', StLiveIndicator);
