"""Reproducible timings on the large demo workspace (`python -m benchmarks`)."""
