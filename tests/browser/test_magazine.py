"""An editor writes and publishes a tagged, illustrated story; a reader then finds it three ways."""

import importlib
import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADLINE = "Tiny models, big margins: inference at the edge"


@pytest.fixture
def editorial_groups(transactional_db):
    """Make sure the Editors/Writers groups exist.

    They come from a data migration and should be put back by serialized_rollback, but under
    pytest-xdist a worker's connection can lack the serialized snapshot after other browser
    tests flushed the database; permissions are recreated by flush, the groups are not.
    """
    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("articles.migrations.0002_editorial_groups")
    for name, perms in [("Writers", migration.WRITER_PERMS), ("Editors", migration.WRITER_PERMS + migration.EDITOR_EXTRA_PERMS)]:
        group, _ = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def _hero_jpeg(path):
    image = Image.new("RGB", (1400, 788), (18, 90, 120))
    ImageDraw.Draw(image).ellipse([300, 100, 900, 700], outline=(245, 165, 36), width=24)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def test_editor_publishes_and_reader_finds_the_story(page, browser, live_server, editorial_groups, editor, section, house_author, tmp_path):
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially(HEADLINE)  # keystrokes drive the slug prepopulation
    expect(page.locator("#id_slug")).to_have_value(re.compile(r"^tiny-models-big-margins"))
    page.fill("#id_slug", "tiny-models-big-margins")
    page.fill("#id_dek", "Small quantised models on cheap hardware are quietly paying for themselves.")
    page.select_option("#id_section", label=section.name)
    body = "## Why it pays\n\nSmall models answer most questions.\n\n>> The cheapest token is the one you never send."
    page.locator("#id_body").evaluate("(textarea, text) => textarea.fluxEditor.value(text)", body)  # the Markdown editor
    page.set_input_files("#id_hero_image", str(_hero_jpeg(tmp_path / "edge.jpg")))
    page.fill("#id_hero_alt", "A gold ring on a teal field")
    page.fill("#id_tags", "edge-inference, Gemma")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # Saved as a draft: readers can't see it yet.
    assert page.request.get(f"{live_server.url}/articles/tiny-models-big-margins/").status == 404

    page.locator("tr", has_text=HEADLINE).locator("input.action-select").check()
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 published, 0 scheduled.")

    reader = browser.new_page()
    reader.goto(f"{live_server.url}/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    hero = reader.locator(".article__hero img")
    expect(hero).to_have_attribute("alt", "A gold ring on a teal field")
    expect(hero).to_have_attribute("srcset", re.compile(r"\.webp 480w, .+\.webp 800w, .+\.webp 1200w, .+\.webp 1400w$"))
    expect(hero).to_have_js_property("complete", True)  # waits: under load the image may still be loading
    assert hero.evaluate("img => img.naturalWidth > 0")
    assert hero.evaluate("img => img.currentSrc.endsWith('.webp')")
    assert_accessible(reader)

    reader.get_by_role("link", name="#edge-inference").click()
    expect(reader.locator("h1")).to_have_text("#edge-inference")
    expect(reader.get_by_role("link", name=HEADLINE)).to_be_visible()

    reader.fill("#site-search-q", "margins edge")
    reader.press("#site-search-q", "Enter")
    expect(reader.locator("h1")).to_contain_text("Results for")
    result = reader.locator(".search-hit__title a").first
    expect(result).to_have_text(HEADLINE)
    expect(result.locator("mark").first).to_be_visible()
    assert_accessible(reader)
    reader.close()
