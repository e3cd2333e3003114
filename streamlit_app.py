"""Pivotpoint's web app. Run with `make run` (or `streamlit run streamlit_app.py`)."""

from assessment.ui.app import main

main()
