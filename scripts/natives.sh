# Sourced by ./fanout: the native libraries of the jars, extracted once by the build into one directory, and
# the JVM options that load them from there.
#
# Each library otherwise copies its native code out of its jar into the temporary directory: Netty's epoll at
# every start (a random file name, which initialises the security providers: ~0.1 s of a 0.6 s start measured),
# sqlite-jdbc at every start that opens a database, brotli4j at the first br response. The last two also leave
# those copies for the JVM to delete at exit; loaded from here, nothing is left, so Main may end the process by
# halting rather than System.exit (Main.exit says why that is faster) and is told so with -Dfanout.exit=halt.

# The platform in each library's names: sets FANOUT_SO (file suffix), FANOUT_SQLITE_DIR, FANOUT_BROTLI_DIR and
# FANOUT_TCNATIVE (empty where the library has no native code for it).
fanout_native_platform() {
  local os arch=${HOSTTYPE:-}   # bash's own names for the machine: no uname process at every start
  case $arch in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=aarch64 ;;
    *) arch="" ;;
  esac
  FANOUT_SO=so FANOUT_SQLITE_DIR="" FANOUT_BROTLI_DIR="" FANOUT_TCNATIVE=""
  [ -n "$arch" ] || return 0
  case ${OSTYPE:-} in
    linux-musl*) FANOUT_SQLITE_DIR=Linux-Musl/$arch ;;   # sqlite-jdbc has a build for musl's C library
    linux*) FANOUT_SQLITE_DIR=Linux/$arch FANOUT_BROTLI_DIR=linux-$arch FANOUT_TCNATIVE=linux-${arch/aarch64/aarch_64} ;;
    darwin*) FANOUT_SO=dylib FANOUT_SQLITE_DIR=Mac/$arch FANOUT_BROTLI_DIR=osx-$arch FANOUT_TCNATIVE=osx-${arch/aarch64/aarch_64} ;;
  esac
}

# Extracts the libraries of the jars in LIB into DIR (Netty's epoll library keeps its jar's path, META-INF/native).
fanout_extract_natives() {
  local lib=$1 dir=$2 j
  fanout_native_platform
  rm -rf "$dir"
  mkdir -p "$dir/META-INF/native"
  for j in "$lib"/netty-transport-native-epoll-*.jar; do
    [ -f "$j" ] && { (cd "$dir" && "$FANOUT_JAVA_HOME/bin/jar" xf "$j" META-INF/native) || true; }
  done
  # BoringSSL (netty-tcnative): the jar of this platform only; Netty finds it where System.loadLibrary looks
  [ -n "$FANOUT_TCNATIVE" ] && for j in "$lib"/netty-tcnative-boringssl-static-*-"$FANOUT_TCNATIVE".jar; do
    [ -f "$j" ] && { (cd "$dir" && "$FANOUT_JAVA_HOME/bin/jar" xf "$j" META-INF/native) || true; }
  done
  fanout_extract_one "$lib"/sqlite-jdbc-*.jar "org/sqlite/native/$FANOUT_SQLITE_DIR/libsqlitejdbc.$FANOUT_SO" "$dir"
  fanout_extract_one "$lib"/native-"$FANOUT_BROTLI_DIR"-*.jar "lib/$FANOUT_BROTLI_DIR/libbrotli.$FANOUT_SO" "$dir"
}

# Copies ENTRY of JAR (if both exist) into DIR/META-INF/native.
fanout_extract_one() {
  local jar=$1 entry=$2 dir=$3
  [ -f "$jar" ] || return 0
  case $entry in *//*) return 0 ;; esac   # the library has no build for this platform
  (cd "$dir" && "$FANOUT_JAVA_HOME/bin/jar" xf "$jar" "$entry" && [ -f "$entry" ] && mv "$entry" META-INF/native/) || true
}

# The JVM options that load the libraries in DIR/META-INF/native: sets FANOUT_NATIVE_OPTS.
fanout_native_opts() {
  local native=$1/META-INF/native sqlite brotli
  fanout_native_platform
  sqlite=$native/libsqlitejdbc.$FANOUT_SO
  brotli=$native/libbrotli.$FANOUT_SO
  FANOUT_NATIVE_OPTS=()
  [ -f "$sqlite" ] && FANOUT_NATIVE_OPTS+=(-Dorg.sqlite.lib.path="$native" -Dorg.sqlite.lib.name="${sqlite##*/}")
  [ -f "$brotli" ] && FANOUT_NATIVE_OPTS+=(-Dbrotli4j.library.path="$brotli")
  # halting is safe only if neither would copy its library out (where brotli4j has no build here, as on musl,
  # its Linux jar may still be taken for this platform's and copied out at the first br response)
  if [ -f "$sqlite" ] && [ -f "$brotli" ]; then
    FANOUT_NATIVE_OPTS+=(-Dfanout.exit=halt)
  fi
}
