#!/usr/bin/env bash
# Installs the app's requirements and starts it on http://localhost:8501 with the sample company loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --disable-pip-version-check -q -r requirements.txt
exec python -m streamlit run app.py "$@"
