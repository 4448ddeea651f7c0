"""Admin widgets shared by the apps: the Markdown editor with its server-rendered preview."""

from django import forms
from django.template.loader import render_to_string

from fluxsite.images import validate_image
from fluxsite.routes import reverse


class MarkdownEditor(forms.Textarea):
    """A Markdown textarea that becomes EasyMDE with a live, server-rendered preview beside it.

    static/js/admin-writing.js starts the editor; the preview is the site's own rendering
    (fluxsite.views.writing_preview) shown in a frame that loads the site's CSS, so what the
    writer sees is what readers get. Without JavaScript it is a plain textarea.
    """

    class Media:
        css = {"all": ["vendor/easymde/easymde.min.css", "css/admin-writing.css"]}
        js = ["vendor/easymde/easymde.min.js", "js/admin-writing.js"]

    def __init__(self, attrs=None, *, headline_field="", dek_field="", upload_url="", library_url=""):
        # headline_field, dek_field: form fields the preview shows above the body, as the page does.
        # upload_url, library_url: where images are uploaded and looked up (the Image button, drop, paste).
        super().__init__(
            attrs={"rows": 24, "data-preview-headline": headline_field, "data-preview-dek": dek_field, **(attrs or {})}
        )
        self.upload_url = upload_url
        self.library_url = library_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({"data-markdown-editor": "", "data-preview-url": reverse("writing_preview")})
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The frame around the textarea is a project template, which the form renderer doesn't search.
        textarea = super().render(name, value, attrs, renderer)
        return render_to_string(
            "fluxsite/widgets/markdown_editor.html",
            {
                "textarea": textarea,
                "frame_url": reverse("writing_frame"),
                "upload_url": self.upload_url,
                "library_url": self.library_url,
                "max_bytes": validate_image.max_bytes,
                "max_mb": validate_image.max_bytes // 1_048_576,
            },
        )


def render_search_preview(*, site_url, site_name, image_url=""):
    """The empty search-result and social-card previews that admin-writing.js fills as fields change."""
    return render_to_string(
        "fluxsite/widgets/search_preview.html",
        {"site_url": site_url, "site_name": site_name, "image_url": image_url},
    )
