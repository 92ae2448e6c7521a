#!/usr/bin/env bash
# Refreshes fixture/captures/: installs Debian's chromium and firefox-esr (and certutil, which
# puts the fixture's CA into Firefox's profile), builds the fixture, and drives each browser
# headless against its echo (scripts/capture_browsers.py). Pass browser names to limit it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/browsers.sh
cargo build -q -p rnet-fixture
python3 scripts/capture_browsers.py "$@"
