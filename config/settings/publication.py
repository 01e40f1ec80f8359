"""The publication's own settings: essays, sources and images, comments, the spam check,
mail to readers and moderators, and the reader pages' caches. Documented in README.md."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import DEBUG, env

# ESSAYS
# ------------------------------------------------------------------------------
ESSAYS_PER_PAGE = env.int("ESSAYS_PER_PAGE", default=10)
# Default comment switch for new essays: "open", "closed" or "after_days".
ESSAYS_DEFAULT_COMMENTS = env.str("ESSAYS_DEFAULT_COMMENTS", default="after_days")
ESSAYS_CLOSE_COMMENTS_AFTER_DAYS = env.int("ESSAYS_CLOSE_COMMENTS_AFTER_DAYS", default=60)
ESSAYS_WORDS_PER_MINUTE = 230
# Footnote numbering of new essays: "lower-roman", "arabic" or "symbols".
ESSAYS_DEFAULT_NOTE_STYLE = env.str("ESSAYS_DEFAULT_NOTE_STYLE", default="lower-roman")
if ESSAYS_DEFAULT_NOTE_STYLE not in {"lower-roman", "arabic", "symbols"}:
    raise ImproperlyConfigured(
        "ESSAYS_DEFAULT_NOTE_STYLE must be lower-roman, arabic or symbols, "
        f"not {ESSAYS_DEFAULT_NOTE_STYLE!r}."
    )
# How new essays set out a source cited again: "shortened" (Chicago's shortened notes) or
# "ibid" ("Ibid." right after the same source, shortened notes further on).
ESSAYS_DEFAULT_CITATION_STYLE = env.str("ESSAYS_DEFAULT_CITATION_STYLE", default="shortened")
if ESSAYS_DEFAULT_CITATION_STYLE not in {"shortened", "ibid"}:
    raise ImproperlyConfigured(
        "ESSAYS_DEFAULT_CITATION_STYLE must be shortened or ibid, "
        f"not {ESSAYS_DEFAULT_CITATION_STYLE!r}."
    )
SEARCH_MAX_TERMS = 8
# essays.outbound fetches only public addresses; networks listed here are reachable too
# (tests name 127.0.0.1/32 for their local servers; production leaves it empty).
OUTBOUND_ALLOWED_NETWORKS = env.list("OUTBOUND_ALLOWED_NETWORKS", default=[])
# Where a DOI and an ISBN are looked up when an editor fills in a source (the Source form's
# "Fill in", Insert note): https://api.crossref.org/swagger-ui/index.html and
# https://openlibrary.org/dev/docs/api/books. Tests point both at servers on 127.0.0.1.
CROSSREF_API_URL = env.str("CROSSREF_API_URL", default="https://api.crossref.org")
OPENLIBRARY_URL = env.str("OPENLIBRARY_URL", default="https://openlibrary.org")
# The editor waits for the answer: seconds for the whole lookup, redirects and all.
SOURCE_LOOKUP_DEADLINE = env.float("SOURCE_LOOKUP_DEADLINE", default=8.0)
# Uploads with more pixels are refused, and stored ones get no renditions: a small file can
# promise an image that takes gigabytes to decode.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Bytes of one uploaded image; deploy/nginx.conf's client_max_body_size sits just above it.
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=25_000_000)
# Serve MEDIA_ROOT from Django (for `make run`); in production let the web server do it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

# COMMENTS
# ------------------------------------------------------------------------------
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=3)
# Top-level threads per page of comments. 20: a page of threads with a few replies each stays
# a few screens long (the issue measured 50 threads of four at 18,000 px), and most essays'
# discussions still fit on one page.
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=20)
COMMENTS_MAX_NAME_LENGTH = 80
COMMENTS_MAX_URL_LENGTH = 200
COMMENTS_MAX_BODY_LENGTH = env.int("COMMENTS_MAX_BODY_LENGTH", default=10000)
COMMENTS_FLOOD_SECONDS = env.int("COMMENTS_FLOOD_SECONDS", default=15)
COMMENTS_HOURLY_CAP_PER_IP = env.int("COMMENTS_HOURLY_CAP_PER_IP", default=30)
COMMENTS_MIN_SUBMIT_SECONDS = env.int("COMMENTS_MIN_SUBMIT_SECONDS", default=3)
COMMENTS_FORM_MAX_AGE_HOURS = env.int("COMMENTS_FORM_MAX_AGE_HOURS", default=24)
COMMENTS_EDIT_WINDOW_MINUTES = env.int("COMMENTS_EDIT_WINDOW_MINUTES", default=10)
# WordPress's discussion settings: hold comments with more than N links.
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
# Words or phrases (also matched in name, email, URL and IP) that hold a comment or send it to spam.
COMMENTS_MODERATION_KEYS = env.list("COMMENTS_MODERATION_KEYS", default=[])
COMMENTS_DISALLOWED_KEYS = env.list("COMMENTS_DISALLOWED_KEYS", default=[])
# "all": every comment waits; "first-time": known commenters are approved when ham; "none".
COMMENTS_MODERATION_POLICY = env.str("COMMENTS_MODERATION_POLICY", default="first-time")
COMMENTS_METADATA_RETENTION_DAYS = env.int("COMMENTS_METADATA_RETENTION_DAYS", default=30)
COMMENTS_REMEMBER_COOKIE_DAYS = 365
# The request header that carries the client's IP behind a trusted proxy, e.g.
# HTTP_X_FORWARDED_FOR. Empty: REMOTE_ADDR. Each proxy appends the address it saw, so the
# client's is read from the right: past CLIENT_IP_PROXY_COUNT entries (1: one nginx), or
# past every entry inside CLIENT_IP_TRUSTED_PROXIES (networks, e.g. a CDN's) when set.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=1)
CLIENT_IP_TRUSTED_PROXIES = env.list("CLIENT_IP_TRUSTED_PROXIES", default=[])
if CLIENT_IP_PROXY_COUNT < 1:
    raise ImproperlyConfigured("CLIENT_IP_PROXY_COUNT must be 1 or more.")

# SPAM CHECK
# ------------------------------------------------------------------------------
# https://akismet.com/developers/ (any Akismet-compatible service works)
AKISMET_API_KEY = env.str("AKISMET_API_KEY", default="")
AKISMET_API_URL = env.str("AKISMET_API_URL", default="https://rest.akismet.com/1.1/")
# Flags every call as test traffic, so the service does not learn from it.
AKISMET_IS_TEST = env.bool("AKISMET_IS_TEST", default=DEBUG)
# The reader waits for the check: about 2 s in all, retries included.
AKISMET_CONNECT_TIMEOUT = env.float("AKISMET_CONNECT_TIMEOUT", default=0.5)
AKISMET_READ_TIMEOUT = env.float("AKISMET_READ_TIMEOUT", default=1.5)
AKISMET_RETRIES = env.int("AKISMET_RETRIES", default=2)
AKISMET_BACKOFF = env.float("AKISMET_BACKOFF", default=0.1)
# "akismet" or "embedded" (offline: local signals and a model trained by moderators).
SPAM_CHECKER = env.str("SPAM_CHECKER", default="akismet" if AKISMET_API_KEY else "embedded")
if SPAM_CHECKER not in {"akismet", "embedded"}:
    raise ImproperlyConfigured(f"SPAM_CHECKER is {SPAM_CHECKER!r}; set akismet or embedded.")
if SPAM_CHECKER == "akismet" and not AKISMET_API_KEY:
    raise ImproperlyConfigured(
        "SPAM_CHECKER=akismet needs AKISMET_API_KEY; set it, or SPAM_CHECKER=embedded."
    )
# Blatant spam ("discard") is kept out of the moderation queue for N days, then deleted;
# SPAM_DISCARD_DROP deletes it at once, like WordPress's "silently discard" option.
SPAM_DISCARD_DROP = env.bool("SPAM_DISCARD_DROP", default=False)
SPAM_DISCARD_KEEP_DAYS = env.int("SPAM_DISCARD_KEEP_DAYS", default=15)
# A failed check is retried after 1, 2, 4 ... minutes, at most every 6 hours.
SPAM_RETRY_BASE_SECONDS = env.int("SPAM_RETRY_BASE_SECONDS", default=60)
SPAM_RETRY_MAX_SECONDS = env.int("SPAM_RETRY_MAX_SECONDS", default=6 * 3600)
# process_spam_queue: comments claimed per batch, how long a claim lasts, idle sleep.
SPAM_QUEUE_BATCH = env.int("SPAM_QUEUE_BATCH", default=20)
SPAM_QUEUE_LEASE_SECONDS = env.int("SPAM_QUEUE_LEASE_SECONDS", default=300)
SPAM_QUEUE_SLEEP_SECONDS = env.float("SPAM_QUEUE_SLEEP_SECONDS", default=5.0)
# Embedded checker: the model's spam probability that alone means spam, and with a link.
SPAM_BAYES_THRESHOLD = env.float("SPAM_BAYES_THRESHOLD", default=0.9)
SPAM_BAYES_UNSURE = env.float("SPAM_BAYES_UNSURE", default=0.6)
# Embedded checker: this many links alone mean spam (the moderation rules hold fewer).
SPAM_MAX_LINKS = env.int("SPAM_MAX_LINKS", default=6)

# MODERATION
# ------------------------------------------------------------------------------
# Moderators are mailed when a comment is held, then at most once per this many minutes
# (run `manage.py send_moderation_digest --forever`, or from cron, for what waits).
COMMENTS_NOTIFY_DIGEST_MINUTES = env.int("COMMENTS_NOTIFY_DIGEST_MINUTES", default=15)
# Used only when no active user with the can_moderate permission has an email address.
COMMENTS_MODERATOR_EMAILS = env.list("COMMENTS_MODERATOR_EMAILS", default=[])
# `manage.py purge_comments` deletes trash older than this, and blatant spam older than
# SPAM_DISCARD_KEEP_DAYS (WordPress's EMPTY_TRASH_DAYS is 30 too:
# https://developer.wordpress.org/reference/functions/wp_scheduled_delete/).
COMMENTS_TRASH_KEEP_DAYS = env.int("COMMENTS_TRASH_KEEP_DAYS", default=30)
# How long the Undo offered after a moderation action stays valid.
COMMENTS_UNDO_SECONDS = 3600

# NOTIFICATIONS
# ------------------------------------------------------------------------------
# Readers' mail goes through the outbox, sent by `manage.py process_spam_queue` (the one
# worker) with EMAIL_URL's backend; a failed send is retried with backoff, never dropped.
# A confirmation link is valid this long (double opt-in); unsubscribe and manage links longer.
COMMENTS_CONFIRM_LINK_DAYS = env.int("COMMENTS_CONFIRM_LINK_DAYS", default=3)
COMMENTS_SUBSCRIPTION_LINK_DAYS = env.int("COMMENTS_SUBSCRIPTION_LINK_DAYS", default=365)
# At most this many confirmation mails to one address per hour (a form is no mail cannon).
COMMENTS_CONFIRM_MAILS_PER_HOUR = env.int("COMMENTS_CONFIRM_MAILS_PER_HOUR", default=3)
# "Follow this discussion" requests from one IP address (IPv6: its /64) per hour.
COMMENTS_FOLLOWS_PER_HOUR = env.int("COMMENTS_FOLLOWS_PER_HOUR", default=10)
# Digest subscribers get one mail per this many hours; sent mail is kept this many days.
COMMENTS_DIGEST_HOURS = env.int("COMMENTS_DIGEST_HOURS", default=24)
COMMENTS_OUTBOX_KEEP_DAYS = env.int("COMMENTS_OUTBOX_KEEP_DAYS", default=30)
# Mails per claim (each may take EMAIL_TIMEOUT, all within SPAM_QUEUE_LEASE_SECONDS), and
# the longest wait between retries of one mail.
COMMENTS_OUTBOX_BATCH = env.int("COMMENTS_OUTBOX_BATCH", default=10)
COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS = env.int("COMMENTS_OUTBOX_MAX_BACKOFF_SECONDS", default=3600)

# PERFORMANCE
# ------------------------------------------------------------------------------
# Anonymous essay pages are kept in the cache above (CACHE_URL) under keys made of content
# stamps (pages/caching.py), so an edit shows at once and nothing needs purging; this is
# only how long an unread version lingers. 0 turns the page cache off.
ESSAY_PAGE_CACHE_SECONDS = env.int("ESSAY_PAGE_CACHE_SECONDS", default=3600)
# Anonymous pages are one copy for every reader, sent with
# `Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=M`: browsers
# revalidate (304), shared caches (deploy/nginx.conf, a CDN) serve a copy for N seconds, so
# an approved comment shows within N, and serve it M seconds longer while they refetch.
# https://www.rfc-editor.org/rfc/rfc9111#name-s-maxage, https://www.rfc-editor.org/rfc/rfc5861
ESSAY_PAGE_S_MAXAGE = env.int("ESSAY_PAGE_S_MAXAGE", default=10)
ESSAY_PAGE_STALE_SECONDS = env.int("ESSAY_PAGE_STALE_SECONDS", default=30)
# The comment form's signed timestamp on a shared page is the start of a window this long,
# the same for every reader in it; time-to-fill (COMMENTS_MIN_SUBMIT_SECONDS) is measured
# from that start, so a shorter window keeps that signal sharper and refetches more often.
ESSAY_PAGE_FORM_WINDOW_SECONDS = max(1, env.int("ESSAY_PAGE_FORM_WINDOW_SECONDS", default=60))
