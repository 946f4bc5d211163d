// The debounced server check of a serial number dialog's new entries (checkSerialNumbers for a
// PO row, checkPickSerialNumbers for an SO row). It never blocks typing: entries are checked in
// the background, each normalised number once per dialog, at most MAX_PER_INPUT per request,
// and what the server refuses lands in `conflicts` (normalised number -> {id, where, issue?}),
// which validateEntries() turns into the chips' reasons. The request runs as a @lit/task Task
// of the dialog (as page.js's Loader does): a check started again (another user saved numbers
// meanwhile) or dropped (the dialog closes) aborts the one on its way (its signal), `checking`
// and `render()` give its status.
import { Task, TaskStatus } from '@lit/task';
import { errorMessage } from './api.js';
import { MAX_PER_INPUT, checkFormat, normalise } from './serials.js';

export class SerialCheck {
  /**
   * host: the dialog (a LitElement: re-rendered as the check's status changes).
   * entries: () => the dialog's entries ({number, saved}).
   * request: async (numbers, signal) => [{index, conflict}] — index into `numbers`.
   * onResult: (problem) => void — after each answer: '' or a readable reason the check failed.
   */
  constructor(host, { entries, request, onResult, delay = 300 }) {
    this.entries = entries;
    this.request = request;
    this.onResult = onResult;
    this.delay = delay;
    this.conflicts = new Map();
    this._checked = new Set();
    this._timer = null;
    this._seq = 0;
    this.task = new Task(host, {
      autoRun: false,
      task: async ([numbers], { signal }) => {
        const found = await this.request(numbers, signal);
        signal.throwIfAborted();
        return found;
      },
    });
  }

  /** A check on its way. */
  get checking() {
    return this.task.status === TaskStatus.PENDING;
  }

  /** The check's state drawn with `renderers` ({pending, complete, error}; see Task.render). */
  render(renderers) {
    return this.task.render(renderers);
  }

  schedule() {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._run(), this.delay);
  }

  /** Check every new entry again (another user saved numbers meanwhile): what the server no
   * longer refuses loses its mark, what it refuses now gets one. */
  recheck() {
    this._checked.clear();
    this._drop();   // an answer on its way was asked before the change
    this.schedule();
  }

  /** Stop: a pending timer is dropped and a check on its way aborted. */
  cancel() {
    clearTimeout(this._timer);
    this._drop();
  }

  _drop() {
    this._seq += 1;
    if (this.checking) this.task.abort();
  }

  async _run() {
    if (this.checking) {
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
    const seq = ++this._seq;
    await this.task.run([pending]);
    if (seq !== this._seq) return;   // dropped or started again meanwhile
    let problem = '';
    if (this.task.status === TaskStatus.ERROR) {
      problem = `Could not check against existing numbers: ${errorMessage(this.task.error)}`;
    } else {
      for (const number of pending) {
        this._checked.add(normalise(number));
        this.conflicts.delete(normalise(number));
      }
      for (const { index, conflict } of this.task.value) {
        const number = pending[index];
        if (number != null) this.conflicts.set(normalise(number), conflict);
      }
    }
    this.onResult(problem);
    if (!problem && pending.length >= MAX_PER_INPUT) this.schedule();
  }
}
