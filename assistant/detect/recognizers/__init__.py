"""Our recognizers, one per file, in Presidio's shape. Registration happens in detect/registry.py."""
