// What the import screen reads from a chosen file in the browser. The server checks the file;
// this only finds the order numbers of a CSV file, so the success message can link to them
// (the import's payload names no orders).

const MAX_READ_BYTES = 5 * 1024 * 1024;

export function formatBytes(bytes) {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

export function isCsv(file) {
  return /\.csv$/i.test(file?.name || '') || file?.type === 'text/csv';
}

/** RFC 4180 records of a CSV text (quoted cells may hold the delimiter, quotes and newlines). */
export function parseCsv(text, delimiter) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) { record.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      record.push(cell); records.push(record); record = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length) { record.push(cell); records.push(record); }
  return records;
}

/** The distinct purchase_order values of a CSV file, in file order; [] when not readable. */
export async function orderNumbersOf(file) {
  if (!file || !isCsv(file) || file.size > MAX_READ_BYTES) return [];
  try {
    const text = (await file.text()).replace(/^\ufeff/, '');
    const firstLine = text.slice(0, text.search(/\r|\n|$/));
    const delimiter = (firstLine.split(';').length > firstLine.split(',').length) ? ';' : ',';
    const [header, ...rows] = parseCsv(text, delimiter);
    const col = (header || []).findIndex((h) => h.trim().toLowerCase() === 'purchase_order');
    if (col < 0) return [];
    const seen = new Map();
    for (const row of rows) {
      const number = (row[col] || '').trim();
      if (number && !seen.has(number.toUpperCase())) seen.set(number.toUpperCase(), number);
    }
    return [...seen.values()];
  } catch {
    return [];
  }
}
