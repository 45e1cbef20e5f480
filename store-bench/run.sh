#!/usr/bin/env bash
# Builds the benchmarks, runs every figure of docs/BENCHMARKS.md, prints the table and ends with one
# `RATIO <name> <value>` line per figure. Writes store-bench/results/latest.json, latest.md and
# scaling.svg. Benchmark data lives under store-bench/target/bench-data and is removed at the end.
#
# Usage: store-bench/run.sh [--quick]
#   --quick  short iterations, one fork: a few minutes on 2 cores (full: about 20 minutes)
# The pull figure needs docker-registry, skopeo and umoci; without them it is reported as skipped.
# Exit status: 0 when every correctness check passed (a missed target is reported, not a failure);
# 1 when a write was lost or list() did not fit in -Xmx256m; 2 on a usage or build error.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  *) echo "usage: store-bench/run.sh [--quick]" >&2; exit 2 ;;
esac

data="$here/target/bench-data"
work="$here/target/bench-run"
results="$here/results"
jar="$here/target/benchmarks.jar"
cli="$repo/bin/imagestore"
java=(java "-Dimagestore.bench.dir=$data")

# The list benchmark warms up longer: one listing takes 0.01-1.5 s, so 1-s iterations measured its code
# while the JIT was still compiling it (the iterations of a quick run kept getting faster).
if [[ $mode == quick ]]; then
  jmh_timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  list_timing=(-f 1 -wi 4 -w 2s -i 3 -r 2s)
  list_counts=1000,10000,100000
  contended=(--warmup 1 --seconds 3)
  # One load takes seconds, so an iteration is one call: 1 warm-up + 3 measured per peer (~1.5 min in all).
  load_timing=(-f 1 -wi 1 -w 1s -i 3 -r 1s)
  pull=(--warmup 5 --rounds 3 --mb 100)
else
  jmh_timing=(-f 2 -wi 4 -w 2s -i 8 -r 2s)
  list_timing=("${jmh_timing[@]}")
  list_counts=1000,10000,30000,100000
  contended=(--warmup 3 --seconds 10)
  load_timing=(-f 2 -wi 1 -w 1s -i 5 -r 1s)
  pull=(--warmup 5 --rounds 7 --mb 100)
fi

cleanup() { rm -rf "$data"; }
trap cleanup EXIT
rm -rf "$data" "$work"
mkdir -p "$data" "$work" "$results"

echo "== build ($mode)"
modules=store-bench
[[ -x $cli ]] && modules=store-bench,store-cli
(cd "$repo" && mvn -B -q -pl "$modules" -am package -DskipTests) || { echo "build failed" >&2; exit 2; }

echo "== JMH: write, write_nodurable, read, cached_read, route, open, list, list_scaling (log: ${work#$repo/}/jmh.log)"
java -jar "$jar" 'io\.imagestore\.bench\.(Write|Read|Route|Open)Benchmark\.paired' "${jmh_timing[@]}" \
    -jvmArgsAppend "-Dimagestore.bench.dir=$data" -rf json -rff "$work/jmh.json" 2>&1 \
  | tee "$work/jmh.log" | grep --line-buffered -E '^# (Benchmark|Parameters):|^Result|ERROR|Exception' || true
java -jar "$jar" 'io\.imagestore\.bench\.List(Scaling)?Benchmark\.paired' "${list_timing[@]}" -p count="$list_counts" \
    -jvmArgsAppend "-Dimagestore.bench.dir=$data" -rf json -rff "$work/jmh-list.json" 2>&1 \
  | tee -a "$work/jmh.log" | grep --line-buffered -E '^# (Benchmark|Parameters):|^Result|ERROR|Exception' || true

echo "== JMH: load_vs_umoci, load_vs_tar (~100 MB docker-archive; needs umoci and tar)"
java -jar "$jar" 'io\.imagestore\.bench\.LoadBenchmark\.paired' "${load_timing[@]}" -p baseline=umoci,tar \
    -jvmArgsAppend "-Dimagestore.bench.dir=$data" -rf json -rff "$work/jmh-load.json" 2>&1 \
  | tee -a "$work/jmh.log" | grep --line-buffered -E '^# (Benchmark|Parameters):|^Result|ERROR|Exception' || true

echo "== pull: ~100 MB image from a local docker-registry vs skopeo copy + umoci unpack"
missing=""
for tool in docker-registry skopeo umoci; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [[ -n $missing ]]; then
  reason="not on PATH:$missing (Debian packages docker-registry, skopeo, umoci), so pull is not measured"
  echo "SKIP pull: $reason"
  printf '{"skipped":"%s"}\n' "$reason" > "$work/pull.json"
else
  "${java[@]}" -cp "$jar" io.imagestore.bench.PullBenchmark --out "$work/pull.json" "${pull[@]}" \
    > "$work/pull.log" 2>&1 || echo "pull: the driver failed (log: ${work#$repo/}/pull.log)"
fi

echo "== contended_write: 2 processes x 4 threads vs 1 thread, same image"
status=0
"${java[@]}" -cp "$jar" io.imagestore.bench.ContendedWrite --out "$work/contended.json" \
    --processes 2 --threads 4 "${contended[@]}" || status=1

echo "== memory: list() of 100,000 images in -Xmx256m"
"${java[@]}" -Xmx256m -cp "$jar" io.imagestore.bench.ListMemory --count 100000 --out "$work/memory.json" \
  || status=1

echo "== cli_inspect: bin/imagestore inspect vs java -version, median of 10"
median_ms() {
  local i start end
  for i in 1 2 3 4 5 6 7 8 9 10; do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%.3f", (t[5] + t[6]) / 2 / 1000 }'
}
if [[ ! -x $cli ]]; then
  reason="bin/imagestore is not in this checkout (the CLI is not built yet), so cli_inspect is not measured"
  echo "SKIP cli_inspect: $reason"
  printf '{"skipped":"%s"}\n' "$reason" > "$work/cli.json"
else
  IMAGESTORE_ROOT=$("${java[@]}" -cp "$jar" io.imagestore.bench.ImageCorpus --count 1)
  export IMAGESTORE_ROOT
  image=registry.example.com/builds/app-0:v1
  if ! out=$("$cli" inspect "$image" 2>&1); then
    reason="bin/imagestore inspect $image failed: $(echo "$out" | head -1 | tr -d '"\\')"
    echo "SKIP cli_inspect: $reason"
    printf '{"skipped":"%s"}\n' "$reason" > "$work/cli.json"
  else
    inspect=$(median_ms "$cli" inspect "$image")
    version=$(median_ms java -version)
    printf '{"runs":10,"inspect_ms":%s,"java_version_ms":%s}\n' "$inspect" "$version" > "$work/cli.json"
  fi
fi

echo "== report"
"${java[@]}" -cp "$jar" io.imagestore.bench.FigureReport --mode "$mode" \
    --jmh "$work/jmh.json" --jmh-list "$work/jmh-list.json" --contended "$work/contended.json" --memory "$work/memory.json" --cli "$work/cli.json" \
    --jmh-load "$work/jmh-load.json" --pull "$work/pull.json" \
    --json "$results/latest.json" --table "$results/latest.md" --chart "$results/scaling.svg" || status=1
exit "$status"
