// Live updates: ONE WebSocket per tab to /graphql (graphql-transport-ws, the `graphql-ws`
// client), shared by every screen's subscriptions; see docs/design.md, "Live updates".
// - `subscribe(query, variables, onData)` follows a subscription and returns
//   {ready, unsubscribe}. Before it subscribes it reads `changeFeedEnd`; `ready` resolves once
//   that cursor is known, and a screen reads what it shows only after it: whatever commits in
//   between arrives as a message, so nothing is missed. Each message's cursor (`change.cursor`
//   or `cursor`) is kept, and a reconnect resubscribes with it (`after`): the server replays
//   what came meanwhile.
// - `onReconnect(fn)`: after a lost connection is back, `fn()` runs (screens refetch: the
//   fallback if a replay was not enough, e.g. the server's feed was trimmed).
// - `connection` is a small store: `connection.state` is 'connecting', 'live', 'reconnecting'
//   or 'offline' (no network, signed out, or several tries failed; it keeps trying);
//   `connection.listen(fn)` calls fn(state) now and on each change, and returns the unlisten.
// - `startLive(user)` / `stopLive()`: the app shell opens the socket once somebody is signed
//   in (the session cookie authenticates it) and closes it on sign-out.
// Reconnecting waits with exponential backoff and jitter (`backoff`), at once when the browser
// says it is online again; a socket closed for authentication (4401, 4403) waits for the next
// sign-in (`st-signed-in`).
import { createClient } from 'graphql-ws';
import { gql } from './api.js';

/** Milliseconds before retry number `retries` (0, 1, …): 0.5 s doubling up to 30 s, with
 * jitter (`random()` in [0, 1)) taking up to a half off, so tabs don't all come back at once. */
export function backoff(retries, random = Math.random) {
  const full = Math.min(30_000, 500 * 2 ** Math.min(retries, 16));
  return Math.round(full * (1 - random() / 2));
}

/** The feed cursor a subscription message carries: its first field's `change.cursor` or
 * `cursor` (null when there is none). */
export function cursorOf(data) {
  if (!data || typeof data !== 'object') return null;
  for (const value of Object.values(data)) {
    if (value && typeof value === 'object') {
      const cursor = value.change?.cursor ?? value.cursor;
      if (typeof cursor === 'string' && cursor) return cursor;
    }
  }
  return null;
}

/** What the indicator shows: the state after an event, given how many tries have failed. */
export function nextState(state, event, { failures = 0, online = true } = {}) {
  switch (event) {
    case 'connected': return 'live';
    case 'closed':
    case 'connecting':
      if (!online || failures >= OFFLINE_AFTER) return 'offline';
      return state === 'live' || state === 'reconnecting' || state === 'offline' ? 'reconnecting' : 'connecting';
    case 'signed-out':
    case 'stopped':
      return 'offline';
    default:
      return state;
  }
}

// After this many failed tries in a row the indicator says Offline (it keeps trying).
export const OFFLINE_AFTER = 3;
// Close codes that mean "not signed in": no retry until the next sign-in.
const AUTH_CLOSED = new Set([4401, 4403]);

class ConnectionStore {
  constructor() {
    this.state = 'offline';
    this._listeners = new Set();
  }

  set(state) {
    if (state === this.state) return;
    this.state = state;
    for (const fn of [...this._listeners]) fn(state);
  }

  listen(fn) {
    this._listeners.add(fn);
    fn(this.state);
    return () => this._listeners.delete(fn);
  }
}

export const connection = new ConnectionStore();

let client = null;
let me = null;               // the signed-in user ({username, role}) the socket is for
let everConnected = false;   // a 'connected' after this one is a reconnect
let failures = 0;            // tries that failed since the last connection
let wake = null;             // ends the current backoff wait early (back online)
let generations = 0;         // which client is the current one
const handles = new Set();   // every subscription a screen holds
const reconnectListeners = new Set();

function online() {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

function waitToRetry(retries) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, backoff(retries));
    function done() {
      clearTimeout(timer);
      wake = null;
      resolve();
    }
    wake = done;
  });
}

function attach(handle) {
  if (!client || handle.dispose || handle.closed) return;
  const payload = handle.payload;
  handle.dispose = client.subscribe(payload, {
    next: (message) => {
      if (handle.closed) return;
      const data = message?.data;
      const cursor = cursorOf(data);
      // graphql-ws sends this same payload again when it resubscribes after a reconnect:
      // from the last message on, the server replays only what came later.
      if (cursor) payload.variables = { ...payload.variables, after: cursor };
      if (data) handle.onData(data);
    },
    error: (error) => {
      handle.dispose = null;
      if (AUTH_CLOSED.has(error?.code)) connection.set(nextState(connection.state, 'signed-out'));
      // Otherwise (a GraphQL error, e.g. the order is gone) this subscription ends; the screen
      // still shows what it read.
    },
    complete: () => { handle.dispose = null; },
  });
}

function createLiveClient() {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  // The events of a client that was stopped (its closing, say) change nothing any more.
  const generation = ++generations;
  const current = () => generation === generations;
  const signedOut = () => connection.set(nextState(connection.state, 'signed-out'));
  return createClient({
    url: `${scheme}://${window.location.host}/graphql`,
    lazy: false,
    keepAlive: 15_000,               // a ping every 15 s: a dead connection is noticed
    connectionAckWaitTimeout: 15_000,
    retryAttempts: Infinity,
    retryWait: (retries) => waitToRetry(retries),
    shouldRetry: (event) => !AUTH_CLOSED.has(event?.code),
    onNonLazyError: (error) => {
      if (current() && AUTH_CLOSED.has(error?.code)) signedOut();
    },
    on: {
      connecting: () => {
        if (current()) connection.set(nextState(connection.state, 'connecting', { failures, online: online() }));
      },
      connected: () => {
        if (!current()) return;
        failures = 0;
        connection.set('live');
        if (everConnected) for (const fn of [...reconnectListeners]) fn();
        everConnected = true;
      },
      closed: (event) => {
        if (!current()) return;
        if (AUTH_CLOSED.has(event?.code)) {
          signedOut();
          return;
        }
        failures += 1;
        connection.set(nextState(connection.state, 'closed', { failures, online: online() }));
      },
    },
  });
}

/** Opens the tab's socket for `user` (again after a sign-in); subscriptions held resume. */
export function startLive(user) {
  if (client && me?.username === user?.username) return;
  stopLive();
  me = user;
  failures = 0;
  connection.set('connecting');
  client = createLiveClient();
  for (const handle of handles) attach(handle);
}

/** Closes the socket (signed out); subscriptions held wait for the next start. */
export function stopLive() {
  if (!client) return;
  const old = client;
  client = null;
  generations += 1;
  for (const handle of handles) {
    const dispose = handle.dispose;
    handle.dispose = null;
    dispose?.();
  }
  old.dispose();
  connection.set('offline');
}

/** The user the socket is for (to tell one's own changes from a colleague's). */
export function liveUser() {
  return me;
}

let feedEnd = null;   // one changeFeedEnd request for subscriptions started together

function changeFeedEnd() {
  if (!feedEnd) {
    feedEnd = gql('query ChangeFeedEnd { changeFeedEnd }')
      .then((data) => data.changeFeedEnd)
      .finally(() => { feedEnd = null; });
  }
  return feedEnd;
}

/**
 * Follows the subscription `query` with `variables`; `onData(data)` gets each message's data.
 * Returns {ready, unsubscribe}: `ready` resolves once the starting cursor is known (read the
 * screen's data after it); without the cursor (the request failed) it subscribes from now.
 */
export function subscribe(query, variables, onData) {
  const handle = { payload: { query, variables: { ...variables } }, onData, dispose: null, closed: false };
  handles.add(handle);
  const ready = changeFeedEnd()
    .then((after) => { handle.payload.variables = { ...handle.payload.variables, after }; })
    .catch(() => {})
    .then(() => attach(handle));
  return {
    ready,
    unsubscribe() {
      handle.closed = true;
      handles.delete(handle);
      const dispose = handle.dispose;
      handle.dispose = null;
      dispose?.();
    },
  };
}

/** `fn()` after each reconnect (a screen refetches); returns the unlisten. */
export function onReconnect(fn) {
  reconnectListeners.add(fn);
  return () => reconnectListeners.delete(fn);
}

if (typeof window !== 'undefined') {
  // Back online: try now rather than at the end of the backoff.
  window.addEventListener('online', () => wake?.());
  window.addEventListener('offline', () => {
    if (connection.state !== 'live') connection.set('offline');
  });
  // Signed in again after the session ended: the socket comes back with the new session.
  window.addEventListener('st-signed-in', (event) => {
    const user = event.detail?.user ?? me;
    if (user) {
      me = null;
      startLive(user);
    }
  });
}
