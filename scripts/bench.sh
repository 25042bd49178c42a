#!/usr/bin/env bash
# Runs the JMH benchmark suite of logstash-async-bench with the settings of the README's "Performance" section,
# and writes the results into a folder: JMH's JSON, its full output, the machine's load, and a Markdown summary.
#
#   scripts/bench.sh            the measurement (about 6 minutes on 2 cores)
#   scripts/bench.sh --smoke    one short iteration of everything, to check that it all works (about 4 minutes)
#   BENCH_OUT=dir scripts/bench.sh    choose the output folder (default: bench-results/<UTC time>)
#   BENCH_FILTER='EndToEnd' scripts/bench.sh    run only the benchmarks matching a regular expression
#
# Extra JMH options can follow, e.g. scripts/bench.sh -jvmArgsAppend -Dbench.batchSize=2000
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
if [ "${1:-}" = "--smoke" ]; then
  mode=smoke
  shift
fi
out="${BENCH_OUT:-bench-results/$(date -u +%Y%m%dT%H%M%SZ)}"
filter="${BENCH_FILTER:-EndToEndBenchmark|LogbackBenchmark|DrainBenchmark|CallerBenchmark|StageBenchmark}"
mkdir -p "$out"

mvn -B -ntp -q package -pl logstash-async-bench -am -DskipTests
jar=logstash-async-bench/target/benchmarks.jar

if [ "$mode" = smoke ]; then
  # one iteration each, no warm-up: proves that every benchmark runs, measures nothing
  jmh_options=(-f 1 -wi 0 -i 1 -w 1s -r 1s)
else
  # quick but real: one fork, 2 warm-up and 3 measured iterations (their durations are set per benchmark class;
  # an end-to-end or drain invocation runs until the sink has every event, however long that takes)
  jmh_options=(-f 1 -wi 2 -i 3)
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "mode: $mode"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "jmh options: ${jmh_options[*]} $*"
  echo "uptime before: $(uptime)"
} > "$out/machine.txt"

# a background sample of the load every 30 s, since other work on the machine changes the numbers
( while true; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done ) > "$out/load.txt" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

java -jar "$jar" "$filter" "${jmh_options[@]}" -rf json -rff "$out/results.json" "$@" 2>&1 | tee "$out/output.txt"

echo "uptime after: $(uptime)" >> "$out/machine.txt"
java -cp "$jar" io.github.logstashasync.bench.Summary "$out/results.json" > "$out/summary.md"
echo
cat "$out/machine.txt"
echo
cat "$out/summary.md"
echo
echo "results in $out"
