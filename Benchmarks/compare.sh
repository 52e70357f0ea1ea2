#!/usr/bin/env bash
# Whole-process figures: roster against the official Python SDK (looker-sdk) listing 100,000 users,
# time to first rows in the TUI (ROSTER_TRACE), peak RSS and idle CPU. Builds roster in release mode
# and installs looker-sdk into a venv under the cache folder on first use.
#
#   Benchmarks/compare.sh [--rounds N] [--users N] [--only list,first-rows,idle]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product roster >&2
roster="$(swift build -c release --show-bin-path)/roster"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/roster-bench/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import looker_sdk" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet looker-sdk
fi
exec "$venv/bin/python" Benchmarks/compare.py --roster "$roster" "$@"
