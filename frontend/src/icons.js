// Inline SVG icons (no icon font, no network). Each returns a lit SVG template.
import { html } from 'lit';

export const iconExclamation = () => html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" class="icon-exclamation"><circle cx="8" cy="8" r="7.25" fill="#f59e0b"/><rect x="7.1" y="3.6" width="1.8" height="5.6" rx=".9" fill="#fff"/><circle cx="8" cy="11.6" r="1.05" fill="#fff"/></svg>`;

export const iconCheck = () => html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" class="icon-check"><circle cx="8" cy="8" r="7.25" fill="#16a34a"/><path d="M4.6 8.3l2.3 2.3 4.5-4.9" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export const iconBin = () => html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" class="icon-bin"><path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.3a1 1 0 0 0 1 .9h3.8a1 1 0 0 0 1-.9l.6-8.3M6.8 7v4.5M9.2 7v4.5" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export const iconWarning = () => html`<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M8 1.8l6.6 11.6H1.4z" fill="#dc2626"/><rect x="7.2" y="6" width="1.6" height="4" rx=".8" fill="#fff"/><circle cx="8" cy="11.6" r=".9" fill="#fff"/></svg>`;

export const iconClose = () => html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>`;

export const iconSort = (direction) => html`<svg width="10" height="12" viewBox="0 0 10 12" aria-hidden="true" focusable="false"><path d="M5 1L8.5 5h-7z" fill=${direction === 'ASC' ? 'currentColor' : '#c3c8d0'} /><path d="M5 11L1.5 7h7z" fill=${direction === 'DESC' ? 'currentColor' : '#c3c8d0'} /></svg>`;

export const iconDownload = () => html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M8 2.5v7.5M4.8 7L8 10.2 11.2 7M3 13h10" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export const iconLink = () => html`<svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false" class="icon-link"><path d="M6.8 9.2a2.6 2.6 0 0 0 3.7 0l2.3-2.3a2.6 2.6 0 0 0-3.7-3.7l-.9.9M9.2 6.8a2.6 2.6 0 0 0-3.7 0L3.2 9.1a2.6 2.6 0 0 0 3.7 3.7l.9-.9" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/></svg>`;

export const iconSearch = () => html`<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle cx="7" cy="7" r="4.6" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M10.5 10.5l3.6 3.6" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>`;
