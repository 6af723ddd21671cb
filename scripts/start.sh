#!/usr/bin/env bash
# Quick start: set up, validate the knowledge base, build the site (strict) and serve it on
# http://127.0.0.1:8000/ , rebuilding when a record or page changes (Ctrl-C to stop).
# The built site in site/ also works opened from disk: site/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kb validate
exec .venv/bin/kb serve "$@"
