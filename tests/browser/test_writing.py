"""A writer drafts in the Markdown editor with an uploaded image, watching the server-rendered preview;
a reader then sees the figure."""

import importlib
import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Image
from tests.browser.test_admin_csp import csp_watch  # noqa: F401 - a fixture
from tests.browser.test_magazine import _hero_jpeg
from tests.browser.test_magazine import editorial_groups as magazine_groups  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def editorial_groups(magazine_groups):  # noqa: F811
    """The groups as the migrations leave them, the media library's permissions included."""
    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("articles.migrations.0012_image_library")
    for name, perms in (("Writers", migration.WRITER_PERMS), ("Editors", migration.EDITOR_PERMS)):
        codenames = [perm.split(".")[1] for perm in perms]
        Group.objects.get(name=name).permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


def _editor_text(page):
    return page.locator("#id_body").evaluate("textarea => textarea.fluxEditor.value()")


def test_writer_drafts_with_an_image_and_a_pull_quote_watching_the_preview(
    page, browser, live_server, editorial_groups, writer, editor, section, house_author, csp_watch, tmp_path  # noqa: F811
):
    page.set_viewport_size({"width": 1366, "height": 900})
    elsewhere = []  # requests to any other origin (the editor's CDN defaults are switched off)
    page.on("request", lambda request: None if request.url.startswith(live_server.url) else elsewhere.append(request.url))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", writer.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/add/")

    page.locator("#id_headline").press_sequentially("Renting GPUs by the minute")
    page.fill("#id_dek", "Spot prices fell; so did the patience of the teams that rely on them.")
    page.select_option("#id_section", label=section.name)
    frame = page.frame_locator(".writer__frame")
    # The preview shows the headline and dek as they are typed, before any save.
    expect(frame.locator("h1")).to_have_text("Renting GPUs by the minute")
    expect(frame.locator(".article__dek")).to_contain_text("Spot prices fell")

    writing = page.locator(".field-body .CodeMirror")
    writing.click()
    page.keyboard.type("Three teams told us what they pay.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Pull quote").click()
    page.keyboard.type("Idle GPUs cost the same as busy ones.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Subhead (## )").click()
    page.keyboard.type("What it costs")
    page.keyboard.press("Enter")
    page.keyboard.type("<script>window.owned = 1</script>**Bold** claims.")

    # An image, by the toolbar's button: uploaded, then placed as a reference on a line of its own.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Image: upload, drop, paste or pick from the library").click()
    dialog = page.locator("dialog.writer-dialog")
    expect(dialog).to_be_visible()
    page.set_input_files("#writer-upload-file", str(_hero_jpeg(tmp_path / "spot-prices.jpg")))
    page.fill("#writer-upload-alt", "Line chart of spot GPU prices falling through November")
    page.fill("#writer-upload-caption", "Spot prices for one GPU hour, November")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    image = Image.objects.get()
    assert f'![Line chart of spot GPU prices falling through November](image:{image.pk} "Spot prices for one GPU hour, November")' in _editor_text(page)
    figure = frame.locator(".prose figure")
    expect(figure.locator("figcaption")).to_have_text("Spot prices for one GPU hour, November")
    expect(figure.locator("img")).to_have_attribute("srcset", re.compile(r"\.webp 480w, .+\.webp 800w, .+\.webp 1200w, .+\.webp 1400w$"))
    figure.locator("img").scroll_into_view_if_needed()
    expect(figure.locator("img")).to_have_js_property("complete", True)
    assert figure.locator("img").evaluate("img => img.naturalWidth") > 0

    # A file dropped on the text opens the same dialog; one that isn't an image is refused with a reason.
    page.locator(".field-body .CodeMirror").evaluate(
        """(editor) => {
            const data = new DataTransfer();
            data.items.add(new File(["<svg><script>alert(1)</script></svg>"], "logo.svg", {type: "image/svg+xml"}));
            const box = editor.getBoundingClientRect();
            editor.querySelector(".CodeMirror-scroll").dispatchEvent(new DragEvent("drop",
                {dataTransfer: data, clientX: box.left + 20, clientY: box.top + 20, bubbles: true, cancelable: true}));
        }"""
    )
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-upload-chosen]")).to_contain_text("logo.svg")
    page.fill("#writer-upload-alt", "Our logo")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog.locator("[data-upload-error]")).to_contain_text("Upload a real JPEG, PNG, WebP or GIF image")
    dialog.get_by_role("button", name="Cancel").click()
    assert Image.objects.count() == 1

    # The server's rendering, with the site's CSS, appears beside the editor.
    expect(frame.locator(".prose aside.pullquote")).to_have_text("Idle GPUs cost the same as busy ones.")
    expect(frame.locator(".prose h2")).to_have_text("What it costs")
    expect(frame.locator(".prose strong")).to_have_text("Bold")
    assert frame.locator(".prose script").count() == 0
    assert page.frames[1].evaluate("window.owned === undefined")
    assert frame.locator(".prose aside.pullquote").evaluate("el => getComputedStyle(el).fontStyle") == "italic"  # site.css
    expect(page.locator("[data-writer-words]")).to_have_text(re.compile(r"^\d\d words$"))
    expect(page.locator("[data-writer-minutes]")).to_have_text("1 min read")

    # Search and social previews follow the fields, with counters.
    page.fill("#id_seo_description", "What renting GPUs by the minute costs three small teams, and when owning wins.")
    expect(page.locator("[data-serp-description]")).to_have_text("What renting GPUs by the minute costs three small teams, and when owning wins.")
    expect(page.locator("[data-card-title]")).to_have_text("Renting GPUs by the minute")
    expect(page.locator("#id_seo_description_counter")).to_contain_text("78 characters")
    page.fill("#id_seo_title", "x" * 60)
    expect(page.locator("#id_seo_title_counter")).to_have_class(re.compile("char-counter--over"))
    page.fill("#id_seo_title", "")

    page.fill("#id_review_note", "Ready for a read; the chart is ours.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("is in the editors' review queue")
    article = Article.objects.get(headline="Renting GPUs by the minute")
    assert article.submitted_at is not None
    assert ">> Idle GPUs cost the same as busy ones." in article.body
    assert '<aside class="pullquote">' in article.body_html and "<script" not in article.body_html
    assert article.status == Article.Status.DRAFT
    assert f"(image:{image.pk} " in article.body and "<figure>" in article.body_html
    assert csp_watch() == []
    assert elsewhere == []

    # An editor finds it in the review queue, leaves a note and publishes it.
    editors_browser = browser.new_context()
    desk = _log_in(editors_browser, live_server, editor)
    desk.goto(f"{live_server.url}/admin/articles/article/?state=review")
    desk.get_by_role("link", name="Renting GPUs by the minute").click()
    expect(desk.locator(".field-review_history")).to_contain_text("submitted it for review: “Ready for a read; the chart is ours.”")
    desk.fill("#id_review_note", "Tight and sourced. Publishing.")
    desk.select_option("#id_status", "published")
    desk.click("input[name=_save]")
    expect(desk.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.is_published and article.submitted_at is None
    assert article.review_notes.last().text == "Tight and sourced. Publishing."
    editors_browser.close()

    # Published, the story shows readers the figure with its renditions.
    reader = browser.new_page(viewport={"width": 390, "height": 844})
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    picture = reader.locator(".article__body figure img")
    expect(picture).to_have_attribute("sizes", "(min-width: 48rem) 46rem, calc(100vw - 2rem)")
    expect(picture).to_have_attribute("loading", "lazy")
    expect(picture).to_have_attribute("alt", "Line chart of spot GPU prices falling through November")
    picture.scroll_into_view_if_needed()
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth > 0 && img.currentSrc.endsWith('.webp')")
    expect(reader.locator(".article__body figcaption")).to_have_text("Spot prices for one GPU hour, November")
    reader.close()


def _log_in(context, live_server, user):
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    return page


def test_a_closed_tab_gets_its_text_back_and_a_stale_save_is_refused(browser, live_server, editorial_groups, writer, editor, make_article):
    draft = make_article(status=Article.Status.DRAFT, headline="Spot GPUs", body="Saved words.")
    url = f"{live_server.url}/admin/articles/article/{draft.pk}/change/"
    writers_browser = browser.new_context()
    page = _log_in(writers_browser, live_server, writer)
    page.goto(url)
    page.locator(".field-body .CodeMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Words typed before the tab closed.")
    expect(page.locator("[data-writer-autosave]")).to_contain_text(re.compile(r"Saved \d\d:\d\d"))
    page.close()  # the tab is gone; nothing was saved

    page = writers_browser.new_page()
    page.goto(url)
    offer = page.locator(".writer-restore")
    expect(offer).to_contain_text("was never saved")
    assert _editor_text(page) == "Saved words."
    offer.get_by_role("button", name="Restore it").click()
    assert _editor_text(page) == "Saved words. Words typed before the tab closed."
    expect(offer).to_have_count(0)

    # Meanwhile an editor changes the headline and saves.
    editors_browser = browser.new_context()
    other = _log_in(editors_browser, live_server, editor)
    other.goto(url)
    # The heartbeat tells the editor who else has the article open.
    expect(other.locator(".writer-presence")).to_have_text(
        f"{writer.username} also has this article open. If you both save, the later save is refused."
    )
    other.fill("#id_headline", "Spot GPUs, by the minute")
    other.click("input[name=_save]")
    expect(other.locator(".messagelist")).to_contain_text("was changed successfully")

    # The writer's save, from the older version, is refused; their text stays in the form.
    page.click("input[name=_save]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errorlist.nonfield")).to_contain_text(f"Not saved: {editor.username} saved this article at")
    expect(page.locator(".errorlist.nonfield")).to_contain_text("differs from yours in: Headline, Body")
    assert _editor_text(page) == "Saved words. Words typed before the tab closed."
    draft.refresh_from_db()
    assert (draft.headline, draft.body) == ("Spot GPUs, by the minute", "Saved words.")
    writers_browser.close()
    editors_browser.close()
