// Small display and export helpers shared by the screens.

const pad = (n) => String(n).padStart(2, '0');

/** "2026-11-26" in the user's time zone, or "" for null. */
export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2026-11-26 14:05" in the user's time zone. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Start of a local day ("2026-11-26") as an ISO instant; end=true gives the last millisecond. */
export function dayToIso(day, { end = false } = {}) {
  if (!day) return null;
  const [y, m, d] = day.split('-').map(Number);
  const date = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return date.toISOString();
}

/** Quantities arrive as Decimal strings ("5", "2.500"); show them without trailing zeros. */
export function formatQuantity(value) {
  if (value == null) return '';
  const s = String(value);
  if (!s.includes('.')) return s;
  return s.replace(/\.?0+$/, '');
}

export const labels = {
  kind: { PURCHASE: 'PO', OUTSOURCED: 'OPO' },
  kindLong: { PURCHASE: 'Purchase order', OUTSOURCED: 'Outsourced purchase order' },
  orderStatus: { NOT_RECEIVED: 'Not received', PARTIALLY_RECEIVED: 'Partially received', RECEIVED: 'Received' },
  rowStatus: { NOT_RECEIVED: 'Not received', RECEIVED: 'Received' },
  serialStatus: { EXPECTED: 'Expected', IN_STOCK: 'In stock', RESERVED: 'Reserved', SHIPPED: 'Shipped' },
  salesStatus: { NOT_SHIPPED: 'Not shipped', DELIVERED: 'Delivered' },
  eventKind: {
    ASSIGNED: 'Assigned', RECEIVED: 'Received', REMOVED: 'Removed', RECEIPT_REVERTED: 'Receipt reverted',
    IMPORTED: 'Imported', RESERVED: 'Reserved', RELEASED: 'Released', SHIPPED: 'Shipped',
    DELIVERY_REVERTED: 'Delivery reverted',
  },
};

export const statusColor = {
  NOT_RECEIVED: 'grey', PARTIALLY_RECEIVED: 'amber', RECEIVED: 'green',
  EXPECTED: 'grey', IN_STOCK: 'green', RESERVED: 'blue', SHIPPED: 'purple',
  NOT_SHIPPED: 'amber', DELIVERED: 'green',
};

/** "Motor — red" from a variant, or its SKU when it has no name. */
export function itemName(variant) {
  const product = variant?.product?.name;
  const name = variant?.name;
  if (product && name && name !== product) return `${product} — ${name}`;
  return product || name || variant?.sku || '';
}

/** One CSV cell: quoted when needed, and neutralised against spreadsheet formula injection. */
export function csvCell(value) {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function toCsv(header, rows) {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Offer text as a file download (Blob + temporary link). */
export function downloadText(filename, text, type = 'text/csv;charset=utf-8') {
  const blob = new Blob(['\ufeff', text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A list's size as the server counted it: "1,234", or "10,000+" when the count stopped at its
 * cap (`totalCountIsExact` false). */
export function totalLabel(count, exact = true) {
  const text = Number(count || 0).toLocaleString('en-US');
  return exact === false ? `${text}+` : text;
}
