"""Rows from a cursor (adapted from psycopg's `class_row`): a column added to the table
no longer breaks the row maker."""
import sqlite3


class User:
    def __init__(self, id, name):
        self.id, self.name = id, name

    def __repr__(self):
        return f"User({self.id}, {self.name!r})"


def class_row(cls):
    def make(cursor, values):
        names = [d[0] for d in cursor.description]
        return cls(**dict(zip(names, values)))

    return make


conn = sqlite3.connect(":memory:")
conn.execute("create table users (id integer, name text)")
conn.execute("insert into users values (1, 'ada')")
conn.row_factory = class_row(User)
print(conn.execute("select * from users").fetchall())
conn.execute("alter table users add column email text")
try:
    print(conn.execute("select * from users").fetchall())
except TypeError as error:
    print(f"TypeError: {error}")
