// The problems of an imported file (a dry run's or a refused commit's `errors`): one table row
// each with its line, column, code and message; errors and warnings told apart (icon, colour,
// label); sortable by line, column or code; filterable by severity and by text. Long lists are
// shown in steps so that 100,000 problems don't freeze the page. Data down only: `problems`.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { iconSort, iconWarning } from '../icons.js';

const STEP = 500;

const COLUMNS = [
  { key: 'line', label: 'Line', sortable: true },
  { key: 'column', label: 'Column', sortable: true },
  { key: 'code', label: 'Code', sortable: true },
  { key: 'severity', label: 'Severity', sortable: false },
  { key: 'message', label: 'Problem', sortable: false },
];

/** Compares two problems by one field; problems of the whole file (no line/column) first. */
function compare(a, b, key) {
  const x = a[key];
  const y = b[key];
  if (x == null || y == null) return (x == null ? 0 : 1) - (y == null ? 0 : 1);
  if (typeof x === 'number') return x - y;
  return String(x).localeCompare(String(y));
}

export class StImportProblems extends LitElement {
  static properties = {
    problems: { attribute: false },
    _sort: { state: true },       // {key, direction: 'ASC' | 'DESC'}
    _severity: { state: true },   // '' | 'ERROR' | 'WARNING'
    _text: { state: true },
    _limit: { state: true },
  };

  static styles = [
    shared,
    css`
      :host { display: block; }
      .toolbar { padding: 10px 12px; border-bottom: 1px solid var(--st-border); align-items: center; }
      .toolbar input[type=search] { width: 260px; }
      .count { font-size: 13px; color: var(--st-muted); }
      th button.sort { border: none; background: none; padding: 0; font: inherit; color: inherit;
        text-transform: inherit; letter-spacing: inherit; display: inline-flex; gap: 4px; align-items: center; }
      th button.sort:hover { color: var(--st-fg); background: none; }
      td.line { font-variant-numeric: tabular-nums; width: 70px; }
      td.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; white-space: nowrap; }
      td.column { white-space: nowrap; }
      td.severity { white-space: nowrap; width: 100px; }
      tr[data-severity=ERROR] td.line { box-shadow: inset 3px 0 0 var(--st-danger); }
      tr[data-severity=WARNING] td.line { box-shadow: inset 3px 0 0 #f59e0b; }
      tr[data-severity=WARNING] { background: #fffbf3; }
      .sev { display: inline-flex; align-items: center; gap: 5px; font-size: 12.5px; font-weight: 600; line-height: 16px; vertical-align: middle; }
      .sev svg { flex: none; }
      .sev.ERROR { color: var(--st-danger); }
      .sev.WARNING { color: var(--st-warning); }
      .sev .dot { width: 10px; height: 10px; border-radius: 50%; background: #f59e0b; display: inline-block; }
      .file { color: var(--st-muted); font-style: italic; }
      .more { padding: 10px 12px; display: flex; gap: 12px; align-items: center; font-size: 13px; color: var(--st-muted); }
    `,
  ];

  constructor() {
    super();
    this.problems = [];
    this._sort = { key: 'line', direction: 'ASC' };
    this._severity = '';
    this._text = '';
    this._limit = STEP;
  }

  willUpdate(changed) {
    if (changed.has('problems')) this._limit = STEP;
  }

  _sortBy(key) {
    const current = this._sort;
    const direction = current.key === key && current.direction === 'ASC' ? 'DESC' : 'ASC';
    this._sort = { key, direction };
  }

  _shown() {
    const text = this._text.trim().toLowerCase();
    const list = (this.problems || [])
      .map((p, index) => ({ ...p, index }))
      .filter((p) => !this._severity || p.severity === this._severity)
      .filter((p) => !text || [p.line, p.column, p.code, p.message]
        .some((v) => v != null && String(v).toLowerCase().includes(text)));
    const { key, direction } = this._sort;
    const sign = direction === 'ASC' ? 1 : -1;
    list.sort((a, b) => sign * compare(a, b, key) || compare(a, b, 'line') || a.index - b.index);
    return list;
  }

  _header(column) {
    if (!column.sortable) return html`<th class=${column.className || ''}>${column.label}</th>`;
    const active = this._sort.key === column.key ? this._sort.direction : null;
    const ariaSort = active === 'ASC' ? 'ascending' : active === 'DESC' ? 'descending' : 'none';
    return html`<th aria-sort=${ariaSort} data-field=${column.key}>
      <button type="button" class="sort" @click=${() => this._sortBy(column.key)}
        title="Sort by ${column.label.toLowerCase()}">${column.label} ${iconSort(active)}</button></th>`;
  }

  render() {
    const all = this.problems || [];
    const errors = all.filter((p) => p.severity === 'ERROR').length;
    const warnings = all.length - errors;
    const shown = this._shown();
    const visible = shown.slice(0, this._limit);
    const filtered = Boolean(this._severity || this._text.trim());
    return html`
      <div class="toolbar" role="search" aria-label="Filters">
        <input type="search" aria-label="Filter problems" placeholder="Filter: line, column, code or text"
          .value=${this._text} @input=${(e) => { this._text = e.target.value; this._limit = STEP; }}>
        ${errors && warnings ? html`<select aria-label="Severity"
            @change=${(e) => { this._severity = e.target.value; this._limit = STEP; }}>
            <option value="" ?selected=${!this._severity}>Errors and warnings</option>
            <option value="ERROR" ?selected=${this._severity === 'ERROR'}>Errors only (${errors})</option>
            <option value="WARNING" ?selected=${this._severity === 'WARNING'}>Warnings only (${warnings})</option>
          </select>` : ''}
        <span class="spacer"></span>
        <span class="count" data-testid="problem-count">${filtered ? `${shown.length} of ` : ''}${all.length}
          problem${all.length === 1 ? '' : 's'}</span>
      </div>
      ${shown.length
        ? html`<div class="table-wrap"><table>
            <thead><tr>${COLUMNS.map((c) => this._header(c))}</tr></thead>
            <tbody>${visible.map((p) => html`
              <tr data-severity=${p.severity} data-code=${p.code}>
                <td class="line">${p.line ?? html`<span class="file" title="The whole file">file</span>`}</td>
                <td class="column">${p.column ? html`<span class="mono">${p.column}</span>` : html`<span class="muted">—</span>`}</td>
                <td class="code">${p.code}</td>
                <td class="severity">${p.severity === 'ERROR'
                  ? html`<span class="sev ERROR">${iconWarning()} Error</span>`
                  : html`<span class="sev WARNING"><span class="dot"></span> Warning</span>`}</td>
                <td class="message">${p.message}</td>
              </tr>`)}
            </tbody></table></div>
          ${shown.length > visible.length
            ? html`<div class="more">Showing ${visible.length} of ${shown.length}.
                <button type="button" class="small" @click=${() => { this._limit += STEP; }}>Show ${Math.min(STEP, shown.length - visible.length)} more</button></div>`
            : ''}`
        : html`<div class="empty">No problem matches this filter.</div>`}
    `;
  }
}

customElements.define('st-import-problems', StImportProblems);
