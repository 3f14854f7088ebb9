"""The claims package's exception tree.

CitevaultError
├── InputError      the article given cannot be read (missing, empty, binary, unreachable)
│   └── NotAnArticle the input was read but holds no article text
└── StorageError    the database cannot be opened or written
"""

from __future__ import annotations


class CitevaultError(Exception):
    """Base class of every error citevault reports to its user."""


class InputError(CitevaultError):
    """The article given cannot be read."""


class NotAnArticle(InputError):
    """The input holds no article text (a home page, a login wall, an empty page)."""


class StorageError(CitevaultError):
    """The database cannot be opened or written."""
