"""Netwerkregie's benchmark suite: ``make bench`` or ``python -m benchmarks`` (README.md here)."""
