// GraphiQL on local npm files (no CDN); an external script, so the page's Content-Security-Policy
// needs no inline script.
const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
const defaultQuery = `# serialtrace GraphQL API. Try:
{
  purchaseOrders(first: 5) {
    totalCount
    edges {
node {
  number kind status
  supplier { name }
  tracing { required assigned state }
}
    }
  }
}
`;
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: false })
);
