// node --test frontend/test — the paste parser of the serial number dialogs (no DOM needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analysePaste, columnLabel, describeChoice, forgetChoice, guessColumn, isLabelCell, looksLikeHeader,
  needsQuestion, pickCells, previewLines, recalledChoice, rememberChoice, splitLines,
} from '../src/paste.js';

/** A sessionStorage stand-in. */
function memoryStorage() {
  const map = new Map();
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => map.set(k, String(v)),
    removeItem: (k) => map.delete(k),
  };
}

test('splitLines: rows by CRLF, LF and CR, cells by tab, trimmed, empty lines and trailing cells dropped', () => {
  assert.deepEqual(splitLines('A-1\tB-1\r\n\r\n  A-2 \t\t\n\t  \rA-3'), [['A-1', 'B-1'], ['A-2'], ['A-3']]);
  assert.deepEqual(splitLines('\tX-1\n'), [['', 'X-1']], 'an inner empty cell keeps the column');
  assert.deepEqual(splitLines(''), []);
});

test('a single column without a header goes straight in', () => {
  const a = analysePaste('SN-1\nSN-2\r\nSN-3\n');
  assert.equal(a.multiColumn, false);
  assert.equal(a.header, false);
  assert.equal(needsQuestion(a), false);
  assert.deepEqual(pickCells(a), ['SN-1', 'SN-2', 'SN-3']);
});

test('a header row and two columns: recognised, and only the chosen column is taken', () => {
  const text = 'Serial number\tSKU\r\nSN-0001\tSRV-1\r\nSN-0002\tSRV-1\r\nSN-0003\tSRV-1\r\n';
  const a = analysePaste(text);
  assert.equal(a.multiColumn, true);
  assert.equal(a.header, true);
  assert.equal(a.columns, 2);
  assert.equal(needsQuestion(a), true);
  assert.equal(guessColumn(a, { sku: 'SRV-1' }), 0);
  assert.deepEqual(pickCells(a, { column: 0, skipHeader: true }), ['SN-0001', 'SN-0002', 'SN-0003']);
  assert.deepEqual(pickCells(a, { column: 1, skipHeader: true }), ['SRV-1', 'SRV-1', 'SRV-1']);
  assert.deepEqual(pickCells(a, { column: 0, skipHeader: false })[0], 'Serial number');
  assert.equal(columnLabel(a, 0), 'Column 1 “Serial number”');
  assert.equal(describeChoice(a, { column: 0, skipHeader: true }), 'column 1 “Serial number”, header row skipped');
  assert.equal(previewLines(a, 2).length, 3, 'the header and two lines');
});

test('the numbers column is guessed from the header, or from distinct valid cells, or away from the SKU', () => {
  const byHeader = analysePaste('SKU\tS/N\nSRV-1\tA-1\nSRV-1\tA-2\n');
  assert.equal(guessColumn(byHeader), 1);
  const byCells = analysePaste('SRV-1\tA-1\nSRV-1\tA-2\nSRV-1\tA-3\n');
  assert.equal(byCells.header, false);
  assert.equal(byCells.multiColumn, true);
  assert.equal(guessColumn(byCells, { sku: 'srv-1' }), 1);
  const withJunk = analysePaste('Motor, red #2\tM-1\nMotor, red #2\tM-2\n');
  assert.equal(guessColumn(withJunk), 1);
});

test('header detection: label words, or a first line unlike the lines below', () => {
  assert.equal(isLabelCell('Serial number'), true);
  assert.equal(isLabelCell('S/N'), true);
  assert.equal(isLabelCell('SN-0004'), false, 'a number with digits is no label');
  assert.equal(isLabelCell('ALPHA'), false);
  assert.equal(looksLikeHeader(splitLines('Seriennummer\nA-1\nA-2\n')), true);
  assert.equal(looksLikeHeader(splitLines('Numéros de série:\nA-1\nA-2\n')), true, 'invalid characters above valid numbers');
  assert.equal(looksLikeHeader(splitLines('Gerät\nA-1\nA-2\nA-3\n')), true, 'no digits above numbers with digits');
  assert.equal(looksLikeHeader(splitLines('A-1\nA-2\nA-3\n')), false);
  assert.equal(looksLikeHeader(splitLines('ALPHA\nBRAVO\nCHARLIE\n')), false);
  assert.equal(looksLikeHeader(splitLines('Serial number\n')), false, 'one line is no header of anything');
  const single = analysePaste('Serial number\r\nA-1\r\nA-2\r\n');
  assert.equal(single.multiColumn, false);
  assert.equal(needsQuestion(single), true, 'a header alone is asked about too');
  assert.deepEqual(pickCells(single, { column: 0, skipHeader: true }), ['A-1', 'A-2']);
});

test('a grid of numbers is several columns: "all" takes every cell row by row', () => {
  const a = analysePaste('A-1\tA-2\nA-3\tA-4\nA-5\n');
  assert.equal(a.multiColumn, true);
  assert.equal(a.header, false);
  assert.deepEqual(pickCells(a, { column: 'all' }), ['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
  assert.deepEqual(pickCells(a, { column: 1 }), ['A-2', 'A-4'], 'a short line has nothing in column 2');
});

test('a stray tab on one line of many is not a multi-column block', () => {
  const a = analysePaste('A-1\nA-2\nA-3\tnote\nA-4\n');
  assert.equal(a.multiColumn, false);
  assert.equal(needsQuestion(a), false);
});

test('a choice is remembered per shape for the session, and can be forgotten', () => {
  const storage = memoryStorage();
  const first = analysePaste('Serial number\tSKU\nSN-1\tSRV-1\nSN-2\tSRV-1\n');
  assert.equal(recalledChoice(first, storage), null);
  rememberChoice(first, { column: 0, skipHeader: true }, storage);
  const again = analysePaste('serial number\tsku\r\nSN-7\tSRV-1\r\nSN-8\tSRV-1\r\nSN-9\tSRV-1\r\n');
  assert.equal(again.shape, first.shape, 'the same header in another case and more lines: same shape');
  assert.deepEqual(recalledChoice(again, storage), { column: 0, skipHeader: true });
  const other = analysePaste('SKU\tSerial number\nSRV-1\tSN-1\nSRV-1\tSN-2\n');
  assert.equal(recalledChoice(other, storage), null, 'other columns: asked again');
  forgetChoice(again, storage);
  assert.equal(recalledChoice(first, storage), null);
  storage.setItem('st-paste-choices', 'not json');
  assert.equal(recalledChoice(first, storage), null, 'a broken store is ignored');
  rememberChoice(first, { column: 5, skipHeader: true }, storage);
  assert.equal(recalledChoice(first, storage), null, 'a column the block does not have is ignored');
});

test('1000 lines of two columns are analysed quickly', () => {
  const text = ['Serial number\tSKU', ...Array.from({ length: 1000 }, (_, i) => `SN-${i}\tSRV-1`)].join('\r\n');
  const t0 = performance.now();
  const a = analysePaste(text);
  const cells = pickCells(a, { column: guessColumn(a), skipHeader: true });
  const ms = performance.now() - t0;
  assert.equal(cells.length, 1000);
  assert.ok(ms < 100, `took ${ms} ms`);
});
