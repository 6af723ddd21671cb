#!/usr/bin/env bash
# Quick start: set up, validate the knowledge base, and print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kb validate
