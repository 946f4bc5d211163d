"""The domain layer: every rule of the specification (docs/design.md, section 1) lives here. It
knows the models and the database, never GraphQL or HTTP, so the API, the importer and the
command line share it."""
