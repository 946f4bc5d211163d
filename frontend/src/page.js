// Shared bits of the screens that load data: latest-wins loading into the host's `_loading` /
// `_error` state, and the load error with its Retry button.
import { html } from 'lit';
import { errorMessage } from './api.js';

/**
 * Runs `fetch()` for `host` and hands its data to `apply`, unless a later load started
 * meanwhile. Keeps `host._loading` and `host._error` (the error message, '' when none).
 */
export async function loadLatest(host, fetch, apply) {
  host._seq = (host._seq || 0) + 1;
  const seq = host._seq;
  host._loading = true;
  host._error = '';
  try {
    const data = await fetch();
    if (seq !== host._seq) return;
    apply(data);
  } catch (err) {
    if (seq === host._seq) host._error = errorMessage(err);
  } finally {
    if (seq === host._seq) host._loading = false;
  }
}

/** "<message>: <host's error>" with a Retry button that loads again. */
export function retryAlert(message, host) {
  return html`<p class="alert" role="alert">${message}: ${host._error}
    <button class="small" @click=${() => host._load()}>Retry</button></p>`;
}

/** A document screen before its document is there: the back link, then the error or "Loading…". */
export function notLoaded(host, back, { failed, loading }) {
  return html`${back}
    ${host._error ? retryAlert(failed, host) : html`<div class="card loading">${loading}</div>`}`;
}

/** The host's `_notice` (what the last action did) with a button that dismisses it. */
export function dismissableNotice(host) {
  return host._notice ? html`<div class="notice" role="status">${host._notice}
    <button class="small icon" aria-label="Dismiss" @click=${() => { host._notice = ''; }}>✕</button></div>` : '';
}
