"""Foundations every layer may use: paths, errors, the plan model, integer codes, text normalisation, settings."""
