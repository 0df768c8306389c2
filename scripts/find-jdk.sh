# Sourced by ./fanout and ./test: sets FANOUT_JAVA_HOME to a JDK >= 21 and FANOUT_JAVA_MAJOR to its version.
# Looks at $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*, /opt/java/* and
# /usr/local/*jdk* (newest first). Reads each JDK's `release` file rather than
# starting a JVM, so the search costs no start-up time.

fanout_jdk_major() {   # JDK home -> its major version on stdout, or nothing
  local rel="$1/release" v="" line
  [ -f "$rel" ] && [ -x "$1/bin/java" ] || return 1
  # read by the shell itself: every start of ./fanout runs this, and a process of its own costs milliseconds
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=\"[0-9]*) v=${line#JAVA_VERSION=\"}; v=${v%%[!0-9]*}; break ;;
    esac
  done < "$rel"
  [ -n "$v" ] && echo "$v"
}

fanout_find_jdk() {
  _fanout_find_jdk "$@" || return 1
  FANOUT_JAVA_MAJOR=$(fanout_jdk_major "$FANOUT_JAVA_HOME")
}

_fanout_find_jdk() {
  local want=${1:-21} c m best="" bestv=0 onpath
  if [ -n "${FANOUT_JAVA_HOME:-}" ] && m=$(fanout_jdk_major "$FANOUT_JAVA_HOME") && [ "$m" -ge "$want" ]; then
    return 0
  fi
  if [ -n "${JAVA_HOME:-}" ] && m=$(fanout_jdk_major "$JAVA_HOME") && [ "$m" -ge "$want" ]; then
    FANOUT_JAVA_HOME=$JAVA_HOME; return 0
  fi
  if onpath=$(command -v java 2>/dev/null); then
    onpath=$(readlink -f "$onpath"); onpath=${onpath%/bin/java}
    if m=$(fanout_jdk_major "$onpath") && [ "$m" -ge "$want" ]; then
      FANOUT_JAVA_HOME=$onpath; return 0
    fi
  fi
  # FANOUT_JDK_SEARCH (a glob list) replaces the usual places, e.g. for tests
  for c in ${FANOUT_JDK_SEARCH:-/usr/lib/jvm/* /opt/java/* /usr/local/*jdk* $HOME/.sdkman/candidates/java/*}; do
    [ -d "$c" ] || continue
    m=$(fanout_jdk_major "$c") || continue
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
