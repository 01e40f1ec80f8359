"""The benchmark's 200-comment essay as JSON, for bench/wordpress/setup.php to load into
WordPress: its title, standfirst, rendered body and notes, and its 200 approved comments with
their threads. Builds the essay alone in a temporary SQLite database (bench/dataset.py):

    .venv/bin/python bench/wordpress/export_essay.py /tmp/wp-essay.json
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from sitebench.servers import bench_env  # noqa: E402

DUMP = """
import json, sys
import django
django.setup()
from comments.models import Comment
from dataset import COMMENTS_SLUG, build_comments_essay
from essays.models import Essay
build_comments_essay()
essay = Essay.objects.get(slug=COMMENTS_SLUG)
rows = Comment.objects.filter(essay=essay, status="approved").order_by("pk")
comments = [
    {**row, "submitted_at": row["submitted_at"].strftime("%Y-%m-%d %H:%M:%S")}
    for row in rows.values(
        "pk", "parent_id", "author_name", "author_email", "author_url", "body_html",
        "submitted_at",
    )
]
content = f"{essay.body_html}\\n<section class=footnotes>{essay.notes_html}</section>"
json.dump({"slug": COMMENTS_SLUG, "title": essay.title, "dek": essay.dek,
           "content": content, "comments": comments}, sys.stdout)
"""


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory(prefix="marginalia-wp-export-") as folder:
        env = bench_env(Path(folder), 8000) | {"PYTHONPATH": f"{ROOT}:{BENCH}"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
        dumped = subprocess.run(
            [sys.executable, "-c", DUMP], cwd=ROOT, env=env, check=True, capture_output=True
        )
    essay = json.loads(dumped.stdout)
    Path(sys.argv[1]).write_text(json.dumps(essay))
    print(f"{essay['slug']}: {len(essay['comments'])} comments -> {sys.argv[1]}")


if __name__ == "__main__":
    main()
