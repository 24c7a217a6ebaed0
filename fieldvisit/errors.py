"""The one error hierarchy: the CLI prints these as one line, the app shows them in a dialog."""


class FieldVisitError(Exception):
    """Something the user can understand and act on."""


class WorkspaceError(FieldVisitError):
    """The workspace file is missing, foreign, corrupt, locked or from a newer version."""


class ImportProblem(FieldVisitError):
    """A CSV file was refused; `problems` lists `file:row:column: reason` lines."""

    def __init__(self, message: str, problems: list[str] | None = None, total: int | None = None):
        super().__init__(message)
        self.problems = problems or []
        self.total = total if total is not None else len(self.problems)


class NotFound(FieldVisitError):
    """An id given on the command line or in a dialog does not exist."""


class Cancelled(FieldVisitError):
    """The user cancelled a long task; nothing was changed."""


class CalendarProblem(FieldVisitError):
    """A calendar could not be read (file, event or CalDAV server named); nothing was captured."""
