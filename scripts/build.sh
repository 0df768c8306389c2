# Sourced by ./fanout and ./test. Needs FANOUT_JAVA_HOME and FANOUT_JAVA_MAJOR (scripts/find-jdk.sh).

fanout_mvn() {   # runs Maven with the JDK that was found
  local opts=${MAVEN_OPTS:-}
  # Maven's own libraries use sun.misc.Unsafe; JDK 24+ warns about that on every run
  [ "$FANOUT_JAVA_MAJOR" -ge 24 ] && opts="$opts --sun-misc-unsafe-memory-access=allow"
  if ! command -v mvn >/dev/null 2>&1; then
    echo "fanout: Apache Maven (mvn) is needed to build; install it, e.g. 'apt-get install maven'." >&2
    return 2
  fi
  JAVA_HOME=$FANOUT_JAVA_HOME MAVEN_OPTS="$opts" mvn "$@"
}
