# Sourced by ./fanout for `fanout spark …` and by bench/spark-cluster.sh. Needs ROOT, FANOUT_JAVA_HOME and
# FANOUT_JAVA_MAJOR. Spark (~290 MB of jars from Maven Central) is fetched and the module built only on first
# use, so `fanout get` never pays for it.

SPARK_TARGET=$ROOT/fanout-spark/target
SPARK_JAR=$SPARK_TARGET/fanout-spark-all.jar
SPARK_CLASSPATH_FILE=$SPARK_TARGET/spark-classpath.txt
SPARK_STAMP=$SPARK_TARGET/.fanout-spark-build-stamp
# the JVM options Spark needs on JDK 17+ (spark-launcher's list), one description for the tests and the launcher
SPARK_JVM_OPTIONS=$ROOT/fanout-spark/spark-jvm.options

fanout_spark_stale() {
  [ -f "$SPARK_JAR" ] && [ -f "$SPARK_CLASSPATH_FILE" ] && [ -f "$SPARK_STAMP" ] || return 0
  [ "$(<"$SPARK_STAMP")" = "$FANOUT_JAVA_HOME" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT"/fanout-{core,batch,cli,spark}/pom.xml "$ROOT"/fanout-{core,batch,cli,spark}/src/main \
      "$SPARK_JVM_OPTIONS" -newer "$SPARK_STAMP" -print -quit)" ]
}

fanout_spark_build() {   # builds fanout-spark (and what it needs) when its sources changed
  if fanout_spark_stale; then
    mkdir -p "$SPARK_TARGET"
    exec 8>"$SPARK_TARGET/.build.lock"
    flock 8
    if fanout_spark_stale; then
      echo "fanout: building the Spark module (the first time this fetches Spark, ~290 MB)…" >&2
      (cd "$ROOT" && fanout_mvn -q -B -Dstyle.color=never -DskipTests package -pl fanout-spark -am) \
          > "$ROOT/target-spark-build.log" 2>&1 || {
        cat "$ROOT/target-spark-build.log" >&2
        echo "fanout: the Spark module did not build (Maven's output is above and in target-spark-build.log)" >&2
        exit 2; }
      echo "$FANOUT_JAVA_HOME" > "$SPARK_STAMP"
    fi
    exec 8>&-
  fi
}

fanout_spark_classpath() {   # this module's jar, then Spark's jars
  echo "$SPARK_JAR:$(<"$SPARK_CLASSPATH_FILE")"
}

fanout_spark_java() {   # becomes java with Spark's options (exec): fanout_spark_java MAIN-CLASS ARGS...
  # Spark binds to what the host name resolves to unless told; an embedded run talks to itself only
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
  local extra=()
  # Spark's own libraries use sun.misc.Unsafe; JDK 24+ warns about that on every run
  [ "$FANOUT_JAVA_MAJOR" -ge 24 ] && extra+=(--sun-misc-unsafe-memory-access=allow)
  # Spark's list also opens sun.security.action, which JDK 25 no longer has (and warns about)
  [ "$FANOUT_JAVA_MAJOR" -lt 25 ] && extra+=(--add-opens=java.base/sun.security.action=ALL-UNNAMED)
  # shellcheck disable=SC2086
  exec "$FANOUT_JAVA_HOME/bin/java" @"$SPARK_JVM_OPTIONS" --enable-native-access=ALL-UNNAMED "${extra[@]}" \
      ${FANOUT_SPARK_JAVA_OPTS:-} -cp "$(fanout_spark_classpath)" "$@"
}

fanout_spark_resolvable() {   # whether Spark's jars are in the local Maven repository or can be fetched
  local v
  v=$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$ROOT/fanout-spark/pom.xml")
  [ -f "$HOME/.m2/repository/org/apache/spark/spark-sql_2.13/$v/spark-sql_2.13-$v.jar" ] && return 0
  fanout_mvn -q -B -ntp dependency:get -Dartifact="org.apache.spark:spark-sql_2.13:$v" >/dev/null 2>&1
}
