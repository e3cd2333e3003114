"""The report page (a file, so that tests and links can name it)."""

from assessment.ui import report

report.render()
