"""Japanese text: SudachiPy tokens with the project's user dictionary, and the token cache."""
