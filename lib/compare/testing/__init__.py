"""Synthetic cities and fixtures for the tests and the benchmark."""
