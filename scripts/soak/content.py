"""An editor at work: the reference article edited in a copy of content/ and imported.

Each save N puts soaktitleN in the title, soakfaqN in the first FAQ answer and
soakbodyN at the end of the body, so a page that mixes two imports shows it
(mix.lua checks every article page under load).
"""

import re
import shutil

from scripts.production import BASE_DIR, manage
from tests.page_types import ARTICLE

SLUG = ARTICLE.strip("/").split("/")[-1]


class Editor:
    def __init__(self, workdir, env):
        self.folder = workdir / "content"
        shutil.copytree(BASE_DIR / "content", self.folder)
        self.file = self.folder / "articles" / f"{SLUG}.md"
        self.original = self.file.read_text()
        self.env = env
        self.edits = 0
        self.saved = None  # the last edit the import accepted
        self.failures = []  # (edit, exit status, last line of output)

    def edit(self):
        """Write the next edit into the article's file; returns its number."""
        n = self.edits
        self.edits += 1
        text = re.sub(
            r"^title: .*$",
            f'title: "Anxious Attachment Therapy soaktitle{n}"',
            self.original,
            count=1,
            flags=re.MULTILINE,
        )
        text = re.sub(r"(answer: >-\n\s+)", rf"\g<1>soakfaq{n} ", text, count=1)
        self.file.write_text(f"{text.rstrip()}\n\nsoakbody{n}\n")
        return n

    def save(self):
        """Edit the file and import the folder, as an editor deploying a change would."""
        n = self.edit()
        result = manage(
            self.env,
            "import_content",
            str(self.folder),
            check=False,
            capture_output=True,
            text=True,
        )
        if result.returncode == 0:
            self.saved = n
        else:
            output = (result.stderr or result.stdout).strip().splitlines() or [""]
            self.failures.append((n, result.returncode, output[-1][:300]))

    @property
    def marker(self):
        return f"soaktitle{self.saved}"
