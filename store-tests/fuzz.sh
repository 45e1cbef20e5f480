#!/usr/bin/env bash
# Coverage-guided fuzzing of imagestore's parsers, sidecar codec and directory-name mapping with Jazzer.
#
#   store-tests/fuzz.sh SECONDS [TestClass#method ...]
#
# Fuzzes each target (default: all four) for SECONDS in its own Maven/JUnit run (JAZZER_FUZZ=1), then
# prints per target the executions and findings. A finding is saved by Jazzer as
# src/test/resources/io/imagestore/tests/fuzz/<TestClass>Inputs/<method>/crash-<sha1>, where the normal
# `mvn verify` replays it from then on: commit it with the fix. Exits 1 when any target found something,
# 2 on a usage or build error. Logs: store-tests/target/fuzz/<target>.log.
set -u

usage() {
    echo "usage: $0 SECONDS [TestClass#method ...]" >&2
    exit 2
}

[ $# -ge 1 ] || usage
seconds=$1
shift
case $seconds in '' | *[!0-9]*) usage ;; esac
[ "$seconds" -gt 0 ] || usage

module=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$module")
inputs=$module/src/test/resources/io/imagestore/tests/fuzz
logs=$module/target/fuzz
mkdir -p "$logs"

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=(ImageReferenceFuzzTest#parse PlatformFuzzTest#parse MetadataCodecFuzzTest#decode
        DirectoryNameFuzzTest#imageDirectory)
fi

count_findings() {
    find "$inputs/${1%%#*}Inputs/${1#*#}" -maxdepth 1 -type f -name 'crash-*' 2>/dev/null | wc -l
}

failed=0
summary=()
for target in "${targets[@]}"; do
    log=$logs/${target/\#/.}.log
    before=$(count_findings "$target")
    echo "fuzzing $target for ${seconds}s (log: $log)" >&2
    # jazzer.internal.arg.* are appended after Jazzer's own -max_total_time (from @FuzzTest's maxDuration),
    # so this libFuzzer flag wins; argument 0 is libFuzzer's argv[0].
    (cd "$root" && JAZZER_FUZZ=1 mvn -B -o -pl store-tests -am test \
        -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djazzer.hooks=true -Djazzer.instrumentation_includes='io.imagestore.**' \
        -Djazzer.internal.arg.0=fuzz.sh -Djazzer.internal.arg.1=-max_total_time="$seconds") >"$log" 2>&1
    status=$?
    executions=$(grep -aoE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    findings=$(( $(count_findings "$target") - before ))
    if ! grep -aqE '^(Done [0-9]+ runs|#[0-9]+)' "$log"; then
        summary+=("$target: did not fuzz (exit $status): see $log")
        failed=1
        continue
    fi
    if [ "$status" -ne 0 ] && [ "$findings" -eq 0 ]; then
        findings=1
    fi
    [ "$findings" -eq 0 ] || failed=1
    summary+=("$target: executions=${executions:-0} findings=$findings")
done

printf '%s\n' "${summary[@]}"
exit "$failed"
