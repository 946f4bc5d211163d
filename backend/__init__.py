"""serialtrace: serial-number traceability from supplier to customer and back."""
