"""The Nu Html Checker (vnu) finds no error in any public page type."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.page_types import PAGE_TYPES
from tests.tooling import missing

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if not java:
        missing("the HTML check needs java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing(f"the HTML check needs {VNU_JAR} (npm ci --omit=dev)")

    def check(paths):
        """vnu's messages per file, from one run of the checker over all of them."""
        result = subprocess.run(  # noqa: S603 - fixed arguments, local files
            [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.stdout, f"vnu did not run: {result.stderr}"
        return json.loads(result.stdout)["messages"]

    return check


def test_every_page_type_is_valid_html(client, site_content, vnu, tmp_path):
    files = {}
    for name, (path, status) in PAGE_TYPES.items():
        response = client.get(path)
        assert response.status_code == status, path
        files[name] = tmp_path / (name.replace(" ", "-") + ".html")
        files[name].write_bytes(response.content)

    messages = vnu(files.values())

    page_type = {file.name: name for name, file in files.items()}  # vnu says "file:/tmp/…"
    errors = [
        f"{page_type.get(m.get('url', '').rsplit('/', 1)[-1])} line {m.get('lastLine')}: "
        f"{m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert errors == []
