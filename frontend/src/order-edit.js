// What the order forms and the order pages share when they change orders: today's date, a
// chosen day turned into the instant the server is sent, the browser's check of a quantity
// (the server checks again and has the final word), a payload's errors sorted by the field
// they name, and the searches behind the supplier, customer and item pickers.
import { gql } from './api.js';
import { formatDate, itemName } from './format.js';

const pad = (n) => String(n).padStart(2, '0');

/** Today in the user's time zone, "2026-11-26". */
export function todayDay() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The later of two days ("" / null ignored). */
export function laterDay(a, b) {
  if (!a) return b || '';
  if (!b) return a;
  return a > b ? a : b;
}

/** `day` moved by `days` (e.g. -1: the day before), "2026-11-25". */
export function addDays(day, days) {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y, m - 1, d + days, 12);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The business time to send for a chosen day: null for today (the server takes now); for
 * another day local noon, moved to the latest of `notBefore` (ISO instants, e.g. the order's
 * orderedAt) that falls later on that same day, so that a receipt on the order's own day is
 * not refused as earlier than the order.
 */
export function instantForDay(day, notBefore = []) {
  if (!day || day === todayDay()) return null;
  const [y, m, d] = day.split('-').map(Number);
  let stamp = new Date(y, m - 1, d, 12, 0, 0, 0);
  for (const iso of notBefore) {
    if (!iso) continue;
    const earliest = new Date(iso);
    if (formatDate(iso) === day && earliest > stamp) stamp = earliest;
  }
  return stamp.toISOString();
}

/**
 * The browser's check of a typed quantity: {value} (the Decimal string to send) or {error}.
 * Whole numbers for serial-tracked items; a comma is read as the decimal point.
 */
export function checkQuantity(raw, { tracked = false, max = null } = {}) {
  const text = String(raw ?? '').trim().replace(',', '.');
  if (!text) return { error: 'Enter a quantity.' };
  if (!/^\d+(\.\d+)?$/.test(text)) return { error: 'Enter a number, e.g. 2 or 1.5.' };
  const value = Number(text);
  if (tracked && !Number.isInteger(value)) return { error: 'Whole numbers only for serial-tracked items.' };
  if (!(value > 0)) return { error: 'Must be more than 0.' };
  if ((text.split('.')[1] || '').length > 3) return { error: 'At most 3 decimals.' };
  if (max != null && value > max) return { error: `At most ${max}.` };
  return { value: text };
}

/**
 * A payload's errors by where they belong: `at(field, index)` gives the messages of one field
 * (and list position), `rest(fields)` those of no field in `fields`, for the form as a whole.
 */
export function fieldErrors(errors = []) {
  const list = errors.map((e) => (typeof e === 'string' ? { message: e, field: null, index: null } : e));
  return {
    list,
    at(field, index = null) {
      return list.filter((e) => e.field === field && (index == null || e.index === index)).map((e) => e.message);
    },
    rest(fields) {
      return list.filter((e) => !e.field || !fields.includes(e.field)).map((e) => e.message);
    },
  };
}

// ---- searches of the pickers (st-search-select `source`) -------------------------------------

const SUPPLIERS = `query PickSupplier($search: String, $first: Int) {
  suppliers(search: $search, first: $first) { edges { node { id name } } } }`;
const CUSTOMERS = `query PickCustomer($search: String, $first: Int) {
  customers(search: $search, first: $first) { edges { node { id name } } } }`;
const VARIANTS = `query PickVariant($search: String, $first: Int) {
  variants(search: $search, first: $first) {
    edges { node { id sku name product { id name serialTracked } } } } }`;

const SHOWN = 8;

export const contactOption = (node) => ({ id: node.id, label: node.name, primary: node.name, data: node });

export const variantOption = (variant) => ({
  id: variant.id,
  label: `${variant.sku} · ${itemName(variant)}`,
  primary: variant.sku,
  secondary: itemName(variant),
  tag: variant.product?.serialTracked ? 'serial numbers' : '',
  data: variant,
});

export async function searchSuppliers(text, signal) {
  const data = await gql(SUPPLIERS, { search: text || null, first: SHOWN }, { signal });
  return data.suppliers.edges.map((e) => contactOption(e.node));
}

export async function searchCustomers(text, signal) {
  const data = await gql(CUSTOMERS, { search: text || null, first: SHOWN }, { signal });
  return data.customers.edges.map((e) => contactOption(e.node));
}

export async function searchVariants(text, signal) {
  const data = await gql(VARIANTS, { search: text || null, first: SHOWN }, { signal });
  return data.variants.edges.map((e) => variantOption(e.node));
}
