"""A small order-processing service used to demonstrate every sturdy codemod."""
