# Sourced by ./fanout: which of the build's two AOT caches a run starts with.
#
# Every class in a JDK 25 AOT cache is loaded at every start, so the build records two: one without TLS and one
# with it (HTTPS over HTTP/2 and HTTP/1.1: ~1,100 more classes, which cost a plain-HTTP run ~25 ms and ~7 MB and
# save an HTTPS run ~0.3 s of reading and verifying them from the jars).

# Sets AOT_RUN to PLAIN when no argument mentions https:// and no URL is read from a file (-i FILE), else to TLS
# (PLAIN when TLS does not exist). URLs on standard input count as plain: a guess costs time, never a result.
#   fanout_aot_for PLAIN TLS ARGS...
fanout_aot_for() {
  local plain=$1 tls=$2 a
  shift 2
  AOT_RUN=$plain
  for a in "$@"; do
    case $a in
      *[Hh][Tt][Tt][Pp][Ss]://*|-i|-i?*|--input|--input=*) AOT_RUN=$tls; break ;;
    esac
  done
  [ -f "$AOT_RUN" ] || AOT_RUN=$plain
}
