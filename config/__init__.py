"""Project configuration: settings read from the environment, the root URLconf, WSGI/ASGI."""
