// node --test frontend/test — live.js: the backoff, the cursor a message carries, the states the
// indicator shows, and (against a fake WebSocket server) one socket for every subscription, the
// resubscription after a lost connection from the last cursor, and the refetch it asks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const sockets = [];

class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  constructor(url, protocol) {
    this.url = url;
    this.protocol = protocol;
    this.readyState = FakeWebSocket.CONNECTING;
    this.sent = [];
    sockets.push(this);
    setTimeout(() => {
      this.readyState = FakeWebSocket.OPEN;
      this.onopen?.({});
    }, 0);
  }

  send(text) {
    const message = JSON.parse(text);
    this.sent.push(message);
    if (message.type === 'connection_init') this.receive({ type: 'connection_ack' });
    if (message.type === 'ping') this.receive({ type: 'pong' });
  }

  receive(message) {
    setTimeout(() => this.onmessage?.({ data: JSON.stringify(message) }), 0);
  }

  /** The server side going away (code 1006: abnormal, worth a retry). */
  drop() {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code: 1006, reason: '', wasClean: false });
  }

  close(code = 1000, reason = '') {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.readyState = FakeWebSocket.CLOSED;
    setTimeout(() => this.onclose?.({ code, reason, wasClean: true }), 0);
  }

  subscriptions() {
    return this.sent.filter((m) => m.type === 'subscribe');
  }
}

globalThis.WebSocket = FakeWebSocket;
globalThis.window = {
  location: { protocol: 'http:', host: 'app.test', hash: '' }, history: { state: null, replaceState() {} },
  addEventListener() {}, dispatchEvent() {},
};
globalThis.fetch = async () => ({
  ok: true, status: 200, json: async () => ({ data: { changeFeedEnd: 'START' } }),
});

const live = await import('../src/live.js');

async function until(check, what) {
  for (let i = 0; i < 400; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`waited in vain for ${what}`);
}

test('backoff: half a second doubling up to 30 s, jitter takes at most half off', () => {
  assert.equal(live.backoff(0, () => 0), 500);
  assert.equal(live.backoff(1, () => 0), 1000);
  assert.equal(live.backoff(3, () => 0), 4000);
  assert.equal(live.backoff(20, () => 0), 30_000);
  assert.equal(live.backoff(0, () => 0.999), 250);
  assert.ok(live.backoff(100, Math.random) <= 30_000);
});

test('cursorOf: the cursor of a message, from its change or itself', () => {
  assert.equal(live.cursorOf({ purchaseOrderChanged: { change: { cursor: 'c1' }, purchaseOrder: {} } }), 'c1');
  assert.equal(live.cursorOf({ orderListChanged: { cursor: 'c2', kind: 'SALES_ORDER_CHANGED' } }), 'c2');
  assert.equal(live.cursorOf({ purchaseOrderChanged: null }), null);
  assert.equal(live.cursorOf(null), null);
});

test('nextState: Live when connected, Reconnecting after a loss, Offline after failed tries or without network', () => {
  assert.equal(live.nextState('connecting', 'connected'), 'live');
  assert.equal(live.nextState('live', 'closed', { failures: 1 }), 'reconnecting');
  assert.equal(live.nextState('reconnecting', 'connecting', { failures: 1 }), 'reconnecting');
  assert.equal(live.nextState('reconnecting', 'closed', { failures: live.OFFLINE_AFTER }), 'offline');
  assert.equal(live.nextState('live', 'closed', { failures: 1, online: false }), 'offline');
  assert.equal(live.nextState('offline', 'connecting', { failures: 1 }), 'reconnecting');
  assert.equal(live.nextState('connecting', 'closed', { failures: 1 }), 'connecting');
  assert.equal(live.nextState('live', 'signed-out'), 'offline');
});

test('one socket for all subscriptions; after a lost connection they resubscribe from their last cursor and screens refetch', async () => {
  const states = [];
  const unlisten = live.connection.listen((state) => states.push(state));
  let reconnects = 0;
  const stopListening = live.onReconnect(() => { reconnects += 1; });
  live.startLive({ username: 'anna' });
  const got = [];
  const order = live.subscribe('subscription O($id: ID!, $after: String) { purchaseOrderChanged(id: $id, after: $after) { change { cursor } } }',
    { id: 'PO1' }, (data) => got.push(data));
  const list = live.subscribe('subscription L($after: String) { orderListChanged(after: $after) { cursor } }', {}, () => {});
  await order.ready;
  await list.ready;
  await until(() => sockets.length === 1 && sockets[0].subscriptions().length === 2, 'two subscriptions on one socket');
  const [socket] = sockets;
  assert.equal(socket.url, 'ws://app.test/graphql');
  assert.equal(socket.protocol, 'graphql-transport-ws');
  assert.equal(live.connection.state, 'live');
  const [first] = socket.subscriptions();
  assert.equal(first.payload.variables.after, 'START');   // from the feed's end, read before the screen's data
  assert.equal(first.payload.variables.id, 'PO1');

  socket.receive({ id: first.id, type: 'next', payload: { data: { purchaseOrderChanged: { change: { cursor: 'C7' } } } } });
  await until(() => got.length === 1, 'the first message');
  socket.drop();
  assert.equal(live.connection.state, 'reconnecting');
  await until(() => sockets.length === 2 && sockets[1].subscriptions().length === 2, 'the resubscription');
  const again = sockets[1].subscriptions().find((m) => m.payload.variables.id === 'PO1');
  assert.equal(again.payload.variables.after, 'C7');   // the last cursor: the server replays what came after
  const other = sockets[1].subscriptions().find((m) => !m.payload.variables.id);
  assert.equal(other.payload.variables.after, 'START');
  await until(() => live.connection.state === 'live', 'Live again');
  assert.equal(reconnects, 1);
  assert.deepEqual(states.slice(0, 4), ['offline', 'connecting', 'live', 'reconnecting']);

  order.unsubscribe();
  assert.ok(sockets[1].sent.some((m) => m.type === 'complete' && m.id === again.id));
  list.unsubscribe();
  live.stopLive();
  assert.equal(live.connection.state, 'offline');
  unlisten();
  stopListening();
});
