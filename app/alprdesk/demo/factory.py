"""Record builders shared by the synthetic data set and the photo folder data set."""

from __future__ import annotations

import random
import string

from alprdesk.demo import plates
from alprdesk.demo.records import (
    AlertHit,
    AlertList,
    Candidate,
    NumberStyle,
    PlateGroup,
    Vehicle,
    WireStyle,
)
from alprdesk.demo.timefmt import FRACTION_STYLE_INDEXES, TIME_STYLES

# (make, make_model, body type), spelled as the vehicle classifier reports them.
VEHICLE_MODELS: tuple[tuple[str, str, str], ...] = (
    ("toyota", "toyota_camry", "sedan-standard"),
    ("honda", "honda_civic", "sedan-compact"),
    ("ford", "ford_f-150", "pickup-standard"),
    ("tesla", "tesla_model-3", "sedan-standard"),
    ("chevrolet", "chevrolet_silverado", "pickup-standard"),
    ("nissan", "nissan_rogue", "suv-crossover"),
    ("volkswagen", "volkswagen_golf", "sedan-compact"),
    ("bmw", "bmw_3-series", "sedan-standard"),
    ("ford", "ford_transit", "van-full"),
    ("subaru", "subaru_outback", "suv-crossover"),
    ("vauxhall", "vauxhall_corsa", "sedan-compact"),
    ("hyundai", "hyundai_tucson", "suv-crossover"),
)
VEHICLE_COLORS: tuple[str, ...] = (
    "white",
    "black",
    "silver-gray",
    "blue",
    "red",
    "green",
    "brown",
    "yellow",
)
WHOLE_SECOND_SHARE = 0.35
MISSING_MAKE_SHARE = 0.25


class RecordFactory:
    """Build records with ids, image uuids and wire styles from one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._next_candidate_id = 1
        self._next_alert_id = 1
        self._uuids: set[str] = set()

    def make_agent_uid(self) -> str:
        return "".join(self.rng.choice(string.ascii_uppercase + string.digits) for _ in range(20))

    def make_vehicle(self) -> Vehicle:
        make, make_model, body_type = self.rng.choice(VEHICLE_MODELS)
        color = self.rng.choice(VEHICLE_COLORS)
        return Vehicle(color=color, body_type=body_type, make=make, make_model=make_model)

    def observe_vehicle(self, vehicle: Vehicle) -> Vehicle:
        """Return the vehicle as one read reports it, without make and model on some reads."""
        if self.rng.random() < MISSING_MAKE_SHARE:
            return Vehicle(vehicle.color, vehicle.body_type, make=None, make_model=None)
        return vehicle

    def make_group_times(self, start_ms: int, duration_ms: int) -> tuple[int, int]:
        """Return (start_ms, end_ms) for a group, in whole seconds for some groups.

        Whole-second times can be written by any time style, including those without a fraction.
        """
        if self.rng.random() < WHOLE_SECOND_SHARE:
            start_ms -= start_ms % 1000
            return start_ms, start_ms + max(1, round(duration_ms / 1000)) * 1000
        return start_ms, start_ms + duration_ms

    def make_wire_style(self, *times_ms: int) -> WireStyle:
        """Pick encodings for a record with the given times.

        A time style without a fraction is picked only if every time is a whole second.
        """
        if all(time_ms % 1000 == 0 for time_ms in times_ms):
            time_style = self.rng.randrange(len(TIME_STYLES))
        else:
            time_style = self.rng.choice(FRACTION_STYLE_INDEXES)
        roll = self.rng.random()
        if roll < 0.08:
            number_style = NumberStyle.COMMA_TEXT
        elif roll < 0.3:
            number_style = NumberStyle.TEXT
        else:
            number_style = NumberStyle.NUMBER
        return WireStyle(time_style, number_style, camera_as_text=self.rng.random() < 0.25)

    def make_image_uuid(self, agent_uid: str, camera_number: int, time_ms: int) -> str:
        """Return a unique ``<agent>-<camera>-<epoch ms>`` image uuid.

        On some reads the uuid's millisecond stamp is off from the read time by up to
        a few seconds, as on real agents.
        """
        stamp = time_ms
        if self.rng.random() < 0.15:
            stamp += self.rng.randint(-1500, 3000)
        uuid = f"{agent_uid}-{camera_number}-{stamp}"
        while uuid in self._uuids:
            stamp += 1
            uuid = f"{agent_uid}-{camera_number}-{stamp}"
        self._uuids.add(uuid)
        return uuid

    def make_candidates(self, group: PlateGroup, true_plate: str) -> list[Candidate]:
        """Return 3 to 5 candidates for a group: the best plate first, then look-alike readings.

        If the best plate is a misreading, the plate on the vehicle is the second candidate.
        """
        count = self.rng.randint(3, 5)
        numbers = [group.best_plate]
        if true_plate != group.best_plate:
            numbers.append(true_plate)
        numbers += plates.misreadings(
            self.rng, group.best_plate, count - len(numbers), exclude=set(numbers)
        )
        candidates: list[Candidate] = []
        confidence = group.best_confidence
        for index, number in enumerate(numbers):
            candidates.append(
                Candidate(
                    candidate_id=self._next_candidate_id,
                    group_id=group.group_id,
                    agent_uid=group.agent_uid,
                    camera_id=group.camera_id,
                    plate_number=number,
                    confidence=round(confidence, 2),
                    plate_index=index,
                    uuid=group.best_uuid,
                    time_ms=group.start_ms,
                    style=self.make_wire_style(group.start_ms),
                )
            )
            self._next_candidate_id += 1
            confidence = max(5.0, confidence - self.rng.uniform(2.0, 9.0))
        return candidates

    def make_alert(
        self, group: PlateGroup, alert_list: AlertList, description: str, listed_plate: str
    ) -> AlertHit:
        alert = AlertHit(
            alert_id=self._next_alert_id,
            group_id=group.group_id,
            agent_uid=group.agent_uid,
            camera_id=group.camera_id,
            list_id=alert_list.list_id,
            plate_number=listed_plate,
            confidence=group.best_confidence,
            description=description,
            time_ms=group.start_ms,
            style=self.make_wire_style(group.start_ms),
        )
        self._next_alert_id += 1
        return alert
