"""Sites, agents, cameras, users and alert lists of the synthetic demo data set."""

from __future__ import annotations

from dataclasses import dataclass

from alprdesk.demo import plates
from alprdesk.demo.factory import RecordFactory
from alprdesk.demo.plates import PlateFormat
from alprdesk.demo.records import Agent, AlertList, Camera, Site, User

HOUR_MS = 3_600_000
OFFLINE_AGENT_SILENCE_MS = 27 * HOUR_MS
AGENT_VERSION = "4.1.1"


@dataclass(frozen=True, slots=True)
class Catalog:
    sites: list[Site]
    agents: list[Agent]
    cameras: list[Camera]
    users: list[User]
    alert_lists: list[AlertList]
    # Plate formats issued near each site, with weights.
    site_formats: dict[int, list[tuple[PlateFormat, int]]]
    # Relative traffic of each camera.
    camera_weights: dict[int, int]


STOLEN_LIST = AlertList(list_id=1, name="Stolen vehicles")
AMBER_LIST = AlertList(list_id=2, name="Amber alert")

USERS: tuple[User, ...] = (
    User(user_id=1, username="admin", email="admin@example.org", is_admin=True),
    User(user_id=2, username="jrivera", email="j.rivera@example.org", is_admin=False),
    User(user_id=3, username="kpatel", email="k.patel@example.org", is_admin=False),
)


def build_catalog(factory: RecordFactory, now_ms: int) -> Catalog:
    """Build 3 sites, 4 agents (the second one offline for 27 hours) and 6 cameras."""
    sites = [
        Site(site_id=1, name="North Precinct"),
        Site(site_id=2, name="Harbour Road"),
        Site(site_id=3, name="Interstate Gate"),
    ]
    uids = [factory.make_agent_uid() for _ in range(4)]
    agents = [
        Agent(uids[0], "north-gate", 1, AGENT_VERSION, now_ms - 20_000, True, "Ubuntu 22.04"),
        Agent(
            uids[1],
            "north-rear-lot",
            1,
            "3.4.0",
            now_ms - OFFLINE_AGENT_SILENCE_MS,
            False,
            "Windows 10",
        ),
        Agent(uids[2], "harbour-road", 2, AGENT_VERSION, now_ms - 45_000, True, "Ubuntu 22.04"),
        Agent(uids[3], "interstate-gate", 3, AGENT_VERSION, now_ms - 8_000, True, "Ubuntu 24.04"),
    ]
    cameras = [
        Camera(1, 101, "North Gate inbound", 1, uids[0], 1920, 1080, 90),
        Camera(2, 102, "North Gate outbound", 1, uids[0], 1920, 1080, 270),
        Camera(3, 103, "North rear lot", 1, uids[1], 1280, 720, 180),
        Camera(4, 201, "Harbour Road eastbound", 2, uids[2], 1280, 720, 90),
        Camera(5, 202, "Harbour Road westbound", 2, uids[2], 1280, 720, 270),
        Camera(6, 301, "Interstate Gate lane 1", 3, uids[3], 1920, 1080, 0),
    ]
    site_formats = {
        1: [(plates.US_CALIFORNIA, 6), (plates.US_NEW_YORK, 2), (plates.US_DIGITS_FIRST, 2)],
        2: [(plates.GREAT_BRITAIN, 1)],
        3: [(plates.US_CALIFORNIA, 3), (plates.US_DIGITS_FIRST, 3), (plates.US_NEW_YORK, 2)],
    }
    camera_weights = {1: 3, 2: 3, 3: 1, 4: 2, 5: 2, 6: 3}
    return Catalog(
        sites=sites,
        agents=agents,
        cameras=cameras,
        users=list(USERS),
        alert_lists=[STOLEN_LIST, AMBER_LIST],
        site_formats=site_formats,
        camera_weights=camera_weights,
    )
