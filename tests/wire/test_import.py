"""`manage.py import_quotes`: CSV and JSON, from files and URLs; all rows or none."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wire.models import MarketQuote

CSV_OK = """symbol,label,value,unit,as_of,source
NVX,Novex Semiconductor,182.40,USD,2026-11-20T16:00:00Z,Example Exchange
NVX,Novex Semiconductor,185.10,USD,2026-11-21T16:00:00Z,Example Exchange
LLAMA70B@NIMBUS,Llama 3.3 70B at Nimbus,0.79,$/M tokens,2026-11-21T12:00:00+01:00,
"""

JSON_OK = """[
  {"symbol": "NVX", "label": "Novex Semiconductor", "value": 182.40, "unit": "USD",
   "as_of": "2026-11-20T16:00:00Z", "source": "Example Exchange"},
  {"symbol": "qwen72b@tensoryard", "label": "Qwen2.5 72B at Tensoryard", "value": "0.95",
   "unit": "$/M tokens", "as_of": "2026-11-21T16:00:00Z"}
]
"""


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_quotes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_import_creates_quotes(db, tmp_path):
    out, _ = run(write(tmp_path, "quotes.csv", CSV_OK))
    assert "3 created, 0 updated, 0 unchanged" in out
    llama = MarketQuote.objects.get(symbol="LLAMA70B@NIMBUS")
    assert llama.value == Decimal("0.79")
    assert llama.unit == "$/M tokens"
    assert llama.as_of.isoformat() == "2026-11-21T11:00:00+00:00"
    assert llama.source == "import"  # the file gave none


def test_json_import_keeps_exact_decimals_and_upper_cases_symbols(db, tmp_path):
    out, _ = run(write(tmp_path, "quotes.json", JSON_OK), "--source-name", "Markets desk")
    assert "2 created" in out
    assert MarketQuote.objects.get(symbol="NVX").value == Decimal("182.40")
    qwen = MarketQuote.objects.get(symbol="QWEN72B@TENSORYARD")
    assert qwen.source == "Markets desk"


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    path = write(tmp_path, "quotes.csv", CSV_OK)
    run(path)
    before = list(MarketQuote.objects.values_list("symbol", "as_of", "value", "updated_at"))
    out, _ = run(path)
    assert "0 created, 0 updated, 3 unchanged" in out
    assert list(MarketQuote.objects.values_list("symbol", "as_of", "value", "updated_at")) == before


def test_reimport_with_a_corrected_value_updates_in_place(db, tmp_path):
    run(write(tmp_path, "a.csv", CSV_OK))
    out, _ = run(write(tmp_path, "b.csv", CSV_OK.replace("185.10", "186.00")))
    assert "0 created, 1 updated, 2 unchanged" in out
    assert MarketQuote.objects.filter(symbol="NVX").count() == 2
    assert MarketQuote.objects.latest().value == Decimal("186.00")


def test_bad_rows_are_reported_by_line_and_nothing_is_applied(db, tmp_path, make_quote):
    existing = make_quote("NVX", "150", hours_ago=100)
    text = (
        "symbol,label,value,unit,as_of\n"  # line 1
        "NVX,Novex,151,USD,2026-11-20T16:00:00Z\n"  # line 2: fine
        "NVX,Novex,lots,USD,2026-11-21T16:00:00Z\n"  # line 3: value
        "CLDA,Cloudara,64.15,USD,2026-11-21 16:00\n"  # line 4: no UTC offset
        "\n"
        "CLDA,,64.15,USD,2026-11-22T16:00:00Z\n"  # line 6: label missing
        "CLDA,Cloudara,-1,USD,2026-11-23T16:00:00Z\n"  # line 7: negative
    )
    with pytest.raises(CommandError, match="4 error"):
        run(write(tmp_path, "bad.csv", text))
    assert MarketQuote.objects.count() == 1
    existing.refresh_from_db()
    assert existing.value == Decimal("150")


def test_errors_name_line_and_field(db, tmp_path, capsys):
    text = "symbol,label,value,unit,as_of\nNVX,Novex,151,USD,2026-11-20T16:00:00Z\nNVX,Novex,lots,USD,2026-11-21 16:00\n"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_quotes", write(tmp_path, "bad.csv", text), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "line 3: value: Enter a number." in lines
    assert any(line.startswith("line 3: as_of: Add a UTC offset") for line in lines)


def test_the_same_symbol_and_time_twice_in_one_file_is_an_error(db, tmp_path):
    text = "symbol,label,value,unit,as_of\nNVX,Novex,1,USD,2026-11-20T16:00:00Z\nNVX,Novex,2,USD,2026-11-20T17:00:00+01:00\n"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_quotes", write(tmp_path, "dup.csv", text), stdout=StringIO(), stderr=err)
    assert "line 3: as_of: Same symbol and time as line 2." in err.getvalue()
    assert not MarketQuote.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("symbol,label,value,unit,as_of,price\n", "line 1: Unknown column “price”."),
        ("symbol,label,value,as_of\n", "line 1: Missing column “unit”."),
        ("", "line 1: The file is empty"),
        ("symbol,label,value,unit,as_of\nNVX,Novex,1,USD,2026-11-20T16:00:00Z,extra\n", "line 2: This row has more cells than the header (1 extra)"),
    ],
)
def test_malformed_csv_files_are_rejected_with_reasons(db, tmp_path, text, message):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_quotes", write(tmp_path, "x.csv", text), stdout=StringIO(), stderr=err)
    assert message in err.getvalue()


def test_json_errors_point_at_the_line_each_object_starts_on(db, tmp_path):
    rows = [
        {"symbol": "NVX", "label": "Novex", "value": "1", "unit": "USD", "as_of": "2026-11-20T16:00:00Z"},
        {"symbol": "NVX", "label": "Novex", "value": True, "unit": "USD", "as_of": "2026-11-21T16:00:00Z"},
        {"symbol": "NVX", "label": "Novex", "value": "2", "unit": "USD", "as_of": "yesterday", "colour": "red"},
    ]
    text = json.dumps(rows, indent=2)  # the objects start on lines 2, 9 and 16
    err = StringIO()
    with pytest.raises(CommandError, match="3 error"):
        call_command("import_quotes", write(tmp_path, "q.json", text), stdout=StringIO(), stderr=err)
    output = err.getvalue()
    assert "line 9: value: Wrong type of value." in output
    assert "line 16: colour: Unknown field." in output
    assert not MarketQuote.objects.exists()


def test_broken_json_reports_where_it_breaks(db, tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_quotes", write(tmp_path, "q.json", '[\n  {"symbol": "NVX",}\n]'), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith("line 2: Not valid JSON")


def test_json_must_be_an_array(db, tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_quotes", write(tmp_path, "q.json", '{"symbol": "NVX"}'), stdout=StringIO(), stderr=err)
    assert "Expected a JSON array" in err.getvalue()


def test_import_from_a_url(db, feed_server):
    feed_server.routes["/feed"] = ("text/csv; charset=utf-8", CSV_OK.encode())
    out, _ = run(f"{feed_server.url}/feed")
    assert "(csv): 3 created" in out
    assert MarketQuote.objects.filter(source="127.0.0.1").count() == 1  # the row without a source


def test_unreachable_url_is_a_clear_error(db, closed_port_url):
    with pytest.raises(CommandError, match="Could not fetch"):
        run(closed_port_url)


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Could not read"):
        run(str(tmp_path / "nope.csv"))
