#!/usr/bin/env bash
# Set up everything the test suite needs (including the headless browser) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
# chromium: the site tests' headless browser; graphviz: `dot` checks the DOT export.
if ! command -v chromium >/dev/null 2>&1 || ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium graphviz >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium graphviz >/dev/null
  fi
fi
bash scripts/setup.sh
.venv/bin/ruff check kb tests benchmarks
.venv/bin/mypy kb
.venv/bin/kb schema --check
.venv/bin/kb docs --check
.venv/bin/kb evidence verify  # offline: captured evidence is intact (linkcheck is a scheduled job)
.venv/bin/python -m pytest "$@"
