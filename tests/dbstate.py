"""What the database holds, table by table: for tests that must prove nothing changed (or all came back)."""

from django.db import connection


def _tables():
    return sorted(connection.introspection.table_names())


def row_counts() -> dict[str, int]:
    """Rows in every table (one query)."""
    sql = " UNION ALL ".join(
        f"SELECT %s, count(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608 - introspected, quoted names
        for table in _tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, _tables())
        return dict(cursor.fetchall())


def snapshot() -> dict:
    """Every row of every table, plus every sequence's position: a dumpdata that misses nothing.

    Covers every model of every app (through tables, sessions, the task queue's tables) without
    naming any, so new apps' data is compared the day they are merged.
    """
    state = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected name
            columns = [column.name for column in cursor.description]
            state[table] = sorted((tuple(zip(columns, row, strict=True)) for row in cursor.fetchall()), key=repr)
        cursor.execute("SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2")
        state["<sequences>"] = cursor.fetchall()
    return state
