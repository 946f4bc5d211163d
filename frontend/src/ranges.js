// Ranges of serial numbers typed in the text box, expanded in the browser for the preview (the
// server's expandSerialNumberRange reads them the same way):
//   SN-0001..SN-0100   from the first to the last number, both included;
//   SN-0001+99         the first number and the 99 after it (100 numbers).
// The counter is the last run of digits; the text around it must be the same at both ends (in
// any case) and is kept as the first number has it; the digits keep the first number's width (leading zeros), and grow past it when needed
// (8..12 gives 8, 9, 10, 11, 12). At most MAX_PER_INPUT numbers, like any input.
// Pure functions, no DOM.
import { MAX_PER_INPUT } from './serials.js';

export const RANGE_CAP = MAX_PER_INPUT;

const PLUS = /^(.*\d)\s*\+\s*(\d+)$/;
const DOTS = /^(.+?)\s*\.\.\s*(.+)$/;
const LAST_DIGITS = /^(.*?)(\d+)(\D*)$/;

/** Whether the text is meant as a range (then parseRange gives its numbers or why not). */
export function looksLikeRange(text) {
  const t = String(text ?? '').trim();
  if (PLUS.test(t)) return true;
  const m = DOTS.exec(t);
  return Boolean(m && /\d/.test(m[1]) && /\d/.test(m[2]));
}

function split(number) {
  const m = LAST_DIGITS.exec(number);
  return m ? { prefix: m[1], digits: m[2], suffix: m[3] } : null;
}

function numbersOf({ prefix, digits, suffix }, count) {
  const width = digits.length;
  const start = BigInt(digits);
  const out = new Array(count);
  for (let i = 0; i < count; i += 1) {
    out[i] = `${prefix}${(start + BigInt(i)).toString().padStart(width, '0')}${suffix}`;
  }
  return out;
}

/**
 * Read a range. Returns null when the text is not a range (a plain number), else
 * {numbers, first, last, count} or {error} (a sentence saying what is wrong).
 */
export function parseRange(text) {
  const t = String(text ?? '').trim();
  if (!looksLikeRange(t)) return null;
  const plus = PLUS.exec(t);
  let from;
  let count;
  if (plus) {
    from = split(plus[1].trim());
    const more = BigInt(plus[2]);
    if (more + 1n > BigInt(RANGE_CAP)) {
      return { error: `“${t}” holds ${(more + 1n).toString()} numbers: at most ${RANGE_CAP} at once.` };
    }
    count = Number(more) + 1;
  } else {
    const [, a, b] = DOTS.exec(t);
    from = split(a);
    const to = split(b);
    if (!to || to.prefix.toLowerCase() !== from.prefix.toLowerCase() || to.suffix.toLowerCase() !== from.suffix.toLowerCase()) {
      return { error: `“${t}”: both ends must differ only in their last digits (e.g. ${a}..${from.prefix}${'9'.repeat(from.digits.length)}${from.suffix}).` };
    }
    const start = BigInt(from.digits);
    const end = BigInt(to.digits);
    if (end < start) return { error: `“${t}”: the last number comes before the first.` };
    const n = end - start + 1n;
    if (n > BigInt(RANGE_CAP)) return { error: `“${t}” holds ${n.toString()} numbers: at most ${RANGE_CAP} at once.` };
    count = Number(n);
  }
  const numbers = numbersOf(from, count);
  return { numbers, first: numbers[0], last: numbers[numbers.length - 1], count };
}

/** The first and last few numbers of a long list for a preview: ['SN-1', 'SN-2', '…', 'SN-9']. */
export function previewNumbers(numbers, { head = 3, tail = 2 } = {}) {
  if (numbers.length <= head + tail + 1) return [...numbers];
  return [...numbers.slice(0, head), '…', ...numbers.slice(-tail)];
}
