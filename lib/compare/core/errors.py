"""Errors a user can act on: which file, which line, what was expected."""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "ChecksumError", "ParseError", "ValidationError", "InputWarning", "first_error"]


class InputError(ValueError):
    """Bad input: names the file, the line (if any), what was found and what was expected.

    Examples
    --------
    >>> str(InputError("data/raw/x.txt", 12, "expected a section heading like (1)"))
    'data/raw/x.txt, line 12: expected a section heading like (1)'
    """

    def __init__(self, file: str | Path, line: int | None, message: str):
        self.file = str(file)
        self.line = line
        self.message = message
        where = self.file if line is None else f"{self.file}, line {line}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        """Pickled by its three parts, so that an error raised in a worker process arrives whole.

        >>> import pickle
        >>> str(pickle.loads(pickle.dumps(ValidationError("x.csv", 3, "bad"))))
        'x.csv, line 3: bad'
        """
        return (type(self), (self.file, self.line, self.message))


class ChecksumError(InputError):
    """A raw file is missing or differs from the hash recorded in MANIFEST.csv."""


class ParseError(InputError):
    """A raw text does not have the structure the parser expects."""


class ValidationError(InputError):
    """A user-supplied table (e.g. an extra city's nodes file) breaks the plan model's rules."""


class InputWarning(InputError):
    """Worth a reviewer's look but not wrong by any rule (PDF debris, a title that may be truncated): reported by
    ``python -m compare check`` and logged by the build, which goes on."""


def first_error(problems) -> InputError | None:
    """The first problem that is not a warning, by file and line (a build stops at it).

    >>> first_error([InputWarning("a.csv", 2, "w"), ValidationError("a.csv", 9, "x"), ValidationError("a.csv", 3, "y")])
    ValidationError('a.csv, line 3: y')
    >>> first_error([InputWarning("a.csv", 2, "w")]) is None
    True
    """
    errors = [p for p in problems if not isinstance(p, InputWarning)]
    return min(errors, key=lambda p: (p.file, p.line or 0, p.message)) if errors else None
