// Shared look: a quiet, data-dense business UI. Components adopt `shared` and add their own.
import { css } from 'lit';

export const shared = css`
  :host {
    --st-fg: #1f2937;
    --st-muted: #596170;
    --st-border: #d9dde3;
    --st-border-strong: #c3c8d0;
    --st-bg: #ffffff;
    --st-bg-subtle: #f7f8fa;
    --st-primary: #2457c5;
    --st-primary-hover: #1d469e;
    --st-success: #15803d;
    --st-success-bg: #e8f6ee;
    --st-warning: #b45309;
    --st-warning-bg: #fdf3e4;
    --st-danger: #b42318;
    --st-danger-bg: #fdecea;
    --st-radius: 6px;
    color: var(--st-fg);
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  [hidden] { display: none !important; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  a { color: var(--st-primary); text-decoration: none; }
  a:hover { text-decoration: underline; }
  h1 { font-size: 20px; font-weight: 600; margin: 0; }
  h2 { font-size: 16px; font-weight: 600; margin: 0; }

  button, .button {
    font: inherit; font-weight: 500; line-height: 20px;
    display: inline-flex; align-items: center; gap: 6px;
    padding: 5px 12px; border-radius: var(--st-radius);
    border: 1px solid var(--st-border-strong); background: var(--st-bg); color: var(--st-fg);
    cursor: pointer; white-space: nowrap;
  }
  button:hover:not(:disabled) { background: #eef0f3; }
  /* A date input's focus is on one of its parts (day, month, year): :focus-within shows it. */
  button:focus-visible, input:focus-visible, input[type='date']:focus-within, select:focus-visible,
  textarea:focus-visible, a:focus-visible, [tabindex]:focus-visible, summary:focus-visible {
    outline: 2px solid var(--st-primary); outline-offset: 1px;
  }
  button:disabled { opacity: 0.55; cursor: default; }
  button.primary { background: var(--st-primary); border-color: var(--st-primary); color: #fff; }
  button.primary:hover:not(:disabled) { background: var(--st-primary-hover); }
  button.danger { color: var(--st-danger); border-color: #e4b4ae; }
  button.danger.primary { background: var(--st-danger); border-color: var(--st-danger); color: #fff; }
  button.small { padding: 2px 8px; font-size: 13px; }
  button.icon { padding: 3px; border-color: transparent; background: transparent; }
  button.icon:hover:not(:disabled) { background: #e6e9ee; }
  button.link { border: none; background: none; color: var(--st-primary); padding: 2px 4px; }
  button.link:hover:not(:disabled) { background: none; text-decoration: underline; }

  input, select {
    font: inherit; color: inherit; padding: 5px 8px; line-height: 20px;
    border: 1px solid var(--st-border-strong); border-radius: var(--st-radius); background: #fff;
    min-width: 0;
  }
  label.field { display: inline-flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--st-muted); }
  label.field > input, label.field > select { font-size: 14px; color: var(--st-fg); }

  .card { background: var(--st-bg); border: 1px solid var(--st-border); border-radius: 8px; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; }
  .spacer { flex: 1 1 auto; }
  .muted { color: var(--st-muted); }
  .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
  .nowrap { white-space: nowrap; }

  .table-wrap { overflow-x: auto; position: relative; }
  table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
  th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid #eceef1; vertical-align: middle; }
  th {
    font-size: 12px; font-weight: 600; color: var(--st-muted); text-transform: uppercase; letter-spacing: .03em;
    background: var(--st-bg-subtle); border-bottom: 1px solid var(--st-border); white-space: nowrap;
  }
  tbody tr:hover { background: #f9fafb; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }

  .pill {
    display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 500;
    background: #eef0f3; color: #374151; white-space: nowrap;
  }
  .pill.green { background: var(--st-success-bg); color: var(--st-success); }
  .pill.amber { background: var(--st-warning-bg); color: var(--st-warning); }
  .pill.blue { background: #e8eefb; color: var(--st-primary); }
  .pill.grey { background: #eef0f3; color: #4b5563; }
  .pill.purple { background: #f1ebfb; color: #6b3fb8; }

  .alert {
    border: 1px solid #f1b9b3; background: var(--st-danger-bg); color: var(--st-danger);
    border-radius: var(--st-radius); padding: 8px 12px; margin: 0;
  }
  .alert ul { margin: 4px 0 0; padding-left: 18px; }
  .notice {
    border: 1px solid #b7e0c5; background: var(--st-success-bg); color: var(--st-success);
    border-radius: var(--st-radius); padding: 8px 12px;
  }
  .empty { padding: 36px 16px; text-align: center; color: var(--st-muted); }
  .loading { padding: 24px 16px; color: var(--st-muted); }

  dialog {
    border: none; border-radius: 10px; padding: 0; color: var(--st-fg);
    box-shadow: 0 20px 50px rgba(15, 23, 42, 0.25); max-width: calc(100vw - 32px);
  }
  dialog::backdrop { background: rgba(15, 23, 42, 0.45); }
  .dialog-head { padding: 16px 20px 8px; }
  .dialog-body { padding: 8px 20px; }
  .dialog-foot { padding: 12px 20px 16px; display: flex; gap: 8px; justify-content: flex-end; align-items: center; }

  /* A touch screen (or a phone-sized window): every control a finger can hit, 44×44 px at least. */
  @media (pointer: coarse), (max-width: 600px) {
    button, .button, select, input:not([type='checkbox'], [type='radio']) { min-height: 44px; }
    button, .button { min-width: 44px; justify-content: center; }
    input[type='checkbox'], input[type='radio'] { width: 20px; height: 20px; }
    table th button.sort { min-height: 44px; }  /* the column sort buttons are unstyled (all: unset) */
  }

  /* A phone: a dialog fills the screen; its head and foot (Done) stay in view, the body scrolls
     (100dvh: the height left above the on-screen keyboard). */
  @media (max-width: 600px) {
    dialog:modal {
      width: 100vw; max-width: 100vw; height: 100dvh; max-height: 100dvh;
      inset: 0; margin: 0; border-radius: 0;
    }
    dialog:modal[open], dialog:modal[open] > form { display: flex; flex-direction: column; }
    dialog:modal[open] > form { flex: 1 1 auto; min-height: 0; }
    dialog:modal .dialog-head, dialog:modal .dialog-foot { flex: none; }
    dialog:modal .dialog-body { flex: 1 1 auto; min-height: 0; max-height: none; overflow-y: auto; }
    dialog:modal .dialog-head, dialog:modal .dialog-body, dialog:modal .dialog-foot { padding-left: 14px; padding-right: 14px; }
    dialog:modal .dialog-foot { flex-wrap: wrap; }
  }
`;

// The frame both serial number dialogs share (PO row: assign; SO row: pick): head with the
// counter, help text, summary line with the legend, and the foot with the discard question.
export const serialDialog = css`
  dialog { width: 780px; }
  .dialog-head { display: flex; align-items: flex-start; gap: 16px; border-bottom: 1px solid #eceef1; padding-bottom: 12px; }
  .title { flex: 1; min-width: 0; }
  .sub { color: var(--st-muted); font-size: 13px; margin-top: 2px; }
  .counter { text-align: right; }
  .counter .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; line-height: 1.1; }
  .counter .value.complete { color: var(--st-success); }
  .counter .value.over { color: var(--st-danger); }
  .counter .label { font-size: 11px; color: var(--st-muted); text-transform: uppercase; letter-spacing: .04em; }
  .help { font-size: 12px; color: var(--st-muted); margin-bottom: 8px; }
  .summary { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; font-size: 12.5px; color: var(--st-muted); margin: 6px 0; }
  .summary .bad { color: var(--st-danger); font-weight: 600; }
  .summary .only { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
  .summary .only input { margin: 0; }
  .legend { margin-left: auto; display: flex; gap: 10px; align-items: center; }
  .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -2px; margin-right: 4px; }
  .swatch.saved { background: #e7ecf5; border: 1px solid #b8c4d8; }
  .swatch.new { background: #fff; border: 1px dashed var(--st-primary); }
  .more { margin-top: 8px; }
  .alert { margin: 8px 0; }
  .check-error { font-size: 12px; color: var(--st-warning); margin: 4px 0; }
  .dialog-foot { border-top: 1px solid #eceef1; }
  .dialog-foot .note { margin-right: auto; font-size: 12.5px; color: var(--st-muted); }
  .discard { margin-right: auto; font-weight: 500; color: var(--st-danger); }
  @media (max-width: 820px) { dialog { width: calc(100vw - 24px); } .legend { margin-left: 0; } }
  @media (max-width: 600px) { .dialog-head { gap: 10px; } }
`;

// A list screen's card: the filter toolbar above the table, the thin bar while loading and the
// load error inside the card (order lists, stock).
export const listScreen = css`
  .toolbar { padding: 12px; border-bottom: 1px solid var(--st-border); }
  .alert { margin: 12px; }
  .loading-bar { height: 2px; background: linear-gradient(90deg, transparent, var(--st-primary), transparent);
    background-size: 200% 100%; animation: slide 1s linear infinite; }
  @keyframes slide { from { background-position: 100% 0; } to { background-position: -100% 0; } }
`;

// The head of a document screen (order details, recall, trace): back link, title with its pills,
// the facts line beneath, the actions on the right; and the head line of the sections below.
export const pageHead = css`
  .back { font-size: 13px; display: inline-block; margin-bottom: 8px; }
  .head { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 12px 24px; margin-bottom: 14px; }
  .title { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
  .facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin-top: 6px; font-size: 13px; color: var(--st-muted); }
  .facts strong { color: var(--st-fg); font-weight: 500; }
  .actions { margin-left: auto; display: flex; gap: 8px; flex-wrap: wrap; }
  .section-head { display: flex; align-items: center; gap: 12px; padding: 10px 12px; border-bottom: 1px solid var(--st-border); }
  .alert { margin: 12px 0; }
  @media (max-width: 900px) { .actions { margin-left: 0; } }
`;

// What both order details add to the page head: facts with badges, the items table's item and
// tracing cells, the dismissable notice.
export const orderDetail = css`
  .facts { align-items: center; }
  .facts > span { display: inline-flex; align-items: center; gap: 6px; }
  .item-name { font-weight: 500; }
  .sku { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: var(--st-muted); }
  button.tracing { border-color: transparent; background: transparent; padding: 3px 6px; }
  button.tracing:hover { background: #e8eefb; border-color: #c9d6f2; }
  .notice { margin-bottom: 12px; display: flex; align-items: center; gap: 8px; }
  .notice button { margin-left: auto; }
  .more-rows { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding: 10px 12px; border-top: 1px solid var(--st-border); font-size: 13px; }
`;
