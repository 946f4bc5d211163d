// Shared bits of the screens that load data: their loading state (a Loader on @lit/task), the
// load error with its Retry button, and the notice of the last action.
import { html } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { errorMessage } from './api.js';

/**
 * A screen's loading state, kept by a @lit/task Task on `host` (which it re-renders): `run(fetch,
 * apply)` calls `fetch(signal)` and hands its data to `apply`; a run started meanwhile aborts
 * this one (its signal), and only the latest applies its data. `loading` and `error` (the
 * message, '' when none) say where it is; `retry()` runs the last load again. `apply` may throw
 * (e.g. "does not exist") to end in the error state.
 */
export class Loader {
  constructor(host) {
    this._last = null;
    this.task = new Task(host, {
      autoRun: false,
      task: async ([fetch, apply], { signal }) => {
        const data = await fetch(signal);
        signal.throwIfAborted();
        apply(data);
        return data;
      },
    });
  }

  /** Loads; resolves when this run is over (whatever its outcome: see `error`). */
  run(fetch, apply) {
    this._last = [fetch, apply];
    return this.task.run(this._last);
  }

  retry() {
    return this._last ? this.task.run(this._last) : Promise.resolve();
  }

  get loading() {
    return this.task.status === TaskStatus.PENDING;
  }

  get error() {
    return this.task.status === TaskStatus.ERROR ? errorMessage(this.task.error) : '';
  }
}

/** "<message>: <the loader's error>" with a Retry button that runs the load again. */
export function retryAlert(message, loader) {
  return html`<p class="alert" role="alert">${message}: ${loader.error}
    <button class="small" @click=${() => loader.retry()}>Retry</button></p>`;
}

/** A document screen before its document is there: the back link, then the error or "Loading…". */
export function notLoaded(loader, back, { failed, loading }) {
  return html`${back}
    ${loader.error ? retryAlert(failed, loader) : html`<div class="card loading">${loading}</div>`}`;
}

/** The host's `_notice` (what the last action did) with a button that dismisses it. */
export function dismissableNotice(host) {
  return host._notice ? html`<div class="notice" role="status">${host._notice}
    <button class="small icon" aria-label="Dismiss" @click=${() => { host._notice = ''; }}>✕</button></div>` : '';
}

/** How many rows of a document a screen shows at first, and how many more each "Show more" adds. */
export const ROWS_STEP = 50;

// The rows shown of the document `id` on `host`: {id, limit, total}, kept in host._shownRows.
function rowLimit(host, id, total) {
  let shown = host._shownRows;
  if (!shown || shown.id !== id) shown = { id, limit: ROWS_STEP, total };
  // Every row was in view and rows were added (below): keep showing them all.
  if (total > shown.total && shown.total <= shown.limit) shown = { ...shown, limit: Math.max(shown.limit, total) };
  host._shownRows = { ...shown, total };
  return host._shownRows.limit;
}

/**
 * The first rows of a long document (200 rows stay quick to open and to scroll on a phone):
 * `ROWS_STEP` at first, more with the button of `moreRows`.
 */
export function shownRows(host, id, rows) {
  return rows.slice(0, rowLimit(host, id, rows.length));
}

/** "50 of 200 rows shown · Show 50 more · Show all", when not every row is shown. */
export function moreRows(host, id, rows) {
  const limit = rowLimit(host, id, rows.length);
  if (rows.length <= limit) return '';
  const show = (next) => { host._shownRows = { ...host._shownRows, limit: next }; host.requestUpdate(); };
  return html`<div class="more-rows" data-testid="more-rows">
    <span class="muted">${limit} of ${rows.length} rows shown</span>
    <button type="button" class="small show-more" @click=${() => show(limit + ROWS_STEP)}>
      Show ${Math.min(ROWS_STEP, rows.length - limit)} more</button>
    <button type="button" class="small link show-all" @click=${() => show(rows.length)}>Show all</button>
  </div>`;
}
