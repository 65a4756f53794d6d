"""The search form: mode, plate, period, site, camera, alert list and result options."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from alprdesk.scout import MAX_TOPN, ListedItem, SearchKind, SearchQuery
from alprdesk.search.listings import (
    AlertListChoice,
    CameraChoice,
    alert_list_choices,
    alert_list_value,
    camera_choices,
    camera_number,
    site_names,
)
from alprdesk.search.request import SearchRequest
from alprdesk.timefmt import zone_label
from alprdesk.ui.pickers import Picker

QUICK_RANGES: tuple[tuple[str, timedelta | None], ...] = (
    ("Last hour", timedelta(hours=1)),
    ("Last 24 hours", timedelta(hours=24)),
    ("Last 7 days", timedelta(days=7)),
    ("Last 30 days", timedelta(days=30)),
    ("Custom period", None),
)
DEFAULT_RANGE = 2  # last 7 days
DATE_FORMAT = "yyyy-MM-dd HH:mm"
MODES: tuple[tuple[str, SearchKind], ...] = (
    ("Plate reads", SearchKind.PLATES),
    ("Candidate readings", SearchKind.CANDIDATES),
    ("Alert hits", SearchKind.ALERTS),
)
DEFAULT_GROUP_GAP_SECONDS = 60
MAX_GROUP_GAP_SECONDS = 24 * 3600

_LOOKALIKE_TIP = (
    "Also find plates that differ from the typed plate only by characters that readers "
    "confuse: 0/O/Q/D, 1/I/L, 8/B, 5/S, 2/Z and 6/G. The candidate readings (each read's "
    "alternative readings) are searched too."
)
_GROUP_TIP = (
    "Show reads of the same plate on the same camera within the gap as one row; "
    "the gap is counted from one read to the next."
)


class SearchForm(QWidget):
    """Collects a ``SearchRequest``. Quick ranges end at the moment Search is pressed."""

    search_requested = Signal()
    mode_changed = Signal(SearchKind)

    def __init__(self) -> None:
        super().__init__()
        self._cameras: list[CameraChoice] = []
        self._alert_lists: list[AlertListChoice] = []

        self.mode_box = QComboBox()
        self.mode_box.setObjectName("modeInput")
        for label, kind in MODES:
            self.mode_box.addItem(label, kind.value)
        self.mode_box.setToolTip("The records to search")

        self.plate = QLineEdit()
        self.plate.setObjectName("plateInput")
        self.plate.setPlaceholderText("Any plate; wildcards such as AB*12 or AB?123 are allowed")
        self.plate.setClearButtonEnabled(True)
        self.plate.setToolTip(
            "The plate as read; spaces and dashes are ignored, so AB-1234 and ab 1234 both "
            "find AB1234.\n* matches any run of characters and ? matches one character. "
            "The server matches whole plates only, so ALPR Desk matches wildcards itself "
            "among the reads of the period."
        )
        self.lookalike = QCheckBox("Include look-&alike readings")
        self.lookalike.setObjectName("lookalikeInput")
        self.lookalike.setToolTip(_LOOKALIKE_TIP)

        self.period = QComboBox()
        self.period.setObjectName("periodInput")
        for label, _span in QUICK_RANGES:
            self.period.addItem(label)
        self.start = _date_time_edit("startInput")
        self.end = _date_time_edit("endInput")
        self._filling_period = False
        self.period.currentIndexChanged.connect(self._period_changed)
        self.start.dateTimeChanged.connect(self._custom_period)
        self.end.dateTimeChanged.connect(self._custom_period)
        self.period.setCurrentIndex(DEFAULT_RANGE)
        self._period_changed(DEFAULT_RANGE)
        self.zone = QLabel()
        self.zone.setObjectName("zoneLabel")
        self.start.dateTimeChanged.connect(self._update_zone)
        self.end.dateTimeChanged.connect(self._update_zone)
        self._update_zone()

        self.site = Picker("siteInput", "Any site", "Site name as the server stores it")
        self.camera = Picker(
            "cameraInput",
            "Any camera",
            "Camera number, as shown in the Camera column, or a camera chosen from the list",
        )
        self.alert_list = Picker(
            "alertListInput",
            "Any alert list",
            "Alert list id or name; applies to alert hits only",
        )
        for picker in (self.site, self.camera, self.alert_list):
            picker.submitted.connect(self.search_requested)

        self.min_confidence = QSpinBox()
        self.min_confidence.setObjectName("minConfidenceInput")
        self.min_confidence.setRange(0, 100)
        self.min_confidence.setSuffix(" %")
        self.min_confidence.setSpecialValueText("Off")
        self.min_confidence.setToolTip("Leave out reads below this confidence; 0 (Off) keeps all")
        self.group = QCheckBox("&Group repeated reads")
        self.group.setObjectName("groupInput")
        self.group.setToolTip(_GROUP_TIP)
        self.group_gap = QSpinBox()
        self.group_gap.setObjectName("groupGapInput")
        self.group_gap.setRange(1, MAX_GROUP_GAP_SECONDS)
        self.group_gap.setValue(DEFAULT_GROUP_GAP_SECONDS)
        self.group_gap.setSuffix(" s")
        self.group_gap.setToolTip(f"Gap in seconds: {_GROUP_TIP}")
        self.group_gap_label = _label("&within", self.group_gap)
        for widget in (self.group_gap, self.group_gap_label):
            widget.setEnabled(False)
            self.group.toggled.connect(widget.setEnabled)

        self.topn = QSpinBox()
        self.topn.setObjectName("topnInput")
        self.topn.setRange(1, MAX_TOPN)
        self.topn.setValue(1000)
        self.topn.setGroupSeparatorShown(True)
        self.order = QComboBox()
        self.order.setObjectName("orderInput")
        self.order.addItem("Newest first", "desc")
        self.order.addItem("Oldest first", "asc")

        self.search_button = QPushButton("Search")
        self.search_button.setObjectName("searchButton")
        self.search_button.setDefault(True)
        self.search_button.setToolTip("Run the search (Enter)")
        self.search_button.clicked.connect(self.search_requested)

        self.alert_list_label = _label("Alert &list", self.alert_list)
        self._lay_out()
        self.mode_box.currentIndexChanged.connect(self._mode_index_changed)
        self._mode_index_changed(self.mode_box.currentIndex())

    def _lay_out(self) -> None:
        # Mnemonics avoid S, R and H, which the main window's menus use.
        find_row = _row(
            self.mode_box,
            _label("&Plate", self.plate),
            (self.plate, 1),
            self.lookalike,
        )
        period_row = _row(
            self.period,
            _label("Fro&m", self.start),
            self.start,
            _label("&To", self.end),
            self.end,
            self.zone,
            None,
        )
        where_row = _row(
            (self.site, 1),
            _label("&Camera", self.camera),
            (self.camera, 1),
            self.alert_list_label,
            (self.alert_list, 1),
        )
        options_row = _row(
            self.min_confidence,
            self.group,
            self.group_gap_label,
            self.group_gap,
            _label("Max res&ults", self.topn),
            self.topn,
            _label("&Order", self.order),
            self.order,
            None,
            self.search_button,
        )

        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addRow(_label("&Find", self.mode_box), find_row)
        layout.addRow(_label("P&eriod", self.period), period_row)
        layout.addRow(_label("S&ite", self.site), where_row)
        layout.addRow(_label("Min. confi&dence", self.min_confidence), options_row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Run the search on Enter in any field, as the Search button's tooltip states."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.search_requested.emit()
            return
        super().keyPressEvent(event)

    # Mode

    def mode(self) -> SearchKind:
        # Qt returns the item data as plain text, so the enum is rebuilt from its value.
        return SearchKind(self.mode_box.currentData())

    def set_mode(self, kind: SearchKind) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(kind.value))

    def _mode_index_changed(self, _index: int) -> None:
        kind = self.mode()
        alerts = kind is SearchKind.ALERTS
        self.alert_list.setEnabled(alerts)
        self.alert_list_label.setEnabled(alerts)
        self.mode_changed.emit(kind)

    # Values

    def request(self, now: datetime | None = None) -> SearchRequest:
        """Return the validated request, or raise ``QueryError`` naming the field.

        Quick ranges end at ``now``, the current time by default. The alert
        list is left empty outside the Alert hits mode.
        """
        now = now or datetime.now().astimezone()
        span = QUICK_RANGES[self.period.currentIndex()][1]
        if span is not None:
            start, end = now - span, now
        else:
            start, end = _to_datetime(self.start), _to_datetime(self.end)

        camera = camera_number(self.camera.currentText(), self._cameras)
        query = SearchQuery(
            start=start,
            end=end,
            plate=self.plate.text(),
            site=self.site.currentText(),
            camera=camera,
            topn=self.topn.value(),
            order=str(self.order.currentData()),
        ).validated()

        kind = self.mode()
        alert_list = ""
        if kind is SearchKind.ALERTS:
            alert_list = alert_list_value(self.alert_list.currentText(), self._alert_lists)
        confidence = self.min_confidence.value()
        gap = timedelta(seconds=self.group_gap.value()) if self.group.isChecked() else None
        return SearchRequest(
            kind=kind,
            query=query,
            include_lookalikes=self.lookalike.isChecked(),
            alert_list=alert_list,
            min_confidence=float(confidence) if confidence > 0 else None,
            group_gap=gap,
        )

    def query(self, now: datetime | None = None) -> SearchQuery:
        """Return ``request(now).query``, raising ``QueryError`` as ``request`` does."""
        return self.request(now).query

    def show_period(self, query: SearchQuery) -> None:
        """Show the period a search actually used, so quick ranges do not look stale."""
        self._filling_period = True
        try:
            if query.start is not None:
                self.start.setDateTime(_to_qdatetime(query.start))
            if query.end is not None:
                self.end.setDateTime(_to_qdatetime(query.end))
        finally:
            self._filling_period = False

    # Server listings

    def set_listings(
        self,
        cameras: list[ListedItem],
        agents: list[ListedItem],
        alert_lists: list[ListedItem],
    ) -> None:
        """Offer the server's sites, cameras and alert lists, keeping what the user typed."""
        self._cameras = camera_choices(cameras)
        self._alert_lists = alert_list_choices(alert_lists)
        self.set_sites(site_names(cameras, agents))
        self.camera.set_entries([(choice.label, choice.number) for choice in self._cameras])
        self.alert_list.set_entries([(choice.label, choice.value) for choice in self._alert_lists])

    def set_sites(self, sites: list[str]) -> None:
        """Offer ``sites`` in the site picker, keeping what the user typed."""
        names = sorted(set(sites), key=str.casefold)
        self.site.set_entries([(name, name) for name in names])

    def focus_field(self, field: str) -> None:
        """Move the focus to the widget of a ``QueryError`` field or ``SearchRequest`` field."""
        widget = {
            "kind": self.mode_box,
            "mode": self.mode_box,
            "plate": self.plate,
            "include_lookalikes": self.lookalike,
            "lookalike": self.lookalike,
            "start": self.start,
            "end": self.end,
            "site": self.site,
            "camera": self.camera,
            "alert_list": self.alert_list,
            "min_confidence": self.min_confidence,
            "group": self.group,
            "group_gap": self.group_gap if self.group.isChecked() else self.group,
            "topn": self.topn,
            "order": self.order,
        }.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _period_changed(self, index: int) -> None:
        span = QUICK_RANGES[index][1]
        if span is None:
            return
        now = QDateTime.currentDateTime()
        self._filling_period = True
        try:
            self.end.setDateTime(now)
            self.start.setDateTime(now.addSecs(-int(span.total_seconds())))
        finally:
            self._filling_period = False

    def _update_zone(self) -> None:
        """Name the UTC offsets in force at From and To, which differ across a DST change."""
        start = zone_label(now=_to_datetime(self.start))
        end = zone_label(now=_to_datetime(self.end))
        self.zone.setText(start if start == end else f"{start} to {end}")
        self.zone.setToolTip(
            "From and To are in this workstation's time zone, with the UTC offset in force "
            "at each; queries carry the offset, so the server reads them exactly"
        )

    def _custom_period(self) -> None:
        if not self._filling_period:
            self.period.setCurrentIndex(len(QUICK_RANGES) - 1)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _row(*parts: QWidget | tuple[QWidget, int] | None) -> QHBoxLayout:
    """Lay out widgets side by side; ``(widget, stretch)`` stretches one, None adds a gap."""
    row = QHBoxLayout()
    for part in parts:
        if part is None:
            row.addStretch()
        elif isinstance(part, tuple):
            row.addWidget(part[0], stretch=part[1])
        else:
            row.addWidget(part)
    return row


def _date_time_edit(name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def _to_qdatetime(moment: datetime) -> QDateTime:
    """Return ``moment`` as a QDateTime in the workstation's time zone, to the millisecond."""
    return QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000))


def _to_datetime(edit: QDateTimeEdit) -> datetime:
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return moment.astimezone()
