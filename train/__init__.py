"""Training code and data for the learned parts of the product (not installed with the package)."""
