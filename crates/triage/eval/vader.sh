#!/usr/bin/env bash
# VADER's frustration F1 on the triage eval's validation rows (see vader.py). Creates a
# virtualenv with vaderSentiment from PyPI once, in $VADER_VENV (default: target/vader-venv).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${VADER_VENV:-$HERE/../../../target/vader-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q vaderSentiment
fi
DIR="${1:-../shared/datasets}"
if [ ! -d "$DIR" ]; then
  echo "vader: skipped, no datasets at $DIR"
  exit 0
fi
exec "$VENV/bin/python" "$HERE/vader.py" "$DIR"
