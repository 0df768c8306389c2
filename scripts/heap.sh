# Sourced by ./fanout: the young generation sized for the run. Sets FANOUT_HEAP_OPTS.
#
# Peak RSS is mostly the young generation: the JVM's default sizes it from the machine's memory (~126 MB on
# 24 GiB), and a run touches every page of it before the first collection. What a run keeps alive between
# collections is about its requests in flight (~7 KB each), so the young generation is sized from -c: 64 KB
# each, 8–256 MB, leaves them room to die young (measured, 20,000 x 100 ms at c=1000: 16 MB took 8 collections
# and ~120 ms of pauses, 64 MB 2 and ~45 ms; the default 1 and ~30 ms, at 173 MB of RSS instead of 131). The
# maximum heap is left to the JVM: the memory budget for bodies (--max-memory, a quarter of the heap by
# default) and large bodies are unchanged. A -c this cannot read only changes the size.
fanout_heap_opts() {
  local c=100 a
  while [ $# -gt 0 ]; do
    a=$1
    case $a in
      -c|--concurrency) [ $# -gt 1 ] && { c=$2; shift; } ;;
      --concurrency=*) c=${a#*=} ;;
      -c[0-9]*) c=${a#-c} ;;
      --) break ;;
    esac
    shift
  done
  case $c in ''|*[!0-9]*) c=100 ;; esac
  [ "${#c}" -gt 7 ] && c=9999999   # no overflow in the arithmetic below
  local mb=$(( (c * 64 + 1023) / 1024 ))
  [ "$mb" -lt 8 ] && mb=8
  [ "$mb" -gt 256 ] && mb=256
  FANOUT_HEAP_OPTS=(-Xmn${mb}m)
}
