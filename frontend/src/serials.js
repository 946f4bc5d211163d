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

/** "SN-1" quoted for a reason, shortened when long. */
function quoted(number) {
  return number.length > 24 ? `${number.slice(0, 23)}…` : number;
}

/**
 * Check every entry of a dialog in one pass and set `entry.issue` (null or {code, message}).
 * entries: saved ones first ({saved: true}), then new ones in input order (the order shown: a
 *   duplicate's reason names the entry it repeats by its position, 1-based, in this list).
 * quantity: what the row takes; the valid new entries fill it up, the rest are EXCEEDS_QUANTITY.
 * conflicts: Map normalised number -> {id, where, issue?} of numbers the server refuses: by default
 *   they already exist (ALREADY_EXISTS "Already on PO-3"); `issue` gives another reason (picking:
 *   not in stock, wrong SKU, unknown).
 * removedIds: Set of ids of saved numbers the user binned (a conflict with those is no conflict).
 * savedRepeat: the reason for a new entry that repeats a saved one.
 * At most MAX_PER_INPUT new entries can be saved at once: the valid ones beyond are TOO_MANY_AT_ONCE.
 * Returns {assigned, savedCount, newCount, valid, problems}: `valid` counts the saved entries
 * and the new ones without a problem (what the row would have after Done).
 */
export function validateEntries(entries, {
  quantity, conflicts = new Map(), removedIds = new Set(), savedRepeat = 'Already saved on this row',
}) {
  const seen = new Map();   // normalised number -> {position, number, saved}
  let savedCount = 0;
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i];
    if (!entry.saved) continue;
    savedCount += 1;
    entry.issue = null;
    const key = normalise(entry.number);
    if (!seen.has(key)) seen.set(key, { position: i + 1, number: entry.number, saved: true });
  }
  // Pass 1: each new entry on its own, against the others and against existing numbers.
  let newCount = 0;
  let sendable = 0;
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i];
    if (entry.saved) continue;
    newCount += 1;
    let issue = checkFormat(entry.number);
    if (!issue) {
      const key = normalise(entry.number);
      const first = seen.get(key);
      if (first) {
        issue = {
          code: 'DUPLICATE_IN_INPUT',
          message: first.saved ? savedRepeat : `Repeats entry ${first.position} (${quoted(first.number)})`,
        };
      } else {
        seen.set(key, { position: i + 1, number: entry.number, saved: false });
        const conflict = conflicts.get(key);
        if (conflict && !(conflict.id && removedIds.has(conflict.id))) {
          issue = conflict.issue || {
            code: 'ALREADY_EXISTS',
            message: conflict.where ? `Already on ${conflict.where}` : 'Already exists',
          };
        }
      }
    }
    if (!issue) {
      sendable += 1;
      if (sendable > MAX_PER_INPUT) {
        issue = { code: 'TOO_MANY_AT_ONCE', message: `Over ${MAX_PER_INPUT} in one save: add it after saving these` };
      }
    }
    entry.issue = issue;
  }
  // Pass 2: the valid ones fill the row up to its quantity; the rest are too many.
  let fits = quantity - savedCount;
  let problems = 0;
  let validNew = 0;
  for (const entry of entries) {
    if (entry.saved) continue;
    if (!entry.issue) {
      if (fits > 0) fits -= 1;
      else entry.issue = { code: 'EXCEEDS_QUANTITY', message: `More than the row quantity (${quantity})` };
    }
    if (!entry.issue && entry.serverIssue) entry.issue = entry.serverIssue;
    if (entry.issue) problems += 1;
    else validNew += 1;
  }
  return { assigned: savedCount + newCount, savedCount, newCount, valid: savedCount + validNew, problems };
}
