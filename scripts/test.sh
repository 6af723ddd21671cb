#!/usr/bin/env bash
# Set up everything the test suite needs (including a headless browser) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}
# The browser tests look for Chromium where tests/browsers.py says: $KB_CHROMIUM, Debian's
# /usr/bin/chromium, chromium / chromium-browser / google-chrome on the PATH, or Playwright's own.
have_browser() {
  [ -n "${KB_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 \
    || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 \
    || command -v google-chrome-stable >/dev/null 2>&1
}
# apt knows the package as a real one (Debian), not only as a name (Ubuntu's snap wrapper)
apt_has() {
  command -v apt-cache >/dev/null 2>&1 && apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [0-9]'
}
packages=()
command -v dot >/dev/null 2>&1 || packages+=(graphviz)  # `dot` checks the DOT export
if ! have_browser && apt_has chromium; then packages+=(chromium); fi
if [ ${#packages[@]} -gt 0 ]; then apt_install "${packages[@]}"; fi
bash scripts/setup.sh
if ! have_browser; then
  .venv/bin/python -m playwright install chromium  # no apt package here: Playwright's build
fi
if [ ! -d node_modules ]; then
  echo "error: the test suite builds the site, which needs Node.js and npm (see CONTRIBUTING.md)" >&2
  exit 1
fi
.venv/bin/ruff check kb tests benchmarks
.venv/bin/mypy kb
.venv/bin/kb schema --check
.venv/bin/kb docs --check
.venv/bin/kb evidence verify  # offline: captured evidence is intact (linkcheck is a scheduled job)
.venv/bin/python -m pytest "$@"
