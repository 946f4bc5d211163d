// Serial-number rules as the app checks them while the user types (the server checks again).
// Pure functions, no DOM: easy to test and fast on 1000+ entries (one pass, O(n)).

export const MAX_LENGTH = 32;
export const MAX_PER_INPUT = 1000;
const ALLOWED = /^[A-Za-z0-9 _/,.-]*$/;
const NOT_ALLOWED_CHAR = /[^A-Za-z0-9 _/,.-]/g;

/** Split text copied from a spreadsheet: rows by CRLF/LF/CR, cells by tab; trimmed; empties dropped. */
export function splitPastedText(text) {
  if (!text) return [];
  const cells = text.split(/\r\n|\n|\r|\t/);
  const out = [];
  for (const cell of cells) {
    const trimmed = cell.trim();
    if (trimmed) out.push(trimmed);
  }
  return out;
}

/** Whether pasted text is a block (several cells) rather than a fragment to insert at the caret. */
export function isBlock(text) {
  return /[\r\n\t]/.test(text);
}

/** Comparison key: unique per variant, case-insensitive. */
export function normalise(number) {
  return number.trim().toLowerCase();
}

function describeChars(number) {
  const found = [...new Set(number.match(NOT_ALLOWED_CHAR) || [])];
  const shown = found.slice(0, 3).map((c) => {
    if (c === '\t') return 'tab';
    const code = c.codePointAt(0);
    if (code < 32 || code === 127) return `control U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `“${c}”`;
  });
  return shown.join(', ') + (found.length > 3 ? ', …' : '');
}

/** Format rules for one number (already trimmed). Returns null or {code, message}. */
export function checkFormat(number) {
  if (!number) return { code: 'EMPTY', message: 'Empty' };
  if (number.length > MAX_LENGTH) {
    return { code: 'TOO_LONG', message: `Too long: ${number.length} of max ${MAX_LENGTH} characters` };
  }
  if (!ALLOWED.test(number)) {
    return {
      code: 'INVALID_CHARACTERS',
      message: `Invalid characters: ${describeChars(number)}`,
    };
  }
  return null;
}

/**
 * Check every entry of a dialog in one pass and set `entry.issue` (null or {code, message}).
 * entries: saved ones first ({saved: true}), then new ones in input order.
 * conflicts: Map normalised number -> {id, where, issue?} of numbers the server refuses: by default
 *   they already exist (ALREADY_EXISTS "Already on PO-3"); `issue` gives another reason (picking:
 *   not in stock, wrong SKU, unknown).
 * removedIds: Set of ids of saved numbers the user binned (a conflict with those is no conflict).
 * Returns {assigned, newCount, problems}.
 */
export function validateEntries(entries, { quantity, conflicts = new Map(), removedIds = new Set() }) {
  const seen = new Set();
  let savedCount = 0;
  for (const entry of entries) {
    if (entry.saved) {
      savedCount += 1;
      seen.add(normalise(entry.number));
      entry.issue = null;
    }
  }
  // Pass 1: each new entry on its own, against the others and against existing numbers.
  let newIndex = 0;
  for (const entry of entries) {
    if (entry.saved) continue;
    const index = newIndex++;
    const key = normalise(entry.number);
    let issue = checkFormat(entry.number);
    if (!issue) {
      if (seen.has(key)) issue = { code: 'DUPLICATE_IN_INPUT', message: 'Duplicate in this list' };
      else seen.add(key);
    }
    if (!issue && index >= MAX_PER_INPUT) {
      issue = { code: 'TOO_MANY_AT_ONCE', message: `Over ${MAX_PER_INPUT} at once: save the first ${MAX_PER_INPUT}, then add the rest` };
    }
    if (!issue) {
      const conflict = conflicts.get(key);
      if (conflict && !(conflict.id && removedIds.has(conflict.id))) {
        issue = conflict.issue || {
          code: 'ALREADY_EXISTS',
          message: conflict.where ? `Already on ${conflict.where}` : 'Already exists',
        };
      }
    }
    entry.issue = issue;
  }
  // Pass 2: the valid ones fill the row up to its quantity; the rest are too many.
  let fits = quantity - savedCount;
  let problems = 0;
  for (const entry of entries) {
    if (entry.saved) continue;
    if (!entry.issue) {
      if (fits > 0) fits -= 1;
      else entry.issue = { code: 'EXCEEDS_QUANTITY', message: `More than the row quantity (${quantity})` };
    }
    if (!entry.issue && entry.serverIssue) entry.issue = entry.serverIssue;
    if (entry.issue) problems += 1;
  }
  return { assigned: savedCount + newIndex, savedCount, newCount: newIndex, problems };
}
