"""The workshop facilitator page (a file, so that tests and links can name it)."""

from assessment.ui import facilitate

facilitate.render()
