"""Essays in the admin, one module per screen; importing them registers the ModelAdmins."""

from essays.admin import essay, media, sources, taxonomy

__all__ = ["essay", "media", "sources", "taxonomy"]
