# Sourced by scripts/demo and scripts/test: install Debian packages with apt-get, once, only those
# given as missing (sudo when not root).
#   usage: apt_install chromium redis-server
apt_install() {
    (($#)) || return 0
    echo "Installing $* with apt-get"
    local sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >/dev/null
}
