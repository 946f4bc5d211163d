// Import: serial numbers from a CSV or XLSX file into fully received POs and OPOs. Choose or drop
// a file → it is uploaded (with progress) as a dry run → either its problems (st-import-problems;
// nothing can be imported while it has an error) or a summary with Commit → the same file again
// with dryRun false, all-or-nothing → a success message linking to the orders. Links to the
// blank templates; an order's pre-filled template is on its page.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { gql, gqlUpload, errorMessage } from '../api.js';
import { iconDownload } from '../icons.js';
import { orderHref } from '../router.js';
import { formatBytes } from '../import-file.js';
import './st-import-problems.js';

const TEMPLATE = `
  query ImportTemplate { importTemplate { columns csvUrl xlsxUrl maxBytes maxLines } }
`;

const IMPORT = `
  mutation ImportSerialNumbers($input: ImportSerialNumbersInput!) {
    importSerialNumbers(input: $input) {
      summary { lines numbers rows orders errorCount warningCount }
      errors { line column code message severity }
      committed document
      purchaseOrders { id number }
    }
  }
`;

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "5 numbers into 2 rows of 1 order" */
export function importSummaryText(s) {
  return `${plural(s.numbers, 'number')} into ${plural(s.rows, 'row')} of ${plural(s.orders, 'order')}`;
}

export class StImport extends LitElement {
  static properties = {
    _template: { state: true },
    _templateError: { state: true },
    _file: { state: true },
    _busy: { state: true },      // null | 'check' | 'commit'
    _progress: { state: true },  // {loaded, total, done}
    _result: { state: true },    // the dry run's payload, or a refused commit's
    _done: { state: true },      // the committed payload, with the order numbers
    _error: { state: true },
    _dragging: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .head { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px 24px; margin-bottom: 14px; }
      .head p { margin: 4px 0 0; color: var(--st-muted); max-width: 760px; }
      .templates { margin-left: auto; display: flex; gap: 8px; align-items: center; font-size: 13px; color: var(--st-muted); }
      a.button:hover { text-decoration: none; background: #eef0f3; }
      section.card { margin-bottom: 16px; }
      .dropzone {
        margin: 14px; padding: 28px 16px; border: 2px dashed var(--st-border-strong); border-radius: 8px;
        display: flex; flex-direction: column; align-items: center; gap: 8px; text-align: center;
        background: var(--st-bg-subtle); transition: background .1s, border-color .1s;
      }
      .dropzone.dragging { border-color: var(--st-primary); background: #eef3fd; }
      .dropzone .big { font-size: 15px; font-weight: 500; }
      .dropzone .hint { font-size: 12.5px; color: var(--st-muted); }
      .dropzone .columns code { font-size: 12px; background: #eef0f3; padding: 0 4px; border-radius: 3px; }
      .file { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 12px 14px; border-top: 1px solid var(--st-border); }
      .file .name { font-weight: 600; }
      .file .size { color: var(--st-muted); font-size: 13px; }
      .progress { display: flex; align-items: center; gap: 10px; flex: 1 1 260px; font-size: 13px; color: var(--st-muted); }
      progress { flex: 1; max-width: 320px; height: 10px; accent-color: var(--st-primary); }
      .outcome { padding: 14px; border-top: 1px solid var(--st-border); display: flex; flex-direction: column; gap: 12px; }
      .ready { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; padding: 12px 14px;
        border-radius: var(--st-radius); background: #eef3fd; border: 1px solid #c9d6f2; }
      .ready .big { font-size: 15px; font-weight: 600; }
      .ready .sub { font-size: 13px; color: var(--st-muted); }
      .ready .actions { margin-left: auto; display: flex; gap: 8px; }
      .notice .orders { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px 12px; }
      .notice .doc { color: #1f5132; font-size: 13px; }
      .problems-card { border: 1px solid var(--st-border); border-radius: var(--st-radius); overflow: hidden; }
      .warn-note { font-size: 13px; color: var(--st-warning); }
    `,
  ];

  constructor() {
    super();
    this._template = null;
    this._templateError = '';
    this._file = null;
    this._busy = null;
    this._progress = null;
    this._result = null;
    this._done = null;
    this._error = '';
    this._dragging = false;
    this._abort = null;
    this._seq = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this._loadTemplate();
  }

  disconnectedCallback() {
    this._abort?.abort();
    super.disconnectedCallback();
  }

  async _loadTemplate() {
    try {
      this._template = (await gql(TEMPLATE)).importTemplate;
      this._templateError = '';
    } catch (err) {
      this._templateError = errorMessage(err);
    }
  }

  // ---- choosing a file --------------------------------------------------------------------

  _openPicker() {
    this.renderRoot.querySelector('input[type=file]')?.click();
  }

  _onInput(event) {
    const [file] = event.target.files || [];
    event.target.value = '';   // choosing the same (fixed) file again fires change again
    if (file) this._choose(file);
  }

  _onDragOver(event) {
    if (this._busy || ![...(event.dataTransfer?.types || [])].includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this._dragging = true;
  }

  _onDragLeave(event) {
    if (event.currentTarget.contains(event.relatedTarget)) return;
    this._dragging = false;
  }

  _onDrop(event) {
    event.preventDefault();
    this._dragging = false;
    if (this._busy) return;
    const files = [...(event.dataTransfer?.files || [])];
    if (files.length > 1) {
      this._error = 'Drop one file at a time.';
      return;
    }
    if (files.length) this._choose(files[0]);
  }

  _choose(file) {
    this._file = file;
    this._result = null;
    this._done = null;
    this._error = '';
    const max = this._template?.maxBytes;
    if (max && file.size > max) {
      this._error = `${file.name} has ${formatBytes(file.size)}; a file may have at most ${formatBytes(max)}. Split it into several files.`;
      return;
    }
    if (!/\.(csv|xlsx)$/i.test(file.name)) {
      this._error = `${file.name} is neither a .csv nor an .xlsx file. Save the sheet as CSV (UTF-8) or Excel workbook (.xlsx).`;
      return;
    }
    this._upload(true);
  }

  _clear() {
    this._abort?.abort();
    this._file = null;
    this._result = null;
    this._done = null;
    this._error = '';
    this._busy = null;
  }

  // ---- uploading --------------------------------------------------------------------------

  async _upload(dryRun) {
    const file = this._file;
    if (!file || this._busy) return;
    const seq = ++this._seq;
    this._abort = new AbortController();
    this._busy = dryRun ? 'check' : 'commit';
    this._progress = { loaded: 0, total: file.size, done: false };
    this._error = '';
    let payload;
    try {
      const data = await gqlUpload(IMPORT, { input: { file: null, dryRun } }, { 'input.file': file }, {
        signal: this._abort.signal,
        onProgress: (p) => {
          if (seq === this._seq) this._progress = p.done ? { ...this._progress, done: true } : p;
        },
      });
      payload = data.importSerialNumbers;
    } catch (err) {
      if (seq !== this._seq) return;
      this._busy = null;
      if (err?.name === 'AbortError') return;
      this._error = `${dryRun ? 'The file could not be checked' : 'Nothing was imported'}: ${errorMessage(err)}`;
      return;
    }
    if (seq !== this._seq) return;
    if (payload.committed) {
      this._done = { ...payload, fileName: file.name, orders: payload.purchaseOrders };
      this._result = null;
      this._file = null;
    } else {
      this._result = { ...payload, dryRun };
    }
    this._busy = null;
    await this.updateComplete;
    this.renderRoot.querySelector('.outcome')?.scrollIntoView({ block: 'nearest' });
  }

  _cancelUpload() {
    this._abort?.abort();
    this._busy = null;
  }

  // ---- rendering --------------------------------------------------------------------------

  _templates() {
    const t = this._template;
    if (!t) return html`<div class="templates">${this._templateError ? html`<span class="muted">Templates unavailable: ${this._templateError}</span>` : ''}</div>`;
    return html`<div class="templates">Blank template
      <a class="button template-csv" href=${t.csvUrl} download>${iconDownload()} CSV</a>
      <a class="button template-xlsx" href=${t.xlsxUrl} download>${iconDownload()} XLSX</a></div>`;
  }

  _dropzone() {
    const t = this._template;
    return html`
      <div class="dropzone ${this._dragging ? 'dragging' : ''}" data-testid="dropzone"
        @dragover=${this._onDragOver} @dragenter=${this._onDragOver} @dragleave=${this._onDragLeave} @drop=${this._onDrop}>
        <div class="big">Drop a CSV or XLSX file here</div>
        <div>or <button type="button" class="choose primary" ?disabled=${Boolean(this._busy)} @click=${this._openPicker}>Choose file…</button></div>
        <div class="hint columns">Columns: <code>purchase_order</code> <code>sku</code> <code>serial_number</code>
          and, where an order has several rows of one SKU, <code>row</code>. One serial number per line.</div>
        <div class="hint">${t ? `At most ${t.maxLines.toLocaleString('en')} lines and ${formatBytes(t.maxBytes)}. ` : ''}Only into
          fully received orders. The file is checked first; nothing is saved until you commit.</div>
        <input type="file" accept=${ACCEPT} hidden aria-label="File to import" @change=${this._onInput}>
      </div>`;
  }

  _fileStrip() {
    const file = this._file;
    if (!file) return '';
    const p = this._progress;
    let progress = '';
    if (this._busy) {
      const verb = this._busy === 'check' ? 'Checking' : 'Importing';
      const pct = p?.total ? Math.round((100 * p.loaded) / p.total) : null;
      progress = html`<div class="progress" role="status" data-testid="progress">
        ${p?.done
          ? html`<progress aria-label="${verb} the file"></progress><span>${verb} the file on the server…</span>`
          : html`<progress max="100" value=${pct ?? 0} aria-label="Upload"></progress>
            <span>Uploading… ${pct != null ? `${pct}%` : ''} ${p?.total ? `(${formatBytes(p.loaded)} of ${formatBytes(p.total)})` : ''}</span>`}
        <button type="button" class="small cancel-upload" @click=${this._cancelUpload}>Cancel</button>
      </div>`;
    }
    return html`<div class="file" data-testid="file">
      <span class="name">${file.name}</span><span class="size">${formatBytes(file.size)}</span>
      ${progress}
      ${this._busy ? '' : html`<span class="spacer"></span>
        <button type="button" class="small" @click=${this._openPicker}>Choose another file…</button>`}
    </div>`;
  }

  _outcome() {
    const done = this._done;
    if (done) {
      const s = done.summary;
      return html`<div class="outcome">
        <div class="notice" role="status" data-testid="import-done">
          <div><strong>Imported ${importSummaryText(s)}.</strong></div>
          ${done.document ? html`<div class="doc">Recorded in each number's history as “${done.document}”.</div>` : ''}
          ${done.orders.length
            ? html`<div class="orders">${done.orders.length === 1 ? 'Order' : 'Orders'}:
                ${done.orders.slice(0, 20).map((o) => html`<a class="order-link" href=${orderHref(o.id)}>${o.number}</a>`)}
                ${done.orders.length > 20 ? html`<span>and ${done.orders.length - 20} more</span>` : ''}</div>`
            : html`<div class="orders"><a href="#/purchase-orders?status=RECEIVED">Received purchase orders</a></div>`}
        </div>
        <div><button type="button" class="another" @click=${this._openPicker}>Import another file…</button></div>
      </div>`;
    }
    const r = this._result;
    if (!r || this._busy) return '';
    const s = r.summary;
    const problems = r.errors.length
      ? html`<div class="problems-card"><st-import-problems .problems=${r.errors}></st-import-problems></div>` : '';
    if (s.errorCount) {
      return html`<div class="outcome">
        <div class="alert" role="alert" data-testid="import-refused">
          <strong>${this._file?.name} has ${plural(s.errorCount, 'error')}${s.warningCount ? ` and ${plural(s.warningCount, 'warning')}` : ''}:</strong>
          ${r.dryRun ? 'nothing can be imported.' : 'nothing was imported (the orders changed since the check).'}
          Fix the lines below in your spreadsheet and choose the file again.
          ${s.lines ? html`<span>(${plural(s.lines, 'line')} read; ${plural(s.numbers, 'number')} without problems.)</span>` : ''}
        </div>
        ${problems}
      </div>`;
    }
    return html`<div class="outcome">
      <div class="ready" data-testid="import-summary">
        <div>
          <div class="big">Ready to import ${importSummaryText(s)}.</div>
          <div class="sub">${plural(s.lines, 'line')} checked, no errors. Nothing is saved until you commit.</div>
          ${s.warningCount ? html`<div class="warn-note">${plural(s.warningCount, 'warning')}: check these lines; they don't stop the import.</div>` : ''}
        </div>
        <div class="actions">
          <button type="button" class="cancel" @click=${this._clear}>Cancel</button>
          <button type="button" class="commit primary" @click=${() => this._upload(false)}>Commit import</button>
        </div>
      </div>
      ${problems}
    </div>`;
  }

  render() {
    return html`
      <div class="head">
        <div>
          <h1>Import serial numbers</h1>
          <p>Add the serial numbers of received purchase orders and outsourced purchase orders from a
            supplier's spreadsheet. For the numbers one order still misses, download its pre-filled
            template on the order's page.</p>
        </div>
        ${this._templates()}
      </div>
      <section class="card" aria-busy=${this._busy ? 'true' : 'false'}>
        ${this._dropzone()}
        ${this._fileStrip()}
        ${this._error ? html`<div class="outcome"><p class="alert" role="alert" data-testid="import-error">${this._error}</p></div>` : ''}
        ${this._outcome()}
      </section>
    `;
  }
}

customElements.define('st-import', StImport);
