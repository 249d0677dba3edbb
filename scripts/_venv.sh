# Sourced by scripts/*: create .venv if missing and install the project with the given groups.
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "petarawan butuh Python >= 3.11")'
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$(echo "$*" | tr ' ' '_')"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade "pip>=25.1" 2>&1 | grep -v '^WARNING: Location' || true
  groups=()
  for g in "$@"; do groups+=(--group "$g"); done
  .venv/bin/python -m pip install -q -e . "${groups[@]}" 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -c 'import petarawan' 
  touch "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
