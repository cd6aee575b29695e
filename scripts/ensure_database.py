"""Create the PostgreSQL database named by DATABASE_URL if it does not exist (`make serve`, the rush benchmark).

Django cannot: it connects to the database it is given, so a missing one is an error before any command runs.
"""

import os
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

url = os.environ["DATABASE_URL"]
name = urlsplit(url).path.lstrip("/")
if not url.startswith(("postgres://", "postgresql://")):
    sys.exit(0)
with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created the database {name}.")
