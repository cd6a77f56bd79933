#!/usr/bin/env bash
# make package, second half: target/cqrs-workbook-provided.zip, the function for Lambda's
# provided.al2023 runtime (x86_64). It ships its own JVM: the JDK that builds it, cut down by
# jlink to the modules that jdeps finds in the function's jars. Every jar is on the class path
# of the application class loader (the application's classes jarred too), because class data,
# the JDK 25 AOT cache included, only keeps classes of the JDK's built-in loaders: the Java
# runtime interface client would otherwise load the handler through a loader of its own.
# The AOT cache itself is trained by `make aot-cache` (real requests under aws-lambda-rie,
# hence the emulator); this script puts it in the zip when one was trained for these very jars.
# Only a JDK and zip are needed here.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=target/provided
TASK=$OUT/task
ZIP=target/cqrs-workbook-provided.zip
JDK="${JAVA_HOME:-$(src/build/find-jdk.sh)}"
release=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if (( release < 25 )); then
  echo "provided.al2023 package: needs a JDK 25 or later (the AOT cache of JEP 483/514/515); $JDK is $release. Skipped."
  exit 0
fi
if [[ "$(uname -m)" != x86_64 ]]; then
  echo "provided.al2023 package: built for x86_64 (the template's choice for it); this machine is $(uname -m). Skipped."
  exit 0
fi

started=$(date +%s%N)
rm -rf "$TASK" "$ZIP" && mkdir -p "$TASK/lib" "$TASK/native"
# Fixed entry times, so that the same classes give the same jar: the cache records each jar's
# size and modification time, and refuses a jar that differs.
"$JDK/bin/jar" --create --date=2026-01-01T00:00:00Z --file "$TASK/lib/cqrs-workbook.jar" -C target/classes .
unzip -q -o target/cqrs-workbook-lambda.zip 'lib/*' -d "$TASK"
# The runtime interface client (what Lambda's java runtimes run) and its own dependencies.
for jar in target/ric/*.jar; do
  name=$(basename "$jar")
  [[ -e "$TASK/lib/$name" ]] || cp "$jar" "$TASK/lib/$name"
done
ric=$(ls "$TASK"/lib/aws-lambda-java-runtime-interface-client-*.jar)
unzip -q -o -j "$ric" 'jni/libaws-lambda-jni.linux-x86_64.so' -d "$TASK/native"

# The class path, in a fixed order: the cache checks it entry by entry.
classpath=$(cd "$TASK" && ls lib/*.jar | LC_ALL=C sort | paste -sd: -)
# jdeps and jlink again only when the jars or the JDK changed (a stamp of both): they take most of the time.
inputs=$( (cd "$TASK" && sha256sum lib/*.jar; "$JDK/bin/java" -version 2>&1) | sha256sum | cut -c1-16)
if [[ -d "$OUT/jvm" && "$(cat "$OUT/jvm.stamp" 2>/dev/null)" == "$inputs" ]]; then
  modules=$(cat "$OUT/jvm.modules")
else
  rm -rf "$OUT/jvm"
  modules=$("$JDK/bin/jdeps" --multi-release "$release" --ignore-missing-deps --print-module-deps "$TASK"/lib/*.jar 2>/dev/null | tail -1)
  # What the JDK looks up at run time (security providers, TLS, elliptic curves) is in java.base
  # since JDK 22; DNS goes through the OS resolver. jdeps sees the rest.
  "$JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$OUT/jvm"
  echo "$modules" > "$OUT/jvm.modules"
  echo "$inputs" > "$OUT/jvm.stamp"
fi
cp -a "$OUT/jvm" "$TASK/jvm"

# tag::bootstrap[]
# The flags of Lambda's java runtimes (serial GC, client compiler only), the heap sized from
# the function's memory as they size it, no perf-data file in /tmp, and the AOT cache when
# the zip carries one. `make aot-cache` trains with this very file, so the flags match.
cat > "$TASK/bootstrap" <<BOOTSTRAP
#!/bin/sh
root=\${LAMBDA_TASK_ROOT:-\$(cd "\$(dirname "\$0")" && pwd)}
cd "\$root"
memory=\${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-1024}
cache=""
[ -f app.aot ] && cache="-XX:AOTCache=app.aot"
jni=\$root/native/libaws-lambda-jni.linux-x86_64.so
exec jvm/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \\
  -XX:MaxRAM=\${memory}m -XX:MaxHeapSize=\$((memory * 85 / 100))m \\
  -XX:-UsePerfData \$cache --enable-native-access=ALL-UNNAMED \\
  -Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=\$jni \\
  -cp $classpath \\
  com.amazonaws.services.lambda.runtime.api.client.AWSLambda "\$_HANDLER"
BOOTSTRAP
# end::bootstrap[]
chmod 755 "$TASK/bootstrap"

# The trained cache, if it was made from these jars, this JVM and this bootstrap.
stamp=$( (cd "$TASK" && sha256sum bootstrap lib/*.jar jvm/lib/modules) | sha256sum | cut -c1-16)
echo "$stamp" > "$OUT/stamp"
if [[ -f "$OUT/app.aot" && "$(cat "$OUT/app.aot.stamp" 2>/dev/null)" == "$stamp" ]]; then
  cp "$OUT/app.aot" "$TASK/app.aot"
  cached="with its AOT cache ($(du -h "$OUT/app.aot" | cut -f1))"
else
  cached="WITHOUT an AOT cache: make aot-cache trains one (the emulator runs real requests) and puts it in"
fi
# zip, not jar: Lambda needs bootstrap and the JVM's programs executable, which zip keeps.
(cd "$TASK" && zip -q -r -X -y "../../$(basename "$ZIP")" .)
took=$(( ($(date +%s%N) - started) / 1000000 ))
echo "$ZIP: $(du -h "$ZIP" | cut -f1) ($(stat -c %s "$ZIP") bytes; $(du -sh "$TASK" | cut -f1) unpacked), $(ls "$TASK"/lib/*.jar | wc -l) jars, modules $modules; ${took} ms; $cached"
