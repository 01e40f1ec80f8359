"""Moving a WordPress publication here: the export reader, the import that calls the essays
and comments services, the report, and the 301s from old addresses. The top layer: it may
use both apps; neither knows about it."""

from pages.wordpress.importer import ImportOptions, import_wordpress
from pages.wordpress.report import ImportReport
from pages.wordpress.wxr import WXRError

__all__ = ["ImportOptions", "ImportReport", "WXRError", "import_wordpress"]
