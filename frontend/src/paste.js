// What a block pasted into a serial number dialog holds: lines of tab-separated cells (copied
// from a spreadsheet), maybe with a header row ("Serial number<TAB>SKU") and maybe several
// columns of which only one holds the numbers. Pure functions, no DOM (tested by node --test):
// the text box asks the user when a block needs it (needsQuestion) and takes only the cells
// chosen (pickCells); a choice is remembered per shape of block for the session.
import { checkFormat } from './serials.js';

/** Words a header cell is made of ("Serial number", "S/N", "SKU", "Qty", …). */
const LABEL_WORDS = new Set([
  'serial', 'serials', 'serialnumber', 'serialnumbers', 'serialno', 'number', 'numbers', 'no', 'nr',
  'num', 'sn', 's/n', 'sku', 'skus', 'item', 'items', 'article', 'product', 'products', 'part', 'name',
  'description', 'desc', 'model', 'variant', 'qty', 'quantity', 'amount', 'date', 'received', 'order',
  'po', 'so', 'code', 'id', 'lot', 'batch', 'imei', 'mac', 'unit', 'units', 'device', 'status', 'note',
  'notes', 'comment', 'supplier', 'customer', 'location', 'barcode', 'ean', 'upc', 'of', 'the', '#',
  'seriennummer', 'artikel', 'menge', 'numéro', 'série', 'numero', 'serie',
]);

/** Words that say a column holds the serial numbers. */
const NUMBER_WORDS = new Set(['serial', 'serials', 'serialnumber', 'serialnumbers', 'serialno', 'sn', 's/n',
  'imei', 'seriennummer', 'série', 'serie']);
/** Words that say a column holds something else. */
const OTHER_WORDS = new Set(['sku', 'skus', 'item', 'items', 'article', 'product', 'products', 'part',
  'name', 'description', 'desc', 'model', 'variant', 'qty', 'quantity', 'amount', 'date', 'received',
  'order', 'po', 'so', 'status', 'note', 'notes', 'comment', 'supplier', 'customer', 'location',
  'artikel', 'menge']);

const HAS_DIGIT = /[0-9]/;
const SHAPE_STORE = 'st-paste-choices';
const PREVIEW_LINES = 4;

function words(cell) {
  return cell.toLowerCase().split(/[^\p{L}\p{N}/#]+/u).filter(Boolean);
}

/**
 * Lines of cells: rows split by CRLF/LF/CR, cells by tab, each trimmed; lines without any
 * content dropped, and empty cells at a line's end. Cells keep their column (inner empty
 * cells stay, as "").
 */
export function splitLines(text) {
  const out = [];
  if (!text) return out;
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const cells = raw.split('\t').map((c) => c.trim());
    while (cells.length && !cells[cells.length - 1]) cells.pop();
    if (cells.length) out.push(cells);
  }
  return out;
}

/** Whether a cell reads like a column label rather than a number: words only, one a label word. */
export function isLabelCell(cell) {
  if (!cell || HAS_DIGIT.test(cell)) return false;
  const found = words(cell);
  return found.length > 0 && found.some((w) => LABEL_WORDS.has(w));
}

/** Non-empty cells of column `c` from line `from` on. */
function columnCells(lines, c, from = 0) {
  const cells = [];
  for (let i = from; i < lines.length; i += 1) {
    const cell = lines[i][c];
    if (cell) cells.push(cell);
  }
  return cells;
}

/**
 * Whether the first line is a header: one of its cells is a label word ("Serial number",
 * "SKU"), or it is not a valid serial number / holds no digit while the cells below it in its
 * column are valid / hold digits (at least 80 % of them, and at least two lines below).
 */
export function looksLikeHeader(lines) {
  if (lines.length < 2) return false;
  const first = lines[0];
  for (let c = 0; c < first.length; c += 1) {
    const cell = first[c];
    if (!cell) continue;
    if (isLabelCell(cell)) return true;
    const below = columnCells(lines, c, 1);
    if (below.length < 2) continue;
    if (checkFormat(cell)) {
      const valid = below.filter((b) => !checkFormat(b)).length;
      if (valid >= 0.8 * below.length) return true;
    }
    if (!HAS_DIGIT.test(cell)) {
      const digits = below.filter((b) => HAS_DIGIT.test(b)).length;
      if (digits >= 0.8 * below.length) return true;
    }
  }
  return false;
}

/**
 * What a pasted block holds:
 *   lines: [[cell]] (see splitLines); columns: the widest line's number of cells;
 *   multiColumn: at least half of the lines have two or more non-empty cells;
 *   header: the first line looks like a header (looksLikeHeader);
 *   shape: a key for the remembered choice (the number of columns and the header's cells);
 *   cellCount: the non-empty cells in all.
 */
export function analysePaste(text) {
  const lines = splitLines(text);
  let columns = 0;
  let several = 0;
  let cellCount = 0;
  for (const line of lines) {
    columns = Math.max(columns, line.length);
    let filled = 0;
    for (const cell of line) if (cell) filled += 1;
    cellCount += filled;
    if (filled >= 2) several += 1;
  }
  const multiColumn = several > 0 && several * 2 >= lines.length;
  const header = looksLikeHeader(lines);
  const shape = `${multiColumn ? columns : 1}|${header ? lines[0].map((c) => c.toLowerCase()).join('\t') : ''}`;
  return { lines, columns, multiColumn, header, shape, cellCount };
}

/** Whether the user must say which column holds the numbers or whether to skip a header. */
export function needsQuestion(analysis) {
  return analysis.multiColumn || analysis.header;
}

/**
 * The cells a choice takes: `column` is a column's index or 'all' (every cell, row by row);
 * `skipHeader` leaves out the first line.
 */
export function pickCells(analysis, { column = 'all', skipHeader = false } = {}) {
  const out = [];
  const { lines } = analysis;
  for (let i = skipHeader ? 1 : 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (column === 'all') {
      for (const cell of line) if (cell) out.push(cell);
    } else if (line[column]) {
      out.push(line[column]);
    }
  }
  return out;
}

/** A column's name for the question: "Column 2" with its header cell. */
export function columnLabel(analysis, c) {
  const head = analysis.header ? analysis.lines[0][c] : '';
  return head ? `Column ${c + 1} “${head}”` : `Column ${c + 1}`;
}

/**
 * The best guess of the numbers' column: a header saying so ("Serial number"), else the column
 * whose cells are most often valid and distinct, not a header saying something else ("SKU"),
 * and not just the dialog's SKU repeated.
 */
export function guessColumn(analysis, { sku = '' } = {}) {
  if (!analysis.multiColumn) return 0;
  const from = analysis.header ? 1 : 0;
  const skuKey = sku.toLowerCase();
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < analysis.columns; c += 1) {
    const cells = columnCells(analysis.lines, c, from);
    let score = 0;
    if (cells.length) {
      const distinct = new Set(cells.map((x) => x.toLowerCase()));
      const valid = cells.filter((x) => !checkFormat(x)).length;
      score = (valid / cells.length) + (distinct.size / cells.length);
      if (skuKey && distinct.size === 1 && distinct.has(skuKey)) score -= 2;
    }
    if (analysis.header) {
      const found = words(analysis.lines[0][c] || '');
      if (found.some((w) => NUMBER_WORDS.has(w))) score += 3;
      else if (found.some((w) => OTHER_WORDS.has(w))) score -= 1;
    }
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** The first lines for the question's preview table (the header among them, when there is one). */
export function previewLines(analysis, count = PREVIEW_LINES) {
  return analysis.lines.slice(0, count + (analysis.header ? 1 : 0));
}

function defaultStorage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;   // storage blocked
  }
}

function readChoices(storage) {
  try {
    const parsed = JSON.parse(storage?.getItem(SHAPE_STORE) || '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/** The choice made for a block of this shape earlier in the session, or null. */
export function recalledChoice(analysis, storage = defaultStorage()) {
  const choice = readChoices(storage)[analysis.shape];
  if (!choice || typeof choice !== 'object') return null;
  const { column, skipHeader } = choice;
  const columnOk = column === 'all' || (Number.isInteger(column) && column >= 0 && column < Math.max(analysis.columns, 1));
  if (!columnOk) return null;
  return { column, skipHeader: Boolean(skipHeader) && analysis.header };
}

/** Remember a choice for blocks of this shape, for the rest of the session. */
export function rememberChoice(analysis, choice, storage = defaultStorage()) {
  if (!storage) return;
  const choices = readChoices(storage);
  choices[analysis.shape] = { column: choice.column, skipHeader: Boolean(choice.skipHeader) };
  try {
    storage.setItem(SHAPE_STORE, JSON.stringify(choices));
  } catch {
    // storage full or blocked: the question is asked again next time
  }
}

/** Forget the choice for blocks of this shape (the user wants to be asked). */
export function forgetChoice(analysis, storage = defaultStorage()) {
  if (!storage) return;
  const choices = readChoices(storage);
  delete choices[analysis.shape];
  try {
    storage.setItem(SHAPE_STORE, JSON.stringify(choices));
  } catch {
    // ignore
  }
}

/** "column 2 “Serial number”, header row skipped" — what a choice took, for the note after it. */
export function describeChoice(analysis, choice) {
  const what = choice.column === 'all' ? 'every column' : columnLabel(analysis, choice.column).replace(/^Column/, 'column');
  return `${what}${choice.skipHeader ? ', header row skipped' : ''}`;
}
