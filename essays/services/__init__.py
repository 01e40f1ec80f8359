"""What can happen to essays, sources and footnotes beyond a plain admin save.

One module per concern; everything is re-exported here, so callers import from essays.services.
"""

from essays.services.corrections import essay_add_correction
from essays.services.links import (
    LinkCheckSummary,
    LinkCheckUnavailable,
    link_checker,
    source_check_links,
)
from essays.services.notes import FootnoteSync, essay_sync_footnotes
from essays.services.pasted import (
    ConversionError,
    ConversionReport,
    essay_convert_pasted_notes,
)
from essays.services.publishing import (
    essay_missing_labels,
    essay_publish,
    essay_publish_now,
    essay_unschedule,
    missing_labels_error,
)
from essays.services.rendering import essay_render, essays_render_citing, source_update
from essays.services.revisions import (
    RestoreReport,
    essay_record_revision,
    essay_restore_revision,
    essay_snapshot,
)

__all__ = [
    "ConversionError",
    "ConversionReport",
    "FootnoteSync",
    "LinkCheckSummary",
    "LinkCheckUnavailable",
    "RestoreReport",
    "essay_add_correction",
    "essay_convert_pasted_notes",
    "essay_missing_labels",
    "essay_publish",
    "essay_publish_now",
    "essay_record_revision",
    "essay_render",
    "essay_restore_revision",
    "essay_snapshot",
    "essay_sync_footnotes",
    "essay_unschedule",
    "essays_render_citing",
    "link_checker",
    "missing_labels_error",
    "source_check_links",
    "source_update",
]
