"""Django's SQLite backend, taking the write lock without oversleeping (see base.py)."""
