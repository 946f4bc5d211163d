// The text box of the serial number dialogs: type or scan a number + Enter (or Add), or paste
// cells copied from a spreadsheet (a block becomes many entries at once; a single cell goes in
// the box at the caret). Synchronous on purpose: a scanner's keystrokes never wait for the
// network.
// A range (SN-0001..SN-0100, SN-0001+99; ranges.js) typed or pasted in the box shows what it
// expands to while it is typed; Enter adds all its numbers as one block (a range that can't be
// read says why and stays in the box).
// A pasted block with a header row or several columns (paste.js) is never taken as it is: a
// question shows its first lines and asks which column holds the numbers and whether to skip
// the header; the choice is remembered for the session (sessionStorage), so the next block of
// the same shape goes straight in, with a note saying what was taken and a "Change" button.
// @fires st-add - {numbers, block, pasteId} entries typed, scanned or pasted
// @fires st-paste-undo - {pasteId} take back the entries of that paste ("Change" reopens the question)
// @fires st-text-change - {value} the box's text as typed
// @fires st-arrow-down - ArrowDown in the box (the pick dialog moves to its results)
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { isBlock } from '../serials.js';
import { looksLikeRange, parseRange, previewNumbers } from '../ranges.js';
import {
  analysePaste, columnLabel, describeChoice, forgetChoice, guessColumn, needsQuestion, pickCells,
  previewLines, recalledChoice, rememberChoice,
} from '../paste.js';

let nextPasteId = 1;

export class StSerialEntry extends LitElement {
  static properties = {
    disabled: { type: Boolean },
    placeholder: { type: String },
    sku: { type: String },   // the row's SKU: a column of just this SKU is not the numbers
    _hint: { state: true },
    _question: { state: true },   // {analysis, column, skipHeader} while asking about a block
    _applied: { state: true },    // {analysis, choice, count, pasteId} after a remembered choice
    _range: { state: true },      // {text, result} while the box holds a range
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .entry { display: flex; gap: 8px; margin: 6px 0 4px; }
      .entry input { flex: 1; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .hint { font-size: 12px; color: var(--st-warning); margin-bottom: 6px; }
      .applied { font-size: 12.5px; color: var(--st-muted); margin: 2px 0 6px; display: flex; gap: 6px; align-items: baseline; flex-wrap: wrap; }
      .question {
        margin: 6px 0 10px; padding: 10px 12px 12px; border: 1px solid #c9d6f2; border-radius: var(--st-radius);
        background: #f5f8fe;
      }
      .question h3 { font-size: 14px; font-weight: 600; margin: 0 0 2px; }
      .question p { margin: 0 0 8px; font-size: 12.5px; color: var(--st-muted); }
      .preview { max-width: 100%; overflow-x: auto; margin-bottom: 8px; border: 1px solid var(--st-border); border-radius: var(--st-radius); background: #fff; }
      .preview table { font-size: 12.5px; width: auto; min-width: 100%; }
      .preview th, .preview td { padding: 3px 10px; white-space: pre; max-width: 220px; overflow: hidden; text-overflow: ellipsis; }
      .preview th { text-transform: none; letter-spacing: 0; }
      .preview td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      .preview td.line { color: var(--st-muted); font-family: inherit; font-variant-numeric: tabular-nums; text-align: right; }
      .preview .chosen { background: #e3ebfb; color: #1e3a8a; font-weight: 600; }
      .preview tr.skipped td { text-decoration: line-through; color: var(--st-muted); background: transparent; font-weight: 400; }
      fieldset { border: none; margin: 0 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
      legend { font-size: 12.5px; font-weight: 600; padding: 0; margin-bottom: 4px; }
      .choice { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; cursor: pointer; }
      .choice input, .skip input { margin: 0; }
      .choice .eg { color: var(--st-muted); font-size: 12px; }
      .skip { display: flex; align-items: center; gap: 6px; font-size: 13px; margin-bottom: 10px; cursor: pointer; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
      .actions .count { font-size: 12.5px; color: var(--st-muted); }
      .range { font-size: 12.5px; margin: 2px 0 6px; padding: 6px 10px; border-radius: var(--st-radius);
        border: 1px solid #c9d6f2; background: #f5f8fe; overflow-wrap: anywhere; }
      .range.bad { border-color: #f1c4c4; background: var(--st-danger-bg); color: var(--st-danger); }
      .range .numbers { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    `,
  ];

  constructor() {
    super();
    this.disabled = false;
    this.placeholder = 'Type or scan a serial number, press Enter';
    this.sku = '';
    this._hint = '';
    this._question = null;
    this._applied = null;
    this._range = null;
  }

  get _input() {
    return this.renderRoot?.querySelector('input.entry-input');
  }

  /** Focus the text box (also right after the first render). */
  focus() {
    this.updateComplete.then(() => this._input?.focus());
  }

  clear() {
    if (this._input) this._input.value = '';
    this._changed('');
  }

  /** Whether the paste question is open (Escape closes it first). */
  get asking() {
    return Boolean(this._question);
  }

  _add(numbers, block, pasteId = null) {
    this._hint = '';
    this.dispatchEvent(new CustomEvent('st-add', { detail: { numbers, block, pasteId }, bubbles: true, composed: true }));
  }

  _changed(value) {
    this._range = looksLikeRange(value) ? { text: value.trim(), result: parseRange(value) } : null;
    this.dispatchEvent(new CustomEvent('st-text-change', { detail: { value }, bubbles: true, composed: true }));
  }

  _take() {
    const input = this._input;
    const raw = input.value;
    const range = parseRange(raw);
    if (range?.error) {
      this._changed(raw);   // keep it in the box, with the reason beneath
      return;
    }
    input.value = '';
    this._changed('');
    if (range) {
      this._add(range.numbers, true, nextPasteId++);
      this._hint = '';
      return;
    }
    const number = raw.trim();
    if (number) this._add([number], false);
    else this._hint = raw ? 'Empty after trimming spaces: nothing added.' : '';
  }

  _onKeyDown(event) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('st-arrow-down', { bubbles: true, composed: true }));
      return;
    }
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    if (this.disabled) return;
    this._take();
  }

  _onAddClick() {
    this._take();
    this._input.focus();
  }

  _onPaste(event) {
    event.preventDefault();
    if (this.disabled) return;
    const data = event.clipboardData;
    const text = data ? data.getData('text/plain') || data.getData('text') : '';
    if (!text) return;
    const input = event.target;
    if (!isBlock(text)) {
      // One cell: put it in the box at the caret, so it can be edited before Enter.
      input.setRangeText(text, input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
      this._changed(input.value);
      return;
    }
    this._takeBlock(analysePaste(text));
  }

  /** A pasted block: straight in when plain or asked before; otherwise ask. */
  _takeBlock(analysis) {
    this._applied = null;
    if (!analysis.cellCount) {
      this._hint = 'The pasted text holds only empty cells: nothing added.';
      return;
    }
    if (!needsQuestion(analysis)) {
      this._question = null;
      this._add(pickCells(analysis), true, nextPasteId++);
      return;
    }
    const recalled = recalledChoice(analysis);
    if (recalled) {
      const numbers = pickCells(analysis, recalled);
      const pasteId = nextPasteId++;
      this._question = null;
      this._applied = { analysis, choice: recalled, count: numbers.length, pasteId };
      if (numbers.length) this._add(numbers, true, pasteId);
      else this._hint = 'The column chosen before is empty in this block: nothing added.';
      return;
    }
    this._hint = '';
    this._question = {
      analysis,
      column: guessColumn(analysis, { sku: this.sku }),
      skipHeader: analysis.header,
    };
    this.updateComplete.then(() => this.renderRoot.querySelector('.question input[name=column]:checked, .question input')?.focus());
  }

  _choice() {
    const q = this._question;
    return { column: q.analysis.multiColumn ? q.column : 0, skipHeader: q.analysis.header && q.skipHeader };
  }

  _confirm(event) {
    event?.preventDefault();
    const q = this._question;
    if (!q || this.disabled) return;
    const choice = this._choice();
    const numbers = pickCells(q.analysis, choice);
    rememberChoice(q.analysis, choice);
    this._question = null;
    if (numbers.length) this._add(numbers, true, nextPasteId++);
    else this._hint = 'Nothing in that column: nothing added.';
    this._input?.focus();
  }

  cancelQuestion() {
    this._question = null;
    this._hint = 'Paste not added.';
    this._input?.focus();
  }

  /** "Change" after a remembered choice: take its entries back and ask again. */
  _change() {
    const applied = this._applied;
    if (!applied) return;
    this._applied = null;
    forgetChoice(applied.analysis);
    this.dispatchEvent(new CustomEvent('st-paste-undo', { detail: { pasteId: applied.pasteId }, bubbles: true, composed: true }));
    this._takeBlock(applied.analysis);
  }

  _onQuestionKeyDown(event) {
    if (event.key === 'Escape') {
      // Close the question only, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      this.cancelQuestion();
    }
  }

  _questionPanel() {
    const q = this._question;
    const { analysis } = q;
    const choice = this._choice();
    const count = pickCells(analysis, choice).length;
    const lines = previewLines(analysis);
    const columns = analysis.multiColumn ? analysis.columns : 1;
    const cols = Array.from({ length: columns }, (_, c) => c);
    const shownLines = analysis.lines.length;
    const title = analysis.multiColumn ? 'Which column holds the serial numbers?' : 'Skip the header row?';
    const example = (c) => (analysis.lines.slice(analysis.header ? 1 : 0).find((l) => l[c]) || [])[c] || '';
    return html`
      <form class="question" aria-labelledby="pq-title" aria-describedby="pq-what"
        data-testid="paste-question" @submit=${this._confirm} @keydown=${this._onQuestionKeyDown}>
        <h3 id="pq-title">${title}</h3>
        <p id="pq-what">You pasted ${shownLines} ${shownLines === 1 ? 'line' : 'lines'}${analysis.multiColumn ? ` with ${analysis.columns} columns` : ''}${analysis.header ? '; the first line looks like a header' : ''}.
          Nothing is added until you choose.</p>
        <div class="preview" tabindex="0" role="region" aria-label="First lines of the pasted block">
          <table>
            <thead><tr><th scope="col"><span class="visually-hidden">Line</span></th>
              ${cols.map((c) => html`<th scope="col" class=${choice.column === c || choice.column === 'all' ? 'chosen' : ''}>Column ${c + 1}</th>`)}</tr></thead>
            <tbody>
              ${lines.map((line, i) => html`<tr class=${i === 0 && choice.skipHeader ? 'skipped' : ''}>
                <td class="line">${i + 1}</td>
                ${cols.map((c) => html`<td class=${choice.column === c || choice.column === 'all' ? 'chosen' : ''}>${line[c] ?? ''}</td>`)}</tr>`)}
            </tbody>
          </table>
        </div>
        ${analysis.multiColumn
          ? html`<fieldset><legend>Serial numbers are in</legend>
              ${cols.map((c) => html`<label class="choice"><input type="radio" name="column" .value=${String(c)}
                  .checked=${q.column === c} @change=${() => { this._question = { ...q, column: c }; }}>
                  ${columnLabel(analysis, c)}${example(c) ? html` <span class="eg">e.g. ${example(c)}</span>` : ''}</label>`)}
              <label class="choice"><input type="radio" name="column" value="all" .checked=${q.column === 'all'}
                @change=${() => { this._question = { ...q, column: 'all' }; }}> Every column <span class="eg">(each cell is a number)</span></label>
            </fieldset>`
          : ''}
        ${analysis.header
          ? html`<label class="skip"><input type="checkbox" name="skip-header" .checked=${q.skipHeader}
              @change=${(e) => { this._question = { ...q, skipHeader: e.target.checked }; }}>
              Skip the first line (header: “${analysis.lines[0].filter(Boolean).join(', ')}”)</label>`
          : ''}
        <div class="actions">
          <button type="submit" class="primary paste-confirm" ?disabled=${this.disabled || !count}>Add ${count} serial ${count === 1 ? 'number' : 'numbers'}</button>
          <button type="button" class="paste-cancel" @click=${this.cancelQuestion}>Cancel</button>
          <span class="count">Your choice is remembered for pastes like this one.</span>
        </div>
      </form>`;
  }

  /** What the range in the box expands to, or why it can't be read. */
  _rangePreview() {
    const range = this._range;
    if (!range) return '';
    const { result } = range;
    if (result.error) {
      return html`<div class="range bad" role="status" data-testid="range-preview">${result.error}</div>`;
    }
    return html`<div class="range" role="status" data-testid="range-preview">
      Range: <strong>${result.count} serial ${result.count === 1 ? 'number' : 'numbers'}</strong>,
      <span class="numbers">${previewNumbers(result.numbers).join(', ')}</span>.
      Press Enter to add ${result.count === 1 ? 'it' : 'them all'}.</div>`;
  }

  render() {
    const applied = this._applied;
    return html`
      <div class="entry">
        <input class="entry-input" type="text" autocomplete="off" spellcheck="false"
          aria-label="Serial number" placeholder=${this.placeholder} ?readonly=${this.disabled}
          @keydown=${this._onKeyDown} @paste=${this._onPaste}
          @input=${(e) => { this._hint = ''; this._applied = null; this._changed(e.target.value); }}>
        <button type="button" class="add" @click=${this._onAddClick} ?disabled=${this.disabled}>Add</button>
      </div>
      ${this._hint ? html`<div class="hint" role="status">${this._hint}</div>` : ''}
      ${this._rangePreview()}
      ${applied ? html`<div class="applied" role="status" data-testid="paste-applied">
          <span>Pasted ${applied.count} from ${describeChoice(applied.analysis, applied.choice)}, as you chose before.</span>
          <button type="button" class="link small paste-change" @click=${this._change}>Change</button></div>` : ''}
      ${this._question ? this._questionPanel() : ''}
    `;
  }
}

customElements.define('st-serial-entry', StSerialEntry);
