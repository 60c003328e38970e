"""Rows from a cursor are payloads: a column added to a query must not break the row maker.

Adapted from psycopg `rows.py`: `class_row` (left alone) and `kwargs_row` (rewritten)
build the same `dict(zip(names, values))` from the cursor's column names; the same shape
gets the same decision.
"""


def _get_names(cursor):
    desc = cursor.description
    return None if desc is None else [d.name for d in desc]


def no_result(values):
    raise RuntimeError("the cursor doesn't have a result")


def class_row(cls):
    def class_row_(cursor):
        names = _get_names(cursor)
        if names is None:
            return no_result

        def class_row__(values):
            return cls(**dict(zip(names, values)))

        return class_row__

    return class_row_


def kwargs_row(func):
    def kwargs_row_(cursor):
        names = _get_names(cursor)
        if names is None:
            return no_result

        def kwargs_row__(values):
            return func(**dict(zip(names, values)))

        return kwargs_row__

    return kwargs_row_


def load(cursor, make):
    for row in cursor.execute("SELECT * FROM users"):
        make(**row)
    first = cursor.fetchone()
    make(**first)
