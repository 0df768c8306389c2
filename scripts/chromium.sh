# Sourced by ./test: makes headless Chromium available for the HTML report test (ReportChromiumTest).
# Installs Debian's chromium when it is missing and apt-get can be used (root, or sudo without a password);
# otherwise says the test will be skipped and how to get it. FANOUT_NO_INSTALL=1 never installs.
fanout_chromium() {
    local c
    for c in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$c" >/dev/null 2>&1; then return 0; fi
    done
    [ -n "${FANOUT_CHROMIUM:-}" ] && [ -x "$FANOUT_CHROMIUM" ] && return 0
    local why="no chromium on PATH"
    if [ "${FANOUT_NO_INSTALL:-}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
        local sudo=""
        if [ "$(id -u)" != 0 ]; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
        fi
        if [ "$sudo" != none ]; then
            echo "test: installing Debian's chromium for the HTML report test (apt-get; log in /tmp/fanout-chromium-install.log)…" >&2
            if { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } \
                    >/tmp/fanout-chromium-install.log 2>&1; then
                return 0
            fi
            why="apt-get install chromium failed (see /tmp/fanout-chromium-install.log)"
        else
            why="installing it needs root"
        fi
    fi
    echo "test: $why: ReportChromiumTest will be skipped. Install Debian's chromium (apt-get install chromium) to run it." >&2
}
