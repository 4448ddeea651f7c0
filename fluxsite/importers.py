"""One way to import a file, for tools, subscribers and market quotes.

A file is read and checked as a whole: its columns against what the importer knows (an unknown or
missing column refuses the file, so a typo never drops data), then every row by the app's own rules.
Any problem raises ImportRejected listing every bad row with its line; the app writes only a clean
batch, in one transaction, so a bad row never leaves half a file applied.
"""

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem: `line` in a file (or `index` in an API array), the field if known, and why."""

    message: str
    line: int | None = None
    index: int | None = None
    field: str | None = None

    def __str__(self):
        where = f"line {self.line}" if self.line is not None else f"item {self.index}" if self.index is not None else "file"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_json(self):
        return {key: value for key, value in vars(self).items() if value is not None}


class ImportRejected(Exception):
    """A file or a batch was refused as a whole; `errors` (RowErrors) says where and why. Nothing was written."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors[:5]))


def decode(data, *, max_bytes=None):
    """The text of an uploaded file: UTF-8, with or without a byte-order mark."""
    if isinstance(data, str):
        return data
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportRejected([RowError(f"The file is larger than {max_bytes // (1024 * 1024)} MB.")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [RowError(f"The file is not UTF-8 text (byte {exc.start}); save it as CSV (UTF-8) and try again.", line=1)]
        ) from None


def read_csv(data, *, columns, required, max_bytes=None):
    """Return ((`line`, n), row) pairs of a CSV file with a header row; raise ImportRejected.

    Column names are matched without case or surrounding spaces. Every column must be one of
    `columns` and every one of `required` must be there; a row with more cells than the header,
    or unreadable CSV, is an error on its line.
    """
    reader = csv.DictReader(io.StringIO(decode(data, max_bytes=max_bytes), newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise ImportRejected([RowError(f"Not valid CSV: {exc}.", line=1)]) from None
    if not header:
        raise ImportRejected([RowError("The file is empty: expected a header row, then one row per record.", line=1)])
    reader.fieldnames = names = [name.strip().lower() for name in header]
    problems = [RowError(f"Unknown column “{name}”.", line=1) for name in names if name not in columns]
    problems += [RowError(f"Missing column “{name}”.", line=1) for name in sorted(set(required) - set(names))]
    if problems:
        raise ImportRejected(problems)
    rows, errors = [], []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                errors.append(RowError(f"This row has more cells than the header ({len(row[None])} extra).", line=line))
                continue
            rows.append((("line", line), {key: value for key, value in row.items() if value is not None}))
    except csv.Error as exc:
        errors.append(RowError(f"Not valid CSV: {exc}.", line=reader.line_num))
    if errors:
        raise ImportRejected(errors)
    return rows
