// Hash routing (#/purchase-orders, #/import, #/sales-orders/<id>, #/trace/<sku>/<number>, …), so the
// server needs no fallback. Filters live in the hash query (#/stock?status=IN_STOCK) so a view
// can be bookmarked and shared.

export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, queryString = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const query = Object.fromEntries(new URLSearchParams(queryString));
  const [section] = parts;
  if (section === 'purchase-orders') {
    if (parts.length === 1) return { name: 'orders', query };
    if (parts.length === 2 && parts[1] === 'new') return { name: 'new-order', query };
    if (parts.length === 2) return { name: 'order', id: parts[1], query };
    if (parts.length === 3 && parts[2] === 'recall') return { name: 'recall', id: parts[1], query };
    if (parts.length === 3 && parts[2] === 'receive-scan') return { name: 'scan-receive', id: parts[1], query };
  }
  if (section === 'sales-orders') {
    if (parts.length === 1) return { name: 'sales-orders', query };
    if (parts.length === 2 && parts[1] === 'new') return { name: 'new-sales-order', query };
    if (parts.length === 2) return { name: 'sales-order', id: parts[1], query };
  }
  if (section === 'trace' && parts.length === 3) {
    return { name: 'trace', sku: parts[1], number: parts[2], query };
  }
  if (section === 'stock' && parts.length === 1) return { name: 'stock', query };
  for (const [plural, one] of [['items', 'item'], ['suppliers', 'supplier'], ['customers', 'customer']]) {
    if (section === plural && parts.length === 1) return { name: plural, query };
    if (section === plural && parts.length === 2) return { name: one, id: parts[1], query };
  }
  if (section === 'import' && parts.length === 1) return { name: 'import', query };
  if (section === 'admin' && parts.length === 1) return { name: 'admin', query };
  if (section === 'admin' && parts.length === 2 && parts[1] === 'webhooks') return { name: 'webhooks', query };
  return { name: parts.length ? 'not-found' : 'home', query };
}

const enc = encodeURIComponent;

export function orderHref(id) {
  return `#/purchase-orders/${enc(id)}`;
}

export function recallHref(id) {
  return `#/purchase-orders/${enc(id)}/recall`;
}

/** "Receive by scanning" of a purchase order. */
export function scanReceiveHref(id) {
  return `#/purchase-orders/${enc(id)}/receive-scan`;
}

export function salesOrderHref(id) {
  return `#/sales-orders/${enc(id)}`;
}

export const IMPORT_HREF = '#/import';
export const NEW_ORDER_HREF = '#/purchase-orders/new';
export const NEW_SALES_ORDER_HREF = '#/sales-orders/new';

export function itemHref(productId) {
  return `#/items/${enc(productId)}`;
}

export function supplierHref(id) {
  return `#/suppliers/${enc(id)}`;
}

export function customerHref(id) {
  return `#/customers/${enc(id)}`;
}

/** The stock screen with filters set, e.g. {sku: 'SRV-1', status: 'IN_STOCK'}. */
export function stockHref(filters = {}) {
  const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  return `#/stock${qs ? `?${qs}` : ''}`;
}

/** Every route the app has, with an example path: the accessibility test walks them. */
export const ROUTE_EXAMPLES = [
  'purchase-orders', 'purchase-orders/new', 'purchase-orders/:order', 'purchase-orders/:order/recall',
  'purchase-orders/:order/receive-scan',
  'sales-orders', 'sales-orders/new', 'sales-orders/:salesOrder', 'stock', 'trace/:sku/:number',
  'items', 'items/:product', 'suppliers', 'suppliers/:supplier', 'customers', 'customers/:customer',
  'import', 'admin', 'admin/webhooks',
];

/** The trace view of one serial number of one SKU. */
export function traceHref(sku, number) {
  return `#/trace/${enc(sku)}/${enc(number)}`;
}

/** A list screen filtered by a search text (used where only a document's number is known). */
export function searchHref(path, search) {
  return `#${path}?${new URLSearchParams({ search })}`;
}

/** Store a view's filter state in the hash without adding a history entry or re-routing. */
export function replaceQuery(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, value);
  }
  const qs = search.toString();
  const url = `${window.location.pathname}${window.location.search}#${path}${qs ? `?${qs}` : ''}`;
  window.history.replaceState(window.history.state, '', url);
}
