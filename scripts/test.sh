#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine, then run it.
#   - a virtual environment in .venv with chaingap and its test extras
#   - Debian's chromium and CJK fonts (browser tests, charts)   scripts/setup-browser.sh
#   - the embedded Neo4j 5.26 launcher built with Maven         scripts/setup-neo4j.sh
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k loaders`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q ".[test]"

bash scripts/setup-browser.sh
bash scripts/setup-neo4j.sh

exec .venv/bin/python -m pytest "$@"
