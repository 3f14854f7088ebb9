"""Benchmarks of citevault against reference tools, each run as ``python -m bench.<name>``."""
