# Sourced by ./fanout: which of the build's two AOT caches a run starts with.
#
# Every class in a JDK 25 AOT cache is loaded at every start, so the build records two: a small one for plain-HTTP
# runs, and a full one that adds HTTPS over HTTP/2 and HTTP/1.1 (~1,100 classes, which cost a plain-HTTP run ~25 ms
# and ~7 MB and save an HTTPS run ~0.3 s of reading and verifying them from the jars) and the README's first jobs:
# URLs from a file, values from a file (-p q=@FILE), SQLite, a durable job, a report (~400 classes: ~0.1 s of
# such a run; TrainCommand.readmeJobs).

# Sets AOT_RUN to FULL when an argument mentions https://, reads URLs or values from a file (-i FILE, NAME=@FILE,
# @FILE), names an SQLite file (.sqlite, .sqlite3, .db), keeps a job (--job) or is the report command; else to
# PLAIN (and to PLAIN when FULL does not exist). URLs on standard input count as plain: a guess costs time, never
# a result.
#   fanout_aot_for PLAIN FULL ARGS...
fanout_aot_for() {
  local plain=$1 full=$2 a
  shift 2
  AOT_RUN=$plain
  for a in "$@"; do
    case $a in
      *[Hh][Tt][Tt][Pp][Ss]://*|-i|-i?*|--input|--input=*|*=@*|@*|*.sqlite|*.sqlite3|*.db|--job|--job=*|report)
        AOT_RUN=$full; break ;;
    esac
  done
  [ -f "$AOT_RUN" ] || AOT_RUN=$plain
}
