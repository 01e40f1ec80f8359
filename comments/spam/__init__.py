"""Spam checking for comments: the Akismet-compatible client and the checkers built on it."""
