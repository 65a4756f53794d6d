"""Export of search results and plate crops to files, without Qt."""

from alprdesk.export.csv_export import COLUMNS, ExportSummary, export_search

__all__ = ["COLUMNS", "ExportSummary", "export_search"]
