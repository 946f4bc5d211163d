// node --test frontend/test — how a list's count is shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalLabel } from '../src/format.js';

test('totalLabel: the count as it is, or with a + when it stopped at the cap', () => {
  assert.equal(totalLabel(7), '7');
  assert.equal(totalLabel(1234, true), '1,234');
  assert.equal(totalLabel(10000, false), '10,000+');
  assert.equal(totalLabel(0), '0');
  assert.equal(totalLabel(undefined), '0');
});
