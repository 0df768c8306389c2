#!/usr/bin/env bash
# What a library user's build pulls in with each of fanout's library artifacts, the numbers the README states.
# Installs the artifacts into this tree's own repository (target/examples-repo, as scripts/examples.sh does), then
# resolves each one the way a user's project does (a pom with that one dependency, runtime scope: optional
# dependencies left out) and lists the jars with their sizes.
#   scripts/footprint.sh                      fanout-core and fanout-batch
#   scripts/footprint.sh fanout-cli           any other artifact
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$ROOT/scripts/find-jdk.sh"
. "$ROOT/scripts/build.sh"
fanout_find_jdk 21 || exit 2
repo=$ROOT/target/examples-repo
settings=$ROOT/scripts/examples-settings.xml
export FANOUT_USER_M2=${FANOUT_USER_M2:-$HOME/.m2/repository}
version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/fanout-bom/pom.xml" | head -1)
if [ $# -eq 0 ]; then
  set -- fanout-core fanout-batch
fi
modules=fanout-bom
for a in "$@"; do modules="$modules,$a"; done
echo "footprint: installing $modules into $repo" >&2
(cd "$ROOT" && fanout_mvn -B -ntp -q -s "$settings" -Dmaven.repo.local="$repo" install -DskipTests \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl "$modules" -am) >&2
for a in "$@"; do
  dir=$(mktemp -d)
  cat > "$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>footprint</groupId>
  <artifactId>user-of-$a</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>dev.fanout</groupId><artifactId>$a</artifactId><version>$version</version></dependency>
  </dependencies>
</project>
EOF
  fanout_mvn -B -ntp -q -s "$settings" -Dmaven.repo.local="$repo" -f "$dir/pom.xml" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib" >&2
  bytes=$(du -cb "$dir"/lib/*.jar | tail -1 | cut -f1)
  count=$(find "$dir/lib" -name '*.jar' | wc -l)
  printf '%s: %d jars, %.1f MB\n' "$a" "$count" "$(echo "$bytes / 1000000" | bc -l)"
  (cd "$dir/lib" && du -b -- *.jar | sort -rn | awk '{ printf "  %8.1f kB  %s\n", $1 / 1000, $2 }')
  rm -rf "$dir"
done
