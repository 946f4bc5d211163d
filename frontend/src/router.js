// Hash routing (#/purchase-orders, #/purchase-orders/<id>, #/stock), so the server needs no fallback.
// Filters live in the hash query (#/stock?status=IN_STOCK) so a view can be bookmarked and shared.

export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, queryString = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const query = Object.fromEntries(new URLSearchParams(queryString));
  if (parts[0] === 'purchase-orders' && parts.length === 2) {
    return { name: 'order', id: parts[1], query };
  }
  if (parts[0] === 'purchase-orders' && parts.length === 1) return { name: 'orders', query };
  if (parts[0] === 'stock') return { name: 'stock', query };
  return { name: parts.length ? 'not-found' : 'home', query };
}

export function orderHref(id) {
  return `#/purchase-orders/${encodeURIComponent(id)}`;
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
