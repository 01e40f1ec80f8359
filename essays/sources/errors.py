"""The ways a lookup fails, each with a message the editor reads and can act on."""


class LookupFailed(Exception):
    """Nothing was filled in; the message says why and what to do."""


class NotRecognised(LookupFailed):
    """The text is neither a DOI, an ISBN, nor a web address."""


class NotFound(LookupFailed):
    """The service answered that it has no record (404, or an empty answer)."""


class ServiceUnavailable(LookupFailed):
    """No usable answer: timeout, refused connection, 5xx, or an answer too large."""


class Unreadable(LookupFailed):
    """An answer came but could not be read (not JSON, not the expected shape, no title)."""


class Refused(LookupFailed):
    """The address is not public, so nothing was sent to it."""
