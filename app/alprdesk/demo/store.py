"""SQLite storage of the demo data set and the searches the endpoints run on it."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from alprdesk.demo import tables
from alprdesk.demo.params import SearchQuery
from alprdesk.demo.records import (
    Agent,
    AlertHit,
    AlertList,
    Camera,
    Candidate,
    DataSet,
    FrameImage,
    PlateGroup,
    Site,
    User,
)

# Every search joins the record's plate group, camera and site for the site and camera filters.
_CAMERA_SITE_JOIN = "JOIN cameras c ON c.id = g.camera_id JOIN sites s ON s.id = c.site_id"
_GROUP_SOURCE = f"FROM plate_groups g {_CAMERA_SITE_JOIN}"
_CANDIDATE_SOURCE = (
    f"FROM candidates k JOIN plate_groups g ON g.id = k.group_id {_CAMERA_SITE_JOIN}"
)
_ALERT_SOURCE = f"FROM alerts a JOIN plate_groups g ON g.id = a.group_id {_CAMERA_SITE_JOIN}"


class DemoStore:
    """A SQLite file with the demo data set, shared by the request threads under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._connection.row_factory = sqlite3.Row
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def load(self, dataset: DataSet) -> None:
        """Replace the demo tables in the file with the data set."""
        with self._lock, self._connection:
            self._connection.executescript(tables.SCHEMA)
            tables.insert_dataset(self._connection, dataset)

    def _fetch(self, sql: str, args: tuple[object, ...] | list[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            rows: list[sqlite3.Row] = self._connection.execute(sql, args).fetchall()
        return rows

    def sites(self) -> list[Site]:
        return [Site(r["id"], r["name"]) for r in self._fetch("SELECT * FROM sites ORDER BY id")]

    def agents(self) -> list[Agent]:
        return [
            Agent(
                r["agent_uid"],
                r["name"],
                r["site_id"],
                r["version"],
                r["last_seen_ms"],
                bool(r["online"]),
                r["operating_system"],
            )
            for r in self._fetch("SELECT * FROM agents ORDER BY site_id, name")
        ]

    def cameras(self) -> list[Camera]:
        return [
            Camera(
                r["id"],
                r["number"],
                r["name"],
                r["site_id"],
                r["agent_uid"],
                r["frame_width"],
                r["frame_height"],
                r["direction_degrees"],
            )
            for r in self._fetch("SELECT * FROM cameras ORDER BY id")
        ]

    def alert_lists(self) -> list[AlertList]:
        rows = self._fetch("SELECT * FROM alert_lists ORDER BY id")
        return [AlertList(r["id"], r["name"]) for r in rows]

    def users(self) -> list[User]:
        return [
            User(r["id"], r["username"], r["email"], bool(r["is_admin"]))
            for r in self._fetch("SELECT * FROM users ORDER BY id")
        ]

    def group(self, group_id: int) -> PlateGroup | None:
        rows = self._fetch("SELECT * FROM plate_groups WHERE id = ?", (group_id,))
        return tables.group_from_row(rows[0]) if rows else None

    def image(self, uuid: str) -> FrameImage | None:
        rows = self._fetch("SELECT * FROM images WHERE uuid = ?", (uuid,))
        return tables.image_from_row(rows[0]) if rows else None

    def search_groups(self, query: SearchQuery) -> list[PlateGroup]:
        """Return plate groups that match the query, sorted by start time."""
        sql, args = _search_sql("g.*", _GROUP_SOURCE, "g.start_ms", "g.plate_key", "g.id", query)
        return [tables.group_from_row(r) for r in self._fetch(sql, args)]

    def search_candidates(self, query: SearchQuery) -> list[Candidate]:
        """Return candidates that match the query, sorted by time."""
        sql, args = _search_sql("k.*", _CANDIDATE_SOURCE, "k.time_ms", "k.plate_key", "k.id", query)
        return [tables.candidate_from_row(r) for r in self._fetch(sql, args)]

    def search_alerts(self, query: SearchQuery) -> list[AlertHit]:
        """Return alert hits that match the query, sorted by time."""
        sql, args = _search_sql("a.*", _ALERT_SOURCE, "a.time_ms", "a.plate_key", "a.id", query)
        return [tables.alert_from_row(r) for r in self._fetch(sql, args)]


def _search_sql(
    columns: str,
    source: str,
    time_column: str,
    plate_column: str,
    id_column: str,
    query: SearchQuery,
) -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if query.start_ms is not None:
        clauses.append(f"{time_column} >= ?")
        args.append(query.start_ms)
    if query.end_ms is not None:
        clauses.append(f"{time_column} <= ?")
        args.append(query.end_ms)
    if query.plate_key is not None:
        clauses.append(f"{plate_column} = ?")
        args.append(query.plate_key)
    if query.site is not None:
        clauses.append("(lower(s.name) = lower(?) OR CAST(s.id AS TEXT) = ?)")
        args += [query.site, query.site]
    if query.camera is not None:
        clauses.append("c.number = ?")
        args.append(query.camera)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    direction = "DESC" if query.descending else "ASC"
    sql = (
        f"SELECT {columns} {source}{where} "
        f"ORDER BY {time_column} {direction}, {id_column} {direction} LIMIT ?"
    )
    args.append(query.topn)
    return sql, args
