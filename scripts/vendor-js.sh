#!/usr/bin/env bash
# Install the site's vendored JavaScript (Mermaid, cytoscape.js, ...) into node_modules/,
# pinned by package-lock.json, with axe-core (a devDependency: the accessibility tests inject it
# into the built pages; it is never copied into the site). Only the site (kb build, kb serve, the site tests) needs it:
# without Node.js/npm, everything else (kb validate, fmt, new, graph, evidence) still works.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f package.json ] || exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm not found, so the site's JavaScript is not installed." >&2
  echo "      Only the site needs it (kb build, kb serve and the site tests); kb validate, fmt," >&2
  echo "      new, graph and evidence work without it. To build the site, install Node.js 18+" >&2
  echo "      with npm (https://nodejs.org/, or: sudo apt-get install nodejs npm), then run" >&2
  echo "      bash scripts/setup.sh again." >&2
  exit 0
fi
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --silent
else
  npm install --no-audit --no-fund --silent
fi
