# Sourced by scripts/demo and scripts/test: `npm ci` in a folder only when it has no
# node_modules yet or its package-lock.json changed since the last install.
#   usage: npm_ci_if_changed client-ts
npm_ci_if_changed() {
    local dir="$1"
    if [[ ! -d "$dir/node_modules" ]] || [[ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}
