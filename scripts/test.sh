#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what it needs, then pytest.
#   bash scripts/test.sh            # everything, the real-browser tests included
#   bash scripts/test.sh -m "not browser"   # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here); the share store's
# tests start a throw-away PostgreSQL server from Debian's packages on a loopback port (tests/pg_server.py).
NEED=""
[ -x /usr/bin/chromium ] || NEED="$NEED chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || NEED="$NEED postgresql"
if [ -n "$NEED" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $NEED >/dev/null
fi
python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
python -m pytest "$@"
