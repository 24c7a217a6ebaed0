"""CSV import: reading, presets, validation, upsert and history from re-imports.

`import_csv(ws, kind, path, ...)` is the one entry point; see docs/import.md for the formats.
"""

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.importer import import_csv
from fieldvisit.ingest.kinds import KINDS
from fieldvisit.ingest.presets import PRESET_NAMES
from fieldvisit.ingest.report import ImportReport

KIND_NAMES = tuple(KINDS)

__all__ = ["KIND_NAMES", "PRESET_NAMES", "ImportProblem", "ImportReport", "import_csv"]
