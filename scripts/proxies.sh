# Sourced by ./test: makes tinyproxy (HTTP proxy with CONNECT and Basic auth) and microsocks (SOCKS5) available
# for the tests that run requests through real proxies (RealProxiesTest). Installs Debian's packages when they
# are missing and apt-get can be used (root, or sudo without a password); otherwise says the tests will be
# skipped and how to get them. FANOUT_NO_INSTALL=1 never installs.
fanout_proxies() {
    local missing="" p
    command -v tinyproxy >/dev/null 2>&1 || [ -x /usr/bin/tinyproxy ] || missing="$missing tinyproxy"
    command -v microsocks >/dev/null 2>&1 || [ -x /usr/bin/microsocks ] || missing="$missing microsocks"
    [ -z "$missing" ] && return 0
    local why="not installed:$missing"
    if [ "${FANOUT_NO_INSTALL:-}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
        local sudo=""
        if [ "$(id -u)" != 0 ]; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
        fi
        if [ "$sudo" != none ]; then
            echo "test: installing Debian's$missing for the proxy tests (apt-get; log in /tmp/fanout-proxies-install.log)…" >&2
            # shellcheck disable=SC2086
            if { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing; } \
                    >/tmp/fanout-proxies-install.log 2>&1; then
                # the package starts a system-wide tinyproxy on port 8888; the tests start their own
                for p in $missing; do
                    [ "$p" = tinyproxy ] && { $sudo systemctl disable --now tinyproxy >/dev/null 2>&1 || $sudo service tinyproxy stop >/dev/null 2>&1 || true; }
                done
                return 0
            fi
            why="apt-get install$missing failed (see /tmp/fanout-proxies-install.log)"
        else
            why="installing$missing needs root"
        fi
    fi
    echo "test: $why: the tests through real proxies (RealProxiesTest) will be skipped. Install Debian's tinyproxy and microsocks (apt-get install tinyproxy microsocks) to run them." >&2
}
