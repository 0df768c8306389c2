# Sourced by ./fanout and ./test: sets FANOUT_JAVA_HOME to a JDK >= 21 and FANOUT_JAVA_MAJOR to its version.
# Looks at $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*, /opt/java/* and
# /usr/local/*jdk* (newest first). Reads each JDK's `release` file rather than
# starting a JVM, so the search costs no start-up time.

fanout_jdk_major() {   # JDK home -> its major version in FANOUT_JDK_MAJOR (a variable, not stdout: no subshell)
  local rel="$1/release" line
  FANOUT_JDK_MAJOR=""
  [ -f "$rel" ] && [ -x "$1/bin/java" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=\"[0-9]*) FANOUT_JDK_MAJOR=${line#JAVA_VERSION=\"}; FANOUT_JDK_MAJOR=${FANOUT_JDK_MAJOR%%[!0-9]*}; break ;;
    esac
  done < "$rel"
  [ -n "$FANOUT_JDK_MAJOR" ]
}

fanout_find_jdk() {
  _fanout_find_jdk "$@" || return 1
  fanout_jdk_major "$FANOUT_JAVA_HOME"
  FANOUT_JAVA_MAJOR=$FANOUT_JDK_MAJOR
}

_fanout_find_jdk() {
  local want=${1:-21} c m best="" bestv=0 onpath
  if [ -n "${FANOUT_JAVA_HOME:-}" ] && fanout_jdk_major "$FANOUT_JAVA_HOME" && [ "$FANOUT_JDK_MAJOR" -ge "$want" ]; then
    return 0
  fi
  if [ -n "${JAVA_HOME:-}" ] && fanout_jdk_major "$JAVA_HOME" && [ "$FANOUT_JDK_MAJOR" -ge "$want" ]; then
    FANOUT_JAVA_HOME=$JAVA_HOME; return 0
  fi
  if onpath=$(command -v java 2>/dev/null); then
    onpath=$(readlink -f "$onpath"); onpath=${onpath%/bin/java}
    if fanout_jdk_major "$onpath" && [ "$FANOUT_JDK_MAJOR" -ge "$want" ]; then
      FANOUT_JAVA_HOME=$onpath; return 0
    fi
  fi
  # FANOUT_JDK_SEARCH (a glob list) replaces the usual places, e.g. for tests
  for c in ${FANOUT_JDK_SEARCH:-/usr/lib/jvm/* /opt/java/* /usr/local/*jdk* $HOME/.sdkman/candidates/java/*}; do
    [ -d "$c" ] || continue
    fanout_jdk_major "$c" || continue
    m=$FANOUT_JDK_MAJOR
    if [ "$m" -ge "$want" ] && [ "$m" -gt "$bestv" ]; then best=$c; bestv=$m; fi
  done
  if [ -n "$best" ]; then FANOUT_JAVA_HOME=$(readlink -f "$best"); return 0; fi
  {
    echo "fanout: needs a JDK $want or newer, and found none (looked at JAVA_HOME, java on PATH, /usr/lib/jvm)."
    echo "fanout: install one, e.g. 'apt-get install openjdk-21-jdk' (Debian/Ubuntu) or Temurin 21+ from adoptium.net,"
    echo "fanout: or point JAVA_HOME at an existing JDK 21+."
  } >&2
  return 1
}
