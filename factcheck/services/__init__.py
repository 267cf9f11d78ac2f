"""The services layer: the only API the CLI and the TUI call.

`FactcheckService` (in core.py) is the entry point; feature modules in this package hang off it.
"""

from factcheck.services.core import (
    ClaimDetail,
    ExportResult,
    FactcheckService,
    FileImportResult,
    ImportReport,
    Progress,
    SourceInfo,
    VerdictInfo,
)
from factcheck.store.queries import ClaimFilter, ClaimRow

__all__ = [
    "ClaimDetail",
    "ClaimFilter",
    "ClaimRow",
    "ExportResult",
    "FactcheckService",
    "FileImportResult",
    "ImportReport",
    "Progress",
    "SourceInfo",
    "VerdictInfo",
]
