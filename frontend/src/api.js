// The one way the app talks to the server: POST /graphql with {query, variables}, or as a
// multipart upload for files (gqlUpload).
// Throws ApiError with a message a person can read; never resolves with partial data.
// When the session ends (UNAUTHENTICATED): with nothing unsaved open, `st-signed-out` tells
// the app to show its sign-in screen; while a component holds unsaved work (unsaved.js),
// `st-session-ended` is dispatched instead, a small modal asks to sign in again in place
// (st-sign-in-again.js), and the request is sent again once signed in — the work stays.
// @fires st-signed-out - on window: the session ended with nothing unsaved (the app shows its sign-in screen)
// @fires st-session-ended - on window: the session ended while unsaved work is open (asked to sign in again in place)
// (`st-signed-in` {user} comes on window from st-sign-in-again.js once signed in again.)
import { hasUnsaved } from './unsaved.js';

export class ApiError extends Error {
  constructor(message, { status = null, graphqlErrors = [] } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.graphqlErrors = graphqlErrors;
  }
}

export const GRAPHQL_URL = '/graphql';

let signingInAgain = null;   // the one pending "sign in again" question, shared by all requests

/** Ask to sign in again in place; resolves true once signed in, false when the user declines. */
export function signInAgain() {
  if (!signingInAgain) {
    window.dispatchEvent(new CustomEvent('st-session-ended'));
    signingInAgain = import('./components/st-sign-in-again.js')
      .then((module) => module.askToSignInAgain())
      .catch(() => false)
      .finally(() => { signingInAgain = null; });
  }
  return signingInAgain;
}

export async function gql(query, variables = {}, { signal, retried = false } = {}) {
  let response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError('Cannot reach the server. Check your connection and try again.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered with an error (HTTP ${response.status}).`, {
      status: response.status,
    });
  }
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.some((e) => e?.extensions?.code === 'UNAUTHENTICATED')) {
    // The session ended (signed out elsewhere, expired). A request refused for that did nothing,
    // so it can be sent again once signed in.
    if (hasUnsaved()) {
      if (!retried && await signInAgain()) return gql(query, variables, { signal, retried: true });
      throw new ApiError('Your session has ended: sign in again to save. Nothing is lost; your entries are kept.', {
        status: response.status, graphqlErrors: errors,
      });
    }
    // Nothing unsaved: the app shows its sign-in screen.
    window.dispatchEvent(new CustomEvent('st-signed-out'));
  }
  if (errors.length) {
    const message = errors.map((e) => e?.message || 'Unknown error').join(' · ');
    throw new ApiError(message, { status: response.status, graphqlErrors: errors });
  }
  if (!response.ok || !body || body.data == null) {
    throw new ApiError(`The server answered with an error (HTTP ${response.status}).`, {
      status: response.status,
    });
  }
  return body.data;
}

/** Fetch every page of a connection. `pick(data)` returns the connection object. */
export async function gqlAllPages(query, variables, pick, { pageSize = 500, signal, onPage } = {}) {
  const nodes = [];
  let after = null;
  for (;;) {
    const data = await gql(query, { ...variables, first: pageSize, after }, { signal });
    const connection = pick(data);
    for (const edge of connection.edges) nodes.push(edge.node);
    if (onPage) onPage(nodes.length, connection.totalCount);
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
}

/** A readable message for anything thrown while talking to the server. */
export function errorMessage(err) {
  if (err instanceof ApiError) return err.message;
  if (err && err.message) return `Unexpected problem: ${err.message}`;
  return 'Unexpected problem.';
}

/**
 * A GraphQL multipart upload (https://github.com/jaydenseric/graphql-multipart-request-spec):
 * `files` maps a variable path ("input.file") to a File, sent as parts "0", "1", …; the CSRF
 * header the server requires on every multipart request is set here. XMLHttpRequest rather
 * than fetch, for its upload progress events: `onProgress({loaded, total, done})`, where `done`
 * turns true once the whole body is sent (the server is then working on it).
 */
export function gqlUpload(query, variables, files, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    const map = {};
    const vars = structuredClone(variables);
    Object.keys(files).forEach((path, i) => {
      map[String(i)] = [`variables.${path}`];
      const keys = path.split('.');
      let target = vars;
      for (const key of keys.slice(0, -1)) target = target[key];
      target[keys[keys.length - 1]] = null;
    });
    form.append('operations', JSON.stringify({ query, variables: vars }));
    form.append('map', JSON.stringify(map));
    Object.values(files).forEach((file, i) => form.append(String(i), file, file.name));

    const xhr = new XMLHttpRequest();
    xhr.open('POST', GRAPHQL_URL);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Serialtrace-CSRF', '1');
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.addEventListener('progress', (e) => {
        onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : null, done: false });
      });
      xhr.upload.addEventListener('load', () => onProgress({ loaded: null, total: null, done: true }));
    }
    const abort = () => xhr.abort();
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('Aborted', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', abort, { once: true });
    }
    const finish = () => signal?.removeEventListener('abort', abort);
    xhr.addEventListener('abort', () => { finish(); reject(new DOMException('Aborted', 'AbortError')); });
    xhr.addEventListener('error', () => {
      finish();
      reject(new ApiError('Cannot reach the server. Check your connection and try again.'));
    });
    xhr.addEventListener('load', () => {
      finish();
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        const text = (xhr.responseText || '').trim().slice(0, 300);
        reject(new ApiError(text && xhr.status >= 400
          ? `The server refused the upload (HTTP ${xhr.status}): ${text}`
          : `The server answered with an error (HTTP ${xhr.status}).`, { status: xhr.status }));
        return;
      }
      const errors = Array.isArray(body?.errors) ? body.errors : [];
      if (errors.length) {
        reject(new ApiError(errors.map((e) => e?.message || 'Unknown error').join(' · '),
          { status: xhr.status, graphqlErrors: errors }));
        return;
      }
      if (xhr.status < 200 || xhr.status >= 300 || !body || body.data == null) {
        reject(new ApiError(`The server answered with an error (HTTP ${xhr.status}).`, { status: xhr.status }));
        return;
      }
      resolve(body.data);
    });
    xhr.send(form);
  });
}
