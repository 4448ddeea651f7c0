"""CSV import: idempotent on slug, all-or-nothing with per-line errors; the command and admin view."""

import io

import pytest
from django.core.management import CommandError, call_command

from directory.models import Tool
from directory.services import tool_import_csv
from fluxsite.importers import ImportRejected

HEADER = "slug,name,tagline,website_url,affiliate_url,kind,pricing_model,starting_price,is_open,licence,origin_country,editorial_rating,status,categories,tags\n"
GOOD = HEADER + (
    "hearth,Hearth,Open-weight inference,https://hearth.example/,,provider,usage,0.10,yes,Apache-2.0,NL,4.5,published,inference,open-weights;inference\n"
    "quill,Quill,Writing help,https://quill.example/,https://partners.quill.example/,app,freemium,12,no,,US,3.5,draft,,writing\n"
)


@pytest.fixture
def inference(make_category):
    return make_category(name="Inference", slug="inference")


def test_import_creates_then_updates_by_slug(inference):
    result = tool_import_csv(data=GOOD.encode())
    assert [t.slug for t in result.created] == ["hearth", "quill"]
    hearth = Tool.objects.get(slug="hearth")
    assert hearth.is_open and hearth.origin_country == "NL" and hearth.kind == "provider"
    assert list(hearth.categories.values_list("slug", flat=True)) == ["inference"]
    assert sorted(hearth.tags.names()) == ["inference", "open-weights"]
    assert Tool.objects.published().search("inference").filter(slug="hearth").exists()
    again = tool_import_csv(data=GOOD.replace("Writing help", "\"Writing help, now better\"").encode())
    assert not again.created and len(again.updated) == 2
    assert Tool.objects.count() == 2
    assert Tool.objects.get(slug="quill").tagline == "Writing help, now better"


def test_bad_rows_are_reported_by_line_and_nothing_is_saved(inference):
    data = HEADER + (
        "ok-one,OK,Fine,https://ok.example/,,app,free,,no,,,3,published,,\n"
        "bad-url,Bad,Bad URL,ftp://files.example/,,app,free,,no,,,3,published,,\n"
        "bad-kind,Bad,Bad kind,https://b.example/,,spaceship,free,,no,,,3,published,,\n"
        "bad-rating,Bad,Rating,https://c.example/,,app,free,,no,,,9,published,,\n"
        "bad-cat,Bad,Category,https://d.example/,,app,free,,no,,,3,published,nope,\n"
        "ok-one,Dup,Duplicate,https://e.example/,,app,free,,no,,,3,published,,\n"
        "bad-aff,Bad,Affiliate,https://f.example/,javascript:alert(1),app,free,,maybe,,,3,published,,\n"
        ",No slug,Missing,https://g.example/,,app,free,,no,,,3,published,,\n"
    )
    with pytest.raises(ImportRejected) as failure:
        tool_import_csv(data=data.encode())
    lines = {error.line: error.message for error in failure.value.errors}
    assert set(lines) == {3, 4, 5, 6, 7, 8, 9}
    assert "website_url" in lines[3] and "kind" in lines[4] and "editorial_rating" in lines[5]
    assert "nope" in lines[6] and "line 2" in lines[7] and "affiliate_url" in lines[8] and "is_open" in lines[8]
    assert "slug" in lines[9]
    assert not Tool.objects.exists()


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"\xff\xfe not utf-8", "UTF-8"),
        (b"name,tagline\nx,y\n", "Missing column"),
        (b"slug,name,tagline,website_url,colour\n", "Unknown column"),
        (b"slug,name,tagline,website_url\n", "no rows"),
        (b"slug,name,tagline,website_url\na,b,c,https://a.example/,extra\n", "more cells"),
    ],
)
def test_malformed_files_are_rejected_with_a_reason(db, data, expected):
    with pytest.raises(ImportRejected) as failure:
        tool_import_csv(data=data)
    assert expected in " ".join(error.message for error in failure.value.errors)


def test_management_command(tmp_path, inference):
    path = tmp_path / "tools.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("import_tools", str(path), stdout=out)
    assert "2 created, 0 updated" in out.getvalue()
    path.write_text(GOOD.replace("hearth.example", "hearth.invalid").replace("https://", "ftp://", 1))
    with pytest.raises(CommandError) as error:
        call_command("import_tools", str(path), stdout=io.StringIO())
    assert "line 2" in str(error.value)
    assert Tool.objects.get(slug="hearth").website_url == "https://hearth.example/"
