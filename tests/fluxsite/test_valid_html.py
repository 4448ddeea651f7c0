"""Every public page type is valid HTML to the Nu Html Checker (vnu), run offline on the rendered pages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.fluxsite.test_pages import demo, page_urls  # noqa: F401 (demo is a fixture)

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BROKEN = "<!doctype html><html lang=en><title>x</title><p><div>not closed</p>"


def check(paths):
    """vnu's error messages for these files, by file name."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    found = {}
    for message in json.loads(result.stderr)["messages"]:
        found.setdefault(Path(message.get("url", "")).name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '').strip()}]"
        )
    return found


def test_every_page_type_is_valid_html(client, demo, tmp_path):  # noqa: F811
    if not shutil.which("java"):
        pytest.skip("Java is missing, and the Nu Html Checker runs on it (.ci/run installs default-jre-headless)")
    assert VNU.exists(), "vnu-jar is missing from node_modules: run `npm ci` (make test and .ci/run do)"
    pages = {}
    for n, url in enumerate([*page_urls(), "/no-such-page/"]):
        response = client.get(url)
        assert response.status_code == (404 if url == "/no-such-page/" else 200), url
        path = tmp_path / f"page-{n:02}.html"
        path.write_bytes(response.content)
        pages[path.name] = url
    # A page known to be broken proves the checker ran and reads our files.
    (tmp_path / "broken.html").write_text(BROKEN)

    errors = check(sorted(tmp_path.glob("*.html")))

    assert errors.pop("broken.html", None), "vnu found nothing wrong with a broken page: is it running?"
    report = [f"{pages.get(name, name)} {line}" for name, lines in errors.items() for line in lines]
    assert not report, "\n".join(report)
