#!/usr/bin/env bash
# Create .venv and install distillation-kb with everything its tests need (and, when Node.js
# and npm are installed, the site's vendored JavaScript).
# Idempotent: a second run only checks that all is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
bash scripts/vendor-js.sh  # the site's JavaScript; skipped with a note when npm is missing
