#!/usr/bin/env bash
# Create .venv with a Python >= 3.12 and install Expedition with the given extras.
# Usage: scripts/bootstrap.sh [extras]   e.g. scripts/bootstrap.sh dev
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 UV_PYTHON_DOWNLOADS=never

find_python() {
  local c p v
  for c in python3.14 python3.13 python3.12 python3; do
    p=$(command -v "$c" 2>/dev/null) || continue
    "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$p"; return 0; }
  done
  # Debian 12 ships 3.11; pyenv interpreters are used by full path because its shims
  # refuse versions that are not selected.
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9]\.[0-9]+$' | sort -rV); do
      echo "$(pyenv root)/versions/$v/bin/python"; return 0
    done
  fi
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  PY=$(find_python) || { echo "Expedition needs Python 3.12 or newer; none was found." >&2; exit 1; }
  rm -rf .venv
  "$PY" -m venv .venv
fi

spec="."
[ -n "$extras" ] && spec=".[$extras]"
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras:-base}"
if [ -f "$stamp" ]; then exit 0; fi
if [ -x .venv/bin/uv ] || .venv/bin/pip install -q uv >/dev/null 2>&1; then
  .venv/bin/uv pip install -q --python .venv/bin/python -e "$spec"
else
  .venv/bin/pip install -q -e "$spec"
fi
touch "$stamp"
