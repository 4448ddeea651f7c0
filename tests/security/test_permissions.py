"""Writers write drafts; everything else (publishing, the directory, the newsletter, users) is the
Editors' and superusers'. Checked through the admin, the only route that changes content."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

# What a Writer may open in the admin at all. Any other registered model must answer 403.
WRITER_MODELS = {"articles.article", "articles.section", "articles.author", "articles.articleauthor", "articles.image", "taggit.tag"}
WRITER_APPS = {"articles", "taggit"}


def _article_form(client, url):
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in ("hero_image", "tags")}
    data.update({"tags": "", "byline-TOTAL_FORMS": "0", "byline-INITIAL_FORMS": "0"})
    return data


def _publish(client, url, **data):
    payload = _article_form(client, url)
    payload.update(status="published", published_at_0="2026-01-01", published_at_1="10:00:00", is_featured="on", **data)
    return client.post(url, payload)


def test_writer_cannot_publish_an_existing_draft(client, writer, make_article):
    draft = make_article(status="draft", published_at=None)
    client.force_login(writer)
    response = _publish(client, f"/admin/articles/article/{draft.pk}/change/", headline="Edited by the writer")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Edited by the writer", "writing is allowed"
    assert (draft.status, draft.published_at, draft.is_featured) == ("draft", None, False)


def test_writer_cannot_publish_a_new_article(client, writer, section):
    from articles.models import Article

    client.force_login(writer)
    response = _publish(
        client, "/admin/articles/article/add/", headline="Fresh", slug="fresh", section=str(section.pk), body="Text."
    )
    assert response.status_code == 302
    assert Article.objects.get(slug="fresh").status == "draft"


def test_editor_publishes(client, editor, make_article):
    draft = make_article(status="draft", published_at=None)
    client.force_login(editor)
    assert _publish(client, f"/admin/articles/article/{draft.pk}/change/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published" and draft.is_featured


def test_writer_reaches_nothing_outside_the_writing_desk(client, writer):
    client.force_login(writer)
    reached = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        if label in WRITER_MODELS:
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for url in (reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")):
            status = client.get(url).status_code
            if status != 403:
                reached.append((url, status))
    assert reached == []


def test_writers_group_holds_only_writing_permissions(db):
    perms = Group.objects.get(name="Writers").permissions.select_related("content_type")
    foreign = [f"{p.content_type.app_label}.{p.codename}" for p in perms if p.content_type.app_label not in WRITER_APPS]
    assert foreign == []
    codenames = {p.codename for p in perms}
    assert not codenames & {"publish_article", "delete_article", "change_section", "change_author", "delete_tag", "delete_image"}
