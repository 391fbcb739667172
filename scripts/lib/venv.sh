# Sourced by scripts/demo, scripts/lint and scripts/test: make sure .venv at the repo root has
# djwire installed (editable) with at least the given extras. pip runs only when pyproject.toml
# changed or an extra is missing since the last install, so a second run starts at once; the
# extras installed before are kept (the demo's "redis,celery" after the tests' "test,..." needs
# nothing, the tests after the demo add "test").
#   usage: ensure_venv "redis,celery"
ensure_venv() {
    local wanted_extras="$1"
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    venv="$root/.venv"
    python="$venv/bin/python"
    if [[ ! -x "$python" ]]; then
        echo "Creating $venv"
        python3 -m venv "$venv"
    fi
    local stamp="$venv/.djwire-installed"
    local hash stamped_hash="" stamped_extras=""
    hash="$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1)"
    if [[ -f "$stamp" ]]; then
        read -r stamped_hash stamped_extras <"$stamp" || true
    fi
    # The union of what was installed (when pyproject.toml is unchanged) and what is wanted.
    local extras="$wanted_extras"
    [[ "$stamped_hash" == "$hash" && -n "$stamped_extras" ]] && extras="$stamped_extras,$wanted_extras"
    extras="$(_sorted_extras "$extras")"
    if [[ "$stamped_hash" != "$hash" || "$extras" != "$(_sorted_extras "$stamped_extras")" ]] \
        || ! "$python" -c 'import djwire' 2>/dev/null; then
        echo "Installing djwire[$extras] into $venv (log: $venv/.djwire-install.log)"
        if ! "$python" -m pip install --upgrade pip >"$venv/.djwire-install.log" 2>&1 \
            || ! "$python" -m pip install -e "$root[$extras]" >>"$venv/.djwire-install.log" 2>&1; then
            cat "$venv/.djwire-install.log" >&2
            return 1
        fi
        echo "$hash $extras" >"$stamp"
    fi
}

_sorted_extras() {
    tr ',' '\n' <<<"$1" | sed '/^$/d' | sort -u | paste -sd, -
}
