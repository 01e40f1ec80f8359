"""Time and peak memory of import_wordpress on a generated export; print a table.

Run from the project root:

    .venv/bin/python bench/wxr_import_bench.py                      # 2,000 posts, 100,000 comments
    .venv/bin/python bench/wxr_import_bench.py --posts 200 --comments 10000

The export has the shape of tests/data/wordpress/export.xml (pasted notes, threads four deep,
every comment status). The reference row reads the same file without writing anything, so
the ratio says what the database work costs. Uses a fresh SQLite database in a temporary
directory; nothing outside it is touched. Target: under 5 minutes and 300 MB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from fresh_site import fresh_site

AUTHORS = ("Declan Walsh", "Mira Okafor", "Tomás Reyes", "Lin Wei", "Rowan Achebe")
STATUSES = ("1", "1", "1", "1", "1", "1", "0", "trash", "spam", "1")

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://old.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ada]]></wp:author_login>
<wp:author_display_name><![CDATA[Ada Lindqvist]]></wp:author_display_name></wp:author>
"""

BODY = """<p>Paragraph {n} argues about water [1] and rivers [2], then returns to it [3].</p>
<p>{filler}</p>
<p>Notes</p>
<p>[1] Jane Marsh, Rivers of Contention (London: Verso, 2011), {n}.</p>
<p>[2] {author}, “Report on the water of district {n},” The Daily Paper, October 26, 2019.</p>
<p>[3] Ibid., 4.</p>"""


def write_export(path: Path, posts: int, comments: int) -> None:
    per_post, extra = divmod(comments, posts)
    filler = "A sentence of ordinary length that pads the body to a realistic size. " * 30
    comment_id = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(1, posts + 1):
            body = BODY.format(n=n, filler=filler, author=AUTHORS[n % 5])
            out.write(
                f"<item><title><![CDATA[Essay {n}]]></title>"
                f"<link>https://old.example.org/2020/01/essay-{n}/</link>"
                f"<dc:creator><![CDATA[ada]]></dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[Standfirst {n}.]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date>2020-01-01 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2020-01-01 09:00:00</wp:post_date_gmt>"
                f"<wp:post_name>essay-{n}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="topic-{n % 20}">Topic {n % 20}</category>'
            )
            parent = 0
            for k in range(per_post + (1 if n <= extra else 0)):
                comment_id += 1
                parent = 0 if k % 4 == 0 else comment_id - 1  # threads four deep
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author><![CDATA[Reader {comment_id}]]></wp:comment_author>"
                    f"<wp:comment_author_email>r{comment_id}@example.net</wp:comment_author_email>"
                    f"<wp:comment_author_IP>203.0.113.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>2020-01-02 09:00:00</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[Comment {comment_id} on essay {n}: "
                    f"a reply of a sentence or two.]]></wp:comment_content>"
                    f"<wp:comment_approved>{STATUSES[comment_id % 10]}</wp:comment_approved>"
                    f"<wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    f"<wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=100_000)
    args = parser.parse_args()
    with fresh_site() as tmp:
        from pages.wordpress import ImportOptions, import_wordpress
        from pages.wordpress.wxr import iter_posts, read_index

        export = tmp / "export.xml"
        write_export(export, args.posts, args.comments)
        size_mb = export.stat().st_size / 1e6
        before = peak_mb()
        started = time.perf_counter()
        read_index(export)
        sum(len(post.comments) for post in iter_posts(export))
        read_seconds = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        report = import_wordpress(export, options=ImportOptions(fetch_images=False))
        import_seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu
        after = peak_mb()
    if not report.ok:
        sys.exit(report.error)
    print(f"export: {args.posts} posts, {args.comments} comments, {size_mb:.0f} MB")
    print("| what | seconds | ratio |")
    print("|---|---:|---:|")
    print(f"| read the export, write nothing (reference) | {read_seconds:.1f} | 1.0 |")
    print(f"| import_wordpress | {import_seconds:.1f} | {import_seconds / read_seconds:.1f} |")
    # On a shared machine the wall clock includes waiting for a CPU; this is the work itself.
    print(f"CPU time of the import (this process, SQLite included): {cpu_seconds:.1f} s")
    print(f"peak memory: {after:.0f} MB (before the import: {before:.0f} MB)")
    print("\n".join(report.lines()[2:7]))


if __name__ == "__main__":
    main()
