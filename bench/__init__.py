"""Benchmarks: throughput, latency and memory, reported with numbers (not timed tests)."""
