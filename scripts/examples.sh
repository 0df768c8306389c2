# Sourced by ./test (after the reactor's verify). Installs the library's artifacts and builds examples/ against
# them the way a user's project would: a separate Maven project that imports fanout-bom and depends on
# fanout-core and fanout-batch (fanout-testserver for its tests), resolved from a local repository, not from the reactor.
# The repository is this tree's own (target/examples-repo): installing into the shared ~/.m2 would let
# parallel clones overwrite each other's snapshots.

fanout_examples() {
  local repo="$ROOT/target/examples-repo" settings="$ROOT/scripts/examples-settings.xml"
  export FANOUT_USER_M2=${FANOUT_USER_M2:-$HOME/.m2/repository}
  echo "test: installing fanout-bom, fanout-testserver, fanout-core, fanout-batch into $repo" >&2
  # tests and javadoc already ran in verify; the install step only copies the jars
  fanout_mvn -B -ntp -q -s "$settings" -Dmaven.repo.local="$repo" install -DskipTests \
      -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl fanout-bom,fanout-testserver,fanout-core,fanout-batch -am || return 1
  echo "test: building and testing examples/ against the installed artifacts" >&2
  fanout_mvn -B -ntp -s "$settings" -Dmaven.repo.local="$repo" -f "$ROOT/examples/pom.xml" verify
}
