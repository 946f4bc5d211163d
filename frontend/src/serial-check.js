// The debounced server check of a serial number dialog's new entries (checkSerialNumbers for a
// PO row, checkPickSerialNumbers for an SO row). It never blocks typing: entries are checked in
// the background, each normalised number once per dialog, at most MAX_PER_INPUT per request,
// and what the server refuses lands in `conflicts` (normalised number -> {id, where, issue?}),
// which validateEntries() turns into the chips' reasons.
import { errorMessage } from './api.js';
import { MAX_PER_INPUT, checkFormat, normalise } from './serials.js';

export class SerialCheck {
  /**
   * entries: () => the dialog's entries ({number, saved}).
   * request: async (numbers) => [{index, conflict}] — index into `numbers`.
   * onResult: (problem) => void — after each answer: '' or a readable reason the check failed.
   */
  constructor({ entries, request, onResult, delay = 300 }) {
    this.entries = entries;
    this.request = request;
    this.onResult = onResult;
    this.delay = delay;
    this.conflicts = new Map();
    this._checked = new Set();
    this._timer = null;
    this._seq = 0;
    this._running = false;
  }

  schedule() {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._run(), this.delay);
  }

  /** Check every new entry again (another user saved numbers meanwhile): what the server no
   * longer refuses loses its mark, what it refuses now gets one. */
  recheck() {
    this._checked.clear();
    this._seq += 1;   // an answer on its way was asked before the change
    this._running = false;
    this.schedule();
  }

  /** Stop: a pending timer is dropped and an answer on its way is ignored. */
  cancel() {
    clearTimeout(this._timer);
    this._seq += 1;
  }

  async _run() {
    if (this._running) {
      this.schedule();
      return;
    }
    const pending = [];
    const keys = new Set();
    for (const entry of this.entries()) {
      if (entry.saved || checkFormat(entry.number)) continue;
      const key = normalise(entry.number);
      if (this._checked.has(key) || keys.has(key)) continue;
      keys.add(key);
      pending.push(entry.number);
      if (pending.length >= MAX_PER_INPUT) break;
    }
    if (!pending.length) return;
    this._running = true;
    const seq = ++this._seq;
    let problem = '';
    try {
      const found = await this.request(pending);
      if (seq !== this._seq) return;
      for (const number of pending) {
        this._checked.add(normalise(number));
        this.conflicts.delete(normalise(number));
      }
      for (const { index, conflict } of found) {
        const number = pending[index];
        if (number != null) this.conflicts.set(normalise(number), conflict);
      }
    } catch (err) {
      if (seq !== this._seq) return;
      problem = `Could not check against existing numbers: ${errorMessage(err)}`;
    } finally {
      this._running = false;
    }
    this.onResult(problem);
    if (!problem && pending.length >= MAX_PER_INPUT) this.schedule();
  }
}
