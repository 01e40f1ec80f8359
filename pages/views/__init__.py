"""Reader pages: the essay page with its comments, the lists of essays, and posting."""
