// A screen's live subscription as a Lit reactive controller (see live.js): `start()` follows
// `query` with `variables()` (again when they change: an order page shown for another order)
// and resolves once the starting cursor is known — the screen reads its data after that, so
// nothing that commits in between is missed; `onData(data)` gets each message; after a lost
// connection is back, `onReconnect()` (the screen refetches). Stopped when the screen goes.
import { onReconnect, subscribe } from './live.js';

export class LiveFollow {
  constructor(host, { query, variables, onData, onReconnect: refetch }) {
    this.host = host;
    this.query = query;
    this.variables = variables;
    this.onData = onData;
    this.refetch = refetch;
    this._subscription = null;
    this._unlisten = null;
    host.addController(this);
  }

  /** (Re)starts following; resolves when the screen may read its data. */
  start() {
    this.stop();
    const variables = this.variables();
    if (!variables) return Promise.resolve();
    const subscription = subscribe(this.query, variables, (data) => {
      if (this._subscription === subscription) this.onData(data);
    });
    this._subscription = subscription;
    return subscription.ready;
  }

  stop() {
    this._subscription?.unsubscribe();
    this._subscription = null;
  }

  hostConnected() {
    this._unlisten = onReconnect(() => { if (this._subscription) this.refetch?.(); });
  }

  hostDisconnected() {
    this._unlisten?.();
    this._unlisten = null;
    this.stop();
  }
}
