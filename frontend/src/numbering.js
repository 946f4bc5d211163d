// Numbering patterns of an item ("SN-{YYYY}-{#####}"), read in the browser for the live example
// beside the field (the server keeps the counter and has the final word on the pattern):
// literal text, the date parts {YYYY} {YY} {MM} {DD} (the day the number is generated) and one
// counter {#…}, zero-padded to as many digits as it has #.
// Pure functions, no DOM.
import { checkFormat } from './serials.js';

const TOKEN = /\{([^{}]*)\}/g;
const DATE_PARTS = new Set(['YYYY', 'YY', 'MM', 'DD']);
const MAX_COUNTER_WIDTH = 12;
const MAX_PATTERN = 64;

const pad = (n, width) => String(n).padStart(width, '0');

/**
 * The number a pattern gives for a counter value on a date: {number} or {error}.
 * An empty pattern is {number: ''} (no pattern).
 */
export function applyPattern(pattern, { counter = 1, date = new Date() } = {}) {
  const text = String(pattern ?? '').trim();
  if (!text) return { number: '' };
  let counters = 0;
  let bad = null;
  const number = text.replace(TOKEN, (whole, name) => {
    if (/^#+$/.test(name)) {
      counters += 1;
      if (name.length > MAX_COUNTER_WIDTH) bad ??= `A counter of ${name.length} digits`;
      return pad(counter, name.length);
    }
    if (DATE_PARTS.has(name)) {
      if (name === 'YYYY') return String(date.getFullYear());
      if (name === 'YY') return pad(date.getFullYear() % 100, 2);
      if (name === 'MM') return pad(date.getMonth() + 1, 2);
      return pad(date.getDate(), 2);
    }
    bad ??= whole;
    return whole;
  });
  if (bad?.startsWith('A counter')) return { error: `${bad}: at most ${MAX_COUNTER_WIDTH}.` };
  if (bad) return { error: `${bad} is not a part of a pattern: use {YYYY}, {YY}, {MM}, {DD} or {#####}.` };
  if (text.length > MAX_PATTERN) return { error: `${text.length} characters: a pattern has at most ${MAX_PATTERN}.` };
  if (/[{}]/.test(number)) return { error: 'A brace without its partner: parts are written {YYYY} or {#####}.' };
  if (counters !== 1) {
    return { error: counters ? 'Only one counter {#…} per pattern.' : 'Add a counter, e.g. {#####} (five digits, zero-padded).' };
  }
  const format = checkFormat(number);
  if (format) return { error: `It gives “${number}”: ${format.message.toLowerCase()}.` };
  return { number };
}

/** The live example under a pattern field: "e.g. SN-2026-00001, SN-2026-00002" or the problem. */
export function describePattern(pattern, { date = new Date() } = {}) {
  const first = applyPattern(pattern, { counter: 1, date });
  if (first.error) return { error: first.error };
  if (!first.number) return { example: '' };
  const second = applyPattern(pattern, { counter: 2, date });
  return { example: `e.g. ${first.number}, ${second.number}, …` };
}

/** The numbering pattern field of an item's forms (st-catalog-form-dialog's field shape). */
export function patternField(value = '', { placeholder, hint } = {}) {
  return {
    key: 'numberingPattern', label: 'Numbering pattern', value: value || '', optional: true, mono: true,
    placeholder: placeholder || 'SN-{YYYY}-{#####}',
    hint: hint || 'For “Generate” in the serial number dialog: text, {YYYY} {YY} {MM} {DD} and a counter {#####}. Empty: none.',
    live: (text) => {
      const { example, error } = describePattern(text);
      return error ? { text: error, bad: true } : example ? { text: example, bad: false } : null;
    },
  };
}
