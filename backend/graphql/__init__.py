"""The GraphQL layer: types, resolvers and DataLoaders. It maps; the domain decides."""
