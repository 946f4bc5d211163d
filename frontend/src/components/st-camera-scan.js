// The camera as a barcode scanner: the back camera's picture (getUserMedia), read a few times a
// second (barcode-reader.js: BarcodeDetector, else ZXing in WebAssembly); each code that comes
// into view is reported once. The camera is released when the element goes.
// @fires st-scan - {text} a code came into view
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { createReader, SightingFilter } from '../barcode-reader.js';

const EVERY_MS = 200;   // between two reads of the picture

export class StCameraScan extends LitElement {
  static properties = {
    _state: { state: true },   // 'starting' | 'scanning' | 'failed'
    _message: { state: true },
    _reader: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; margin: 0 0 12px; }
      .frame { position: relative; max-width: 480px; border-radius: 10px; overflow: hidden; background: #111827; }
      video { display: block; width: 100%; height: auto; }
      .aim { position: absolute; inset: 18% 10%; border: 3px solid rgba(255, 255, 255, .85); border-radius: 8px; pointer-events: none; }
      .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 6px; font-size: 13px; }
      .status { flex: 1; color: #374151; }
      .status.failed { color: var(--st-danger); }
    `,
  ];

  constructor() {
    super();
    this._state = 'starting';
    this._message = 'Starting the camera…';
    this._reader = null;
    this._stream = null;
    this._timer = null;
    this._canvas = null;
    this._filter = new SightingFilter();
    this._stopped = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this._stopped = false;
    this._start();
  }

  disconnectedCallback() {
    this._stop();
    super.disconnectedCallback();
  }

  async _start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      this._fail('This browser offers no camera here (a camera needs HTTPS or localhost). Use a barcode scanner or type the number.');
      return;
    }
    try {
      const [stream, reader] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false }),
        createReader(),
      ]);
      if (this._stopped) {
        stream.getTracks().forEach((t) => t.stop());
        return;
      }
      this._stream = stream;
      this._reader = reader;
      await this.updateComplete;
      const video = this.renderRoot.querySelector('video');
      video.srcObject = stream;
      await video.play();
      this._state = 'scanning';
      this._message = 'Hold a label’s barcode or QR code in the frame.';
      this._tick();
    } catch (err) {
      const denied = err?.name === 'NotAllowedError';
      const none = err?.name === 'NotFoundError' || err?.name === 'OverconstrainedError';
      this._fail(denied ? 'The camera is not allowed for this site: allow it in the browser, or use a scanner.'
        : none ? 'No camera found. Use a barcode scanner or type the number.'
          : `The camera could not start: ${err?.message || err}.`);
    }
  }

  _fail(message) {
    this._stop();
    this._state = 'failed';
    this._message = message;
  }

  _stop() {
    this._stopped = true;
    clearTimeout(this._timer);
    this._timer = null;
    this._stream?.getTracks().forEach((t) => t.stop());
    this._stream = null;
  }

  _tick() {
    if (this._stopped) return;
    this._timer = setTimeout(async () => {
      try {
        await this._read();
      } catch {
        // one unreadable frame is no reason to stop
      }
      this._tick();
    }, EVERY_MS);
  }

  async _read() {
    const video = this.renderRoot.querySelector('video');
    if (!video || !video.videoWidth || !this._reader) return;
    if (!this._canvas) this._canvas = document.createElement('canvas');
    const canvas = this._canvas;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d', { willReadFrequently: true }).drawImage(video, 0, 0, canvas.width, canvas.height);
    const texts = await this._reader.read(canvas);
    for (const text of this._filter.take(texts, performance.now())) {
      this.dispatchEvent(new CustomEvent('st-scan', { detail: { text }, bubbles: true, composed: true }));
    }
  }

  render() {
    return html`
      ${this._state !== 'failed' ? html`<div class="frame">
        <video muted playsinline aria-label="Camera picture"></video><div class="aim"></div></div>` : ''}
      <div class="bar">
        <span class="status ${this._state === 'failed' ? 'failed' : ''}" role="status" data-testid="camera-status"
          data-reader=${this._reader?.name || ''}>${this._message}</span>
      </div>`;
  }
}

customElements.define('st-camera-scan', StCameraScan);
