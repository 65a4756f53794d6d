"""SQLite table layout of the demo data set and conversion between rows and records."""

from __future__ import annotations

import sqlite3

from alprdesk.demo.plates import normalize_plate
from alprdesk.demo.records import (
    AlertHit,
    Candidate,
    Corners,
    DataSet,
    FrameImage,
    ImageStatus,
    NumberStyle,
    PlateGroup,
    Vehicle,
    WireStyle,
)

# plate_key columns hold the normalized plate text that the plate filter compares.
SCHEMA = """
DROP TABLE IF EXISTS alerts;
DROP TABLE IF EXISTS candidates;
DROP TABLE IF EXISTS plate_groups;
DROP TABLE IF EXISTS images;
DROP TABLE IF EXISTS cameras;
DROP TABLE IF EXISTS agents;
DROP TABLE IF EXISTS sites;
DROP TABLE IF EXISTS alert_lists;
DROP TABLE IF EXISTS users;
CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE agents (
    agent_uid TEXT PRIMARY KEY, name TEXT NOT NULL, site_id INTEGER NOT NULL,
    version TEXT NOT NULL, last_seen_ms INTEGER NOT NULL, online INTEGER NOT NULL,
    operating_system TEXT NOT NULL
);
CREATE TABLE cameras (
    id INTEGER PRIMARY KEY, number INTEGER NOT NULL, name TEXT NOT NULL,
    site_id INTEGER NOT NULL, agent_uid TEXT NOT NULL, frame_width INTEGER NOT NULL,
    frame_height INTEGER NOT NULL, direction_degrees INTEGER NOT NULL
);
CREATE TABLE plate_groups (
    id INTEGER PRIMARY KEY, camera_id INTEGER NOT NULL, agent_uid TEXT NOT NULL,
    best_plate TEXT NOT NULL, plate_key TEXT NOT NULL, best_confidence REAL NOT NULL,
    best_index INTEGER NOT NULL, best_uuid TEXT NOT NULL, start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL, img_width INTEGER NOT NULL, img_height INTEGER NOT NULL,
    corners TEXT NOT NULL, processing_time_ms REAL NOT NULL, region TEXT NOT NULL,
    direction_degrees INTEGER NOT NULL, vehicle_color TEXT NOT NULL,
    vehicle_body_type TEXT NOT NULL, vehicle_make TEXT, vehicle_make_model TEXT,
    hit_count INTEGER NOT NULL, time_style INTEGER NOT NULL, number_style INTEGER NOT NULL,
    camera_as_text INTEGER NOT NULL
);
CREATE TABLE candidates (
    id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, agent_uid TEXT NOT NULL,
    camera_id INTEGER NOT NULL, plate_number TEXT NOT NULL,
    plate_key TEXT NOT NULL, confidence REAL NOT NULL, plate_index INTEGER NOT NULL,
    uuid TEXT NOT NULL, time_ms INTEGER NOT NULL, time_style INTEGER NOT NULL,
    number_style INTEGER NOT NULL, camera_as_text INTEGER NOT NULL
);
CREATE TABLE alert_lists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, agent_uid TEXT NOT NULL,
    camera_id INTEGER NOT NULL, list_id INTEGER NOT NULL,
    plate_number TEXT NOT NULL, plate_key TEXT NOT NULL, confidence REAL NOT NULL,
    description TEXT NOT NULL, time_ms INTEGER NOT NULL, time_style INTEGER NOT NULL,
    number_style INTEGER NOT NULL, camera_as_text INTEGER NOT NULL
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL, email TEXT NOT NULL,
    is_admin INTEGER NOT NULL
);
CREATE TABLE images (
    uuid TEXT PRIMARY KEY, agent_uid TEXT NOT NULL, width INTEGER NOT NULL,
    height INTEGER NOT NULL, status TEXT NOT NULL, source_file TEXT, plate_text TEXT NOT NULL,
    plate_quad TEXT NOT NULL, vehicle_color TEXT NOT NULL, scene_seed INTEGER NOT NULL
);
CREATE INDEX plate_groups_start ON plate_groups (start_ms);
CREATE INDEX candidates_time ON candidates (time_ms);
CREATE INDEX alerts_time ON alerts (time_ms);
"""


def insert_dataset(connection: sqlite3.Connection, data: DataSet) -> None:
    """Insert every record of the data set. The caller commits."""
    run = connection.executemany
    run("INSERT INTO sites VALUES (?, ?)", [(s.site_id, s.name) for s in data.sites])
    run(
        "INSERT INTO agents VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                a.agent_uid,
                a.name,
                a.site_id,
                a.version,
                a.last_seen_ms,
                a.online,
                a.operating_system,
            )
            for a in data.agents
        ],
    )
    run(
        "INSERT INTO cameras VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.camera_id,
                c.number,
                c.name,
                c.site_id,
                c.agent_uid,
                c.frame_width,
                c.frame_height,
                c.direction_degrees,
            )
            for c in data.cameras
        ],
    )
    run(
        "INSERT INTO plate_groups VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [group_values(g) for g in data.groups],
    )
    run(
        "INSERT INTO candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                k.candidate_id,
                k.group_id,
                k.agent_uid,
                k.camera_id,
                k.plate_number,
                normalize_plate(k.plate_number),
                k.confidence,
                k.plate_index,
                k.uuid,
                k.time_ms,
                *style_values(k.style),
            )
            for k in data.candidates
        ],
    )
    run("INSERT INTO alert_lists VALUES (?, ?)", [(a.list_id, a.name) for a in data.alert_lists])
    run(
        "INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                a.alert_id,
                a.group_id,
                a.agent_uid,
                a.camera_id,
                a.list_id,
                a.plate_number,
                normalize_plate(a.plate_number),
                a.confidence,
                a.description,
                a.time_ms,
                *style_values(a.style),
            )
            for a in data.alerts
        ],
    )
    run(
        "INSERT INTO users VALUES (?, ?, ?, ?)",
        [(u.user_id, u.username, u.email, u.is_admin) for u in data.users],
    )
    run(
        "INSERT INTO images VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                i.uuid,
                i.agent_uid,
                i.width,
                i.height,
                i.status.value,
                i.source_file,
                i.plate_text,
                corners_text(i.plate_quad),
                i.vehicle_color,
                i.scene_seed,
            )
            for i in data.images
        ],
    )


def style_values(style: WireStyle) -> tuple[int, int, bool]:
    return style.time_style, int(style.number_style), style.camera_as_text


def style_from_row(row: sqlite3.Row) -> WireStyle:
    return WireStyle(
        time_style=row["time_style"],
        number_style=NumberStyle(row["number_style"]),
        camera_as_text=bool(row["camera_as_text"]),
    )


def corners_text(corners: Corners) -> str:
    return ",".join(str(value) for value in corners)


def corners_from_text(text: str) -> Corners:
    values = [int(part) for part in text.split(",")]
    return (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])


def group_values(g: PlateGroup) -> tuple[object, ...]:
    return (
        g.group_id,
        g.camera_id,
        g.agent_uid,
        g.best_plate,
        normalize_plate(g.best_plate),
        g.best_confidence,
        g.best_index,
        g.best_uuid,
        g.start_ms,
        g.end_ms,
        g.img_width,
        g.img_height,
        corners_text(g.corners),
        g.processing_time_ms,
        g.region,
        g.direction_degrees,
        g.vehicle.color,
        g.vehicle.body_type,
        g.vehicle.make,
        g.vehicle.make_model,
        g.hit_count,
        *style_values(g.style),
    )


def group_from_row(r: sqlite3.Row) -> PlateGroup:
    return PlateGroup(
        group_id=r["id"],
        camera_id=r["camera_id"],
        agent_uid=r["agent_uid"],
        best_plate=r["best_plate"],
        best_confidence=r["best_confidence"],
        best_index=r["best_index"],
        best_uuid=r["best_uuid"],
        start_ms=r["start_ms"],
        end_ms=r["end_ms"],
        img_width=r["img_width"],
        img_height=r["img_height"],
        corners=corners_from_text(r["corners"]),
        processing_time_ms=r["processing_time_ms"],
        region=r["region"],
        direction_degrees=r["direction_degrees"],
        vehicle=Vehicle(
            color=r["vehicle_color"],
            body_type=r["vehicle_body_type"],
            make=r["vehicle_make"],
            make_model=r["vehicle_make_model"],
        ),
        hit_count=r["hit_count"],
        style=style_from_row(r),
    )


def candidate_from_row(r: sqlite3.Row) -> Candidate:
    return Candidate(
        candidate_id=r["id"],
        group_id=r["group_id"],
        agent_uid=r["agent_uid"],
        camera_id=r["camera_id"],
        plate_number=r["plate_number"],
        confidence=r["confidence"],
        plate_index=r["plate_index"],
        uuid=r["uuid"],
        time_ms=r["time_ms"],
        style=style_from_row(r),
    )


def alert_from_row(r: sqlite3.Row) -> AlertHit:
    return AlertHit(
        alert_id=r["id"],
        group_id=r["group_id"],
        agent_uid=r["agent_uid"],
        camera_id=r["camera_id"],
        list_id=r["list_id"],
        plate_number=r["plate_number"],
        confidence=r["confidence"],
        description=r["description"],
        time_ms=r["time_ms"],
        style=style_from_row(r),
    )


def image_from_row(r: sqlite3.Row) -> FrameImage:
    return FrameImage(
        uuid=r["uuid"],
        agent_uid=r["agent_uid"],
        width=r["width"],
        height=r["height"],
        status=ImageStatus(r["status"]),
        source_file=r["source_file"],
        plate_text=r["plate_text"],
        plate_quad=corners_from_text(r["plate_quad"]),
        vehicle_color=r["vehicle_color"],
        scene_seed=r["scene_seed"],
    )
