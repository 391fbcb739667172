# Sourced by scripts/demo and scripts/test: make sure .venv at the repo root has djwire
# installed (editable) with the given extras. pip runs only when pyproject.toml or the extras
# changed since the last install, so a second run starts at once.
#   usage: ensure_venv "test,redis,celery,sync,postgres"
ensure_venv() {
    local extras="$1"
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    venv="$root/.venv"
    python="$venv/bin/python"
    if [[ ! -x "$python" ]]; then
        echo "Creating $venv"
        python3 -m venv "$venv"
    fi
    local stamp="$venv/.djwire-installed"
    local wanted
    wanted="$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1) $extras"
    if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]] \
        || ! "$python" -c 'import djwire' 2>/dev/null; then
        echo "Installing djwire[$extras] into $venv (log: $venv/.djwire-install.log)"
        if ! "$python" -m pip install --upgrade pip >"$venv/.djwire-install.log" 2>&1 \
            || ! "$python" -m pip install -e "$root[$extras]" >>"$venv/.djwire-install.log" 2>&1; then
            cat "$venv/.djwire-install.log" >&2
            return 1
        fi
        echo "$wanted" >"$stamp"
    fi
}
