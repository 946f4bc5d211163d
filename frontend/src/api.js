// The one way the app talks to the server: POST /graphql with {query, variables}.
// Throws ApiError with a message a person can read; never resolves with partial data.

export class ApiError extends Error {
  constructor(message, { status = null, graphqlErrors = [] } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.graphqlErrors = graphqlErrors;
  }
}

export const GRAPHQL_URL = '/graphql';

export async function gql(query, variables = {}, { signal } = {}) {
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
