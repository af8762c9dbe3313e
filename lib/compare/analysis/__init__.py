"""Pure functions on tables: statistics, frames, vocabulary, co-occurrence, themes, networks, alignment."""
