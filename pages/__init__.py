"""Reader pages that combine essays and their comments: the essay page, its cache, lists.

The top layer: it may import `comments` and `essays`; neither imports it.
"""
