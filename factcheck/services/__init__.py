"""The services layer: the only API the CLI and the TUI call.

`FactcheckService` (core.py) holds one workspace and the services over it.
"""

from factcheck.services.core import FactcheckService
from factcheck.services.results import (
    ClaimChangeInfo,
    ClaimDetail,
    ExportResult,
    FileImportResult,
    ImportReport,
    Progress,
    SourceInfo,
    VerdictInfo,
)
from factcheck.services.reviews import check_source_url
from factcheck.store.queries import UNASSIGNED, ClaimFilter, ClaimRow, ReviewQueue

__all__ = [
    "UNASSIGNED",
    "ClaimChangeInfo",
    "ClaimDetail",
    "ClaimFilter",
    "ClaimRow",
    "ExportResult",
    "FactcheckService",
    "FileImportResult",
    "ImportReport",
    "Progress",
    "ReviewQueue",
    "SourceInfo",
    "VerdictInfo",
    "check_source_url",
]
