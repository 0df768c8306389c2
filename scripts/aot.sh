# Sourced by ./fanout: which of the build's three AOT caches a run starts with.
#
# Every class in a JDK 25 AOT cache is loaded at every start, so the build records three: PLAIN for plain-HTTP
# runs; TLS, which adds HTTPS over HTTP/2 and HTTP/1.1 (~1,100 classes, which cost a plain-HTTP run ~25 ms and
# ~7 MB and save an HTTPS run ~0.3 s of reading and verifying them from the jars); and FULL, which adds to TLS the
# README's first jobs: URLs or values from a file, SQLite, a durable job, a report, HTML, a proxy (~750 classes,
# which cost an HTTPS run ~15 ms and save such a run ~0.1 s, a proxied one ~40 ms; TrainCommand.readmeJobs, .proxied).

# Sets AOT_RUN to FULL when the environment names a proxy (as curl reads it) or an argument reads URLs or values
# from a file (-i FILE, NAME=@FILE, @FILE), names an SQLite file (.sqlite, .sqlite3, .db), keeps a job (--job),
# reads HTML (css:), names a proxy (-x, --proxy, --proxy-list) or is the report command; else to TLS when an
# argument mentions https://; else to PLAIN. A cache that does not exist falls back to the next smaller one. URLs
# on standard input count as plain: a guess costs time, never a result.
#   fanout_aot_for PLAIN TLS FULL ARGS...
fanout_aot_for() {
  local plain=$1 tls=$2 full=$3 a
  shift 3
  AOT_RUN=$plain
  [ -n "${http_proxy:-}${HTTP_PROXY:-}${https_proxy:-}${HTTPS_PROXY:-}${all_proxy:-}${ALL_PROXY:-}" ] && AOT_RUN=$full
  [ "$AOT_RUN" = "$full" ] || for a in "$@"; do
    case $a in
      -i|-i?*|--input|--input=*|*=@*|@*|*.sqlite|*.sqlite3|*.db|--job|--job=*|report|*css:*|-x|-x?*|--proxy|--proxy=*|--proxy-list|--proxy-list=*)
        AOT_RUN=$full; break ;;
      *[Hh][Tt][Tt][Pp][Ss]://*) AOT_RUN=$tls ;;
    esac
  done
  [ "$AOT_RUN" = "$full" ] && [ ! -f "$full" ] && AOT_RUN=$tls
  [ -f "$AOT_RUN" ] || AOT_RUN=$plain
}
