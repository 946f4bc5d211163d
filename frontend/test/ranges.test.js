// node --test — ranges typed in the serial number box, and the numbering pattern's example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RANGE_CAP, looksLikeRange, parseRange, previewNumbers } from '../src/ranges.js';
import { applyPattern, describePattern } from '../src/numbering.js';

test('a plain number is not a range', () => {
  for (const text of ['SN-0001', 'SN.1', 'A..B', '1.2.3', '']) {
    assert.equal(parseRange(text), null, text);
    assert.equal(looksLikeRange(text), false, text);
  }
});

test('first..last, both included, keeping the width', () => {
  const r = parseRange('SN-0001..SN-0100');
  assert.equal(r.count, 100);
  assert.equal(r.numbers[0], 'SN-0001');
  assert.equal(r.numbers[9], 'SN-0010');
  assert.equal(r.last, 'SN-0100');
  assert.deepEqual(parseRange(' SN-0098 .. SN-0100 ').numbers, ['SN-0098', 'SN-0099', 'SN-0100']);
  assert.deepEqual(parseRange('8..12').numbers, ['8', '9', '10', '11', '12']);
  assert.deepEqual(parseRange('A7-009X..A7-011x').numbers, ['A7-009X', 'A7-010X', 'A7-011X']);
  assert.deepEqual(parseRange('SN-5..SN-5').numbers, ['SN-5']);
});

test('first+N gives N after the first', () => {
  const r = parseRange('SN-0001+99');
  assert.equal(r.count, 100);
  assert.equal(r.first, 'SN-0001');
  assert.equal(r.last, 'SN-0100');
  assert.deepEqual(parseRange('X-99+2').numbers, ['X-99', 'X-100', 'X-101']);
});

test('counters longer than a float keeps exact', () => {
  const r = parseRange('12345678901234567890..12345678901234567892');
  assert.deepEqual(r.numbers, ['12345678901234567890', '12345678901234567891', '12345678901234567892']);
});

test('ranges that cannot be read say why', () => {
  assert.match(parseRange('SN-0100..SN-0001').error, /comes before the first/);
  assert.match(parseRange('SN-0001..XY-0100').error, /differ only in their last digits/);
  assert.match(parseRange('SN-0001..0100').error, /differ only in their last digits/);
  assert.deepEqual(parseRange('SN-1+0').numbers, ['SN-1']);
});

test('capped like any input', () => {
  assert.equal(parseRange(`SN-1..SN-${RANGE_CAP}`).count, RANGE_CAP);
  assert.match(parseRange(`SN-1..SN-${RANGE_CAP + 1}`).error, /1001 numbers: at most 1000/);
  assert.equal(parseRange(`SN-1+${RANGE_CAP - 1}`).count, RANGE_CAP);
  assert.match(parseRange(`SN-1+${RANGE_CAP}`).error, /at most 1000/);
  assert.match(parseRange('SN-1+99999999999999999999').error, /at most 1000/);
});

test('preview keeps the ends of a long list', () => {
  assert.deepEqual(previewNumbers(['a', 'b', 'c']), ['a', 'b', 'c']);
  assert.deepEqual(previewNumbers(parseRange('1..10').numbers), ['1', '2', '3', '…', '9', '10']);
});

test('numbering pattern example', () => {
  const date = new Date(2026, 0, 5);
  assert.deepEqual(applyPattern('SN-{YYYY}-{#####}', { counter: 42, date }), { number: 'SN-2026-00042' });
  assert.deepEqual(applyPattern('{YY}{MM}{DD}-{###}', { counter: 7, date }), { number: '260105-007' });
  assert.deepEqual(applyPattern('{##}', { counter: 123, date }), { number: '123' });
  assert.deepEqual(applyPattern('', { date }), { number: '' });
  assert.equal(describePattern('SN-{#####}', { date }).example, 'e.g. SN-00001, SN-00002, …');
  assert.match(applyPattern('SN-{YYYY}', { date }).error, /Add a counter/);
  assert.match(applyPattern('{#}-{#}', { date }).error, /Only one counter/);
  assert.match(applyPattern('SN-{Q}-{#}', { date }).error, /\{Q\} is not a part/);
  assert.match(applyPattern('SN#{###}', { date }).error, /invalid characters/);
  assert.match(applyPattern('SN-{###', { date }).error, /brace/);
  assert.match(applyPattern(`${'X'.repeat(30)}{###}`, { date }).error, /too long/);
  assert.match(applyPattern(`X{${'#'.repeat(13)}}`, { date }).error, /counter of 13 digits: at most 12/);
  assert.match(applyPattern(`${'{YY}'.repeat(16)}{#}`, { date }).error, /at most 64/);
});

test('a code held in front of the camera counts once until it is out of sight', async () => {
  const { SightingFilter } = await import('../src/barcode-reader.js');
  const f = new SightingFilter(1000);
  assert.deepEqual(f.take(['A', 'A'], 0), ['A']);
  assert.deepEqual(f.take(['A'], 500), []);
  assert.deepEqual(f.take(['A', 'B'], 1200), ['B']);   // A was seen 700 ms ago, still in sight
  assert.deepEqual(f.take([], 2000), []);
  assert.deepEqual(f.take(['A'], 2300), ['A']);        // 1100 ms unseen: a new sighting
});
