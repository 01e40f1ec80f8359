"""{% picture %}: an uploaded image as a responsive <picture>, WebP first."""

from django import template

from essays.images import COLUMN_SIZES, renditions_for

register = template.Library()


@register.inclusion_tag("includes/_picture.html")
def picture(field_file, *, alt: str, sizes: str = COLUMN_SIZES, loading: str = "lazy"):
    """Renditions with srcset, sizes, width and height; loading="eager" for the first screen."""
    renditions = renditions_for(field_file)
    url = ""
    if renditions is None and field_file:
        try:
            url = field_file.url
        except ValueError:
            url = ""
    return {
        "renditions": renditions,
        "url": url,
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
    }
