"""Essays, their authors, topics, sources and footnotes: the content and its rendering.

The bottom layer: it imports neither comments nor pages. Feeds, sitemap, exports, admin.
"""
