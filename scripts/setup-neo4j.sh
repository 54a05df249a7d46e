#!/usr/bin/env bash
# Build the test Neo4j (Neo4j Community 5.26 embedded, Bolt on 127.0.0.1) from Maven Central.
#
# Idempotent: skips the build when target/ already matches the current pom.xml and
# Launcher source. Prints the Java classpath to start it with on the last line, e.g.
#   java -cp "$(scripts/setup-neo4j.sh | tail -1)" org.chaingap.testserver.Launcher DIR PORT PASSWORD
# Needs: Java 17+, Maven 3 (Debian: apt-get install -y openjdk-17-jdk-headless maven).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
launcher="$here/tests/neo4j-launcher"
stamp="$launcher/target/.chaingap-build-stamp"

if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "setup-neo4j: installing Java 17 and Maven from Debian" >&2
        apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless maven >&2
    fi
fi
for tool in java mvn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "setup-neo4j: '$tool' not found; install Java 17 and Maven (apt-get install -y openjdk-17-jdk-headless maven)" >&2
        exit 3
    fi
done

fingerprint="$(cat "$launcher/pom.xml" $(find "$launcher/src" -type f | sort) | sha256sum | cut -d' ' -f1)"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" && -d "$launcher/target/lib" ]]; then
    echo "setup-neo4j: already built ($launcher/target)" >&2
else
    echo "setup-neo4j: building the Neo4j launcher with Maven (first time downloads ~120 MB)" >&2
    (cd "$launcher" && mvn -B -q -Dstyle.color=never package) >&2
    echo "$fingerprint" > "$stamp"
fi

echo "$launcher/target/classes:$launcher/target/lib/*"
