"""The script `assessment app` hands to `streamlit run`: the same app as streamlit_app.py, from
wherever the package is installed."""

from assessment.ui.app import main

main()
