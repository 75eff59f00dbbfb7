"""Static files as production serves them: hashed, compressed, cached for a year."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def test_collectstatic_hashes_and_compresses_and_whitenoise_serves_immutably(
    tmp_path, settings, db
):
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "static-test-" + "0123456789" * 4,
        "STATIC_ROOT": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=120,
    )  # fmt: skip
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    css = manifest["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", css)
    assert (tmp_path / (css + ".br")).exists()
    assert (tmp_path / (css + ".gz")).exists()

    settings.STATIC_ROOT = tmp_path
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    client = Client()  # a new handler, so whitenoise reads the collected files
    response = client.get("/static/" + css, headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in response["Cache-Control"]
    page = client.get("/faq/").content.decode()
    assert f'href="/static/{css}"' in page
