// node --test frontend/test — the serial number rules the dialogs check while the user types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PER_INPUT, checkFormat, isBlock, normalise, splitPastedText, validateEntries } from '../src/serials.js';

let key = 0;
const saved = (number) => ({ key: key++, id: `id-${number}`, number, saved: true, issue: null, serverIssue: null });
const fresh = (number) => ({ key: key++, id: null, number, saved: false, issue: null, serverIssue: null });
const codes = (entries) => entries.map((e) => e.issue?.code ?? null);

test('format rules', () => {
  assert.equal(checkFormat('SN-1 /_,.'), null);
  assert.equal(checkFormat('').code, 'EMPTY');
  assert.equal(checkFormat('X'.repeat(33)).code, 'TOO_LONG');
  assert.match(checkFormat('BAD#3').message, /Invalid characters: “#”/);
  assert.equal(normalise(' Sn-1 '), 'sn-1');
  assert.equal(isBlock('a\tb'), true);
  assert.equal(isBlock('ab'), false);
  assert.deepEqual(splitPastedText('a\tb\r\n\nc'), ['a', 'b', 'c']);
});

test('a duplicate names the entry it repeats; a repeat of a saved number says so', () => {
  const entries = [saved('SN-0001'), fresh('SN-0002'), fresh('SN-0004'), fresh('sn-0004'), fresh('sn-0001'), fresh('SN-0004')];
  const summary = validateEntries(entries, { quantity: 10 });
  assert.deepEqual(codes(entries), [null, null, null, 'DUPLICATE_IN_INPUT', 'DUPLICATE_IN_INPUT', 'DUPLICATE_IN_INPUT']);
  assert.equal(entries[3].issue.message, 'Repeats entry 3 (SN-0004)');
  assert.equal(entries[4].issue.message, 'Already saved on this row');
  assert.equal(entries[5].issue.message, 'Repeats entry 3 (SN-0004)');
  assert.deepEqual(summary, { assigned: 6, savedCount: 1, newCount: 5, valid: 3, problems: 3 });
  validateEntries(entries, { quantity: 10, savedRepeat: 'Already picked on this row' });
  assert.equal(entries[4].issue.message, 'Already picked on this row');
});

test('the valid entries fill the row; the counter counts only those', () => {
  const entries = [saved('A-1'), fresh('A-2'), fresh('BAD#'), fresh('A-3'), fresh('A-4')];
  const summary = validateEntries(entries, { quantity: 3 });
  assert.deepEqual(codes(entries), [null, null, 'INVALID_CHARACTERS', null, 'EXCEEDS_QUANTITY']);
  assert.equal(entries[4].issue.message, 'More than the row quantity (3)');
  assert.equal(summary.valid, 3);
  assert.equal(summary.problems, 2);
});

test('over 1000 new ones: the 1001st valid one is flagged, invalid ones do not count toward the cap', () => {
  const entries = [fresh('BAD#'), ...Array.from({ length: MAX_PER_INPUT + 1 }, (_, i) => fresh(`N-${i}`))];
  const summary = validateEntries(entries, { quantity: 5000 });
  assert.equal(entries[0].issue.code, 'INVALID_CHARACTERS');
  assert.equal(entries[MAX_PER_INPUT].issue, null, 'the 1000th valid one fits');
  const last = entries[MAX_PER_INPUT + 1];
  assert.equal(last.issue.code, 'TOO_MANY_AT_ONCE');
  assert.match(last.issue.message, /1000/);
  assert.equal(summary.valid, MAX_PER_INPUT);
  assert.equal(summary.problems, 2);
  // Removing the flagged ones leaves exactly the valid ones, all without problems.
  const kept = entries.filter((e) => !e.issue);
  const after = validateEntries(kept, { quantity: 5000 });
  assert.equal(after.problems, 0);
  assert.equal(after.valid, MAX_PER_INPUT);
});

test('conflicts from the server, unless the conflicting number was binned here; server marks last', () => {
  const entries = [fresh('X-1'), fresh('X-2'), fresh('X-3')];
  const conflicts = new Map([['x-1', { id: '7', where: 'PO-3' }], ['x-2', { id: '8', where: 'PO-4' }]]);
  entries[2].serverIssue = { code: 'SOMETHING', message: 'Refused' };
  validateEntries(entries, { quantity: 5, conflicts, removedIds: new Set(['8']) });
  assert.equal(entries[0].issue.message, 'Already on PO-3');
  assert.equal(entries[1].issue, null);
  assert.equal(entries[2].issue.message, 'Refused');
});

test('1000 entries validate quickly', () => {
  const entries = Array.from({ length: 1000 }, (_, i) => fresh(`Q-${i}`));
  const t0 = performance.now();
  validateEntries(entries, { quantity: 1000 });
  assert.ok(performance.now() - t0 < 50);
});
