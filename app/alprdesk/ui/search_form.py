"""The plate search form: plate, period with quick ranges, site, camera, size and order."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
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

from alprdesk.scout import MAX_TOPN, QueryError, SearchQuery

QUICK_RANGES: tuple[tuple[str, timedelta | None], ...] = (
    ("Last hour", timedelta(hours=1)),
    ("Last 24 hours", timedelta(hours=24)),
    ("Last 7 days", timedelta(days=7)),
    ("Last 30 days", timedelta(days=30)),
    ("Custom period", None),
)
DEFAULT_RANGE = 2  # last 7 days
DATE_FORMAT = "yyyy-MM-dd HH:mm"


class SearchForm(QWidget):
    """Collects a ``SearchQuery``; quick ranges end at the moment Search is pressed."""

    search_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.plate = QLineEdit()
        self.plate.setObjectName("plateInput")
        self.plate.setPlaceholderText("Any plate (whole plate; spaces and dashes are ignored)")
        self.plate.setClearButtonEnabled(True)
        self.plate.setToolTip("The whole plate as read; AB-1234 and ab 1234 both find AB1234")

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
        self.zone = QLabel(_zone_text())
        self.zone.setToolTip("Times are in this workstation's time zone")

        self.site = QComboBox()
        self.site.setObjectName("siteInput")
        self.site.setEditable(True)
        self.site.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        site_edit = self.site.lineEdit()
        assert site_edit is not None
        site_edit.setPlaceholderText("Any site")
        # Enter on a suggested site takes it and searches, as Enter elsewhere does.
        completer = self.site.completer()
        if completer is not None:
            completer.activated.connect(lambda _text: self.search_requested.emit())
        site_edit.returnPressed.connect(self.search_requested)
        self.camera = QLineEdit()
        self.camera.setObjectName("cameraInput")
        self.camera.setPlaceholderText("Any camera")
        self.camera.setToolTip("Camera number, as shown in the Camera column")

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

        period_row = QHBoxLayout()
        period_row.addWidget(self.period)
        period_row.addWidget(self.start)
        period_row.addWidget(self.end)
        period_row.addWidget(self.zone)
        where_row = QHBoxLayout()
        where_row.addWidget(self.site, stretch=2)
        where_row.addWidget(self.camera, stretch=1)
        size_row = QHBoxLayout()
        size_row.addWidget(self.topn)
        size_row.addWidget(self.order)
        size_row.addStretch()
        size_row.addWidget(self.search_button)

        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addRow(_label("&Plate", self.plate), self.plate)
        layout.addRow(_label("P&eriod", self.period), period_row)
        layout.addRow(_label("&Site / camera", self.site), where_row)
        layout.addRow(_label("Max &results", self.topn), size_row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Run the search on Enter in any field, as the Search button's tooltip states."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.search_requested.emit()
            return
        super().keyPressEvent(event)

    def show_period(self, query: SearchQuery) -> None:
        """Show the period a search actually used, so quick ranges do not look stale."""
        self._filling_period = True
        try:
            if query.start is not None:
                self.start.setDateTime(QDateTime(query.start.astimezone()))
            if query.end is not None:
                self.end.setDateTime(QDateTime(query.end.astimezone()))
        finally:
            self._filling_period = False

    def query(self, now: datetime | None = None) -> SearchQuery:
        """Return the validated query, or raise ``QueryError`` naming the field."""
        now = now or datetime.now().astimezone()
        span = QUICK_RANGES[self.period.currentIndex()][1]
        if span is not None:
            start, end = now - span, now
        else:
            start, end = _to_datetime(self.start), _to_datetime(self.end)

        camera_text = self.camera.text().strip()
        if camera_text and not camera_text.isdigit():
            raise QueryError("camera", "The camera must be a camera number, a whole number.")
        query = SearchQuery(
            start=start,
            end=end,
            plate=self.plate.text(),
            site=self.site.currentText(),
            camera=int(camera_text) if camera_text else None,
            topn=self.topn.value(),
            order=str(self.order.currentData()),
        )
        return query.validated()

    def set_sites(self, sites: list[str]) -> None:
        """Offer the server's sites while keeping what the user typed."""
        typed = self.site.currentText()
        self.site.clear()
        self.site.addItems(sorted(set(sites), key=str.casefold))
        self.site.setCurrentText(typed)

    def focus_field(self, field: str) -> None:
        widget = {
            "plate": self.plate,
            "start": self.start,
            "end": self.end,
            "site": self.site,
            "camera": self.camera,
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

    def _custom_period(self) -> None:
        if not self._filling_period:
            self.period.setCurrentIndex(len(QUICK_RANGES) - 1)


def _zone_text() -> str:
    offset = datetime.now().astimezone().strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _date_time_edit(name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    return edit


def _to_datetime(edit: QDateTimeEdit) -> datetime:
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return moment.astimezone()
