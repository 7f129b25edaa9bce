"""pmograph's exceptions, one hierarchy, each with its exit code.

Every message says what went wrong, where (file:line, resource) and what to
do about it, in one line.  The command line prints the message and exits with
``exit_code``; the codes are documented in the README:

====  =====================================================================
code  meaning
====  =====================================================================
0     success (``validate``: the data conforms)
1     ``validate``: the data does not conform (one line per problem)
2     bad input: a file that cannot be read or parsed, bad SPARQL, a refused
      query, an unknown or ambiguous role, a bad option value
3     a query ran past its ``--timeout``
4     a remote SPARQL endpoint failed (refused, HTTP error, bad response)
5     an output file could not be written (nothing was changed)
====  =====================================================================
"""

from __future__ import annotations


class PmographError(Exception):
    """Base of every error pmograph raises on purpose."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(PmographError):
    """Something the user gave cannot be used (exit 2)."""

    exit_code = 2


class DataFileError(InputError):
    """A data file is missing, unreadable or does not parse.

    ``path``, ``line`` and ``column`` say where, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = ""
        if path is not None:
            where = path
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        super().__init__(where + message)
        self.path = path
        self.line = line
        self.column = column


class QueryError(InputError):
    """A SPARQL query is malformed (exit 2)."""


class QueryRefused(InputError):
    """A query asks for something pmograph does not do by default (exit 2):
    an update, a SERVICE call or a FROM clause."""


class UnknownResource(InputError):
    """A label or IRI names nothing in the graph, or several things (exit 2)."""

    def __init__(self, message: str, *, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class ValidationFailed(PmographError):
    """The data does not conform to the shapes or checks (exit 1)."""

    exit_code = 1


class QueryTimeout(PmographError):
    """A query ran past its deadline and was stopped (exit 3)."""

    exit_code = 3


class EndpointError(PmographError):
    """A remote SPARQL endpoint could not answer (exit 4)."""

    exit_code = 4


class OutputError(PmographError):
    """An output could not be written; the destination is unchanged (exit 5)."""

    exit_code = 5


EXIT_CODES: dict[int, str] = {
    0: "success; for validate, the data conforms",
    1: "validate: the data does not conform",
    2: "bad input: unreadable or unparsable file, bad SPARQL, refused query, unknown role",
    3: "a query ran past its --timeout",
    4: "a remote SPARQL endpoint failed",
    5: "an output file could not be written",
}
