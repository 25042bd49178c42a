#!/usr/bin/env bash
# Takes docs/monitor.png for the README: the desktop monitor in a real window under Xvfb, on a demo queue
# database that a writer keeps busy (events arrive and leave, some failed, some in flight), with a failed
# event selected so that the detail pane shows its reason.
# Needs xvfb, libgtk-3-0, imagemagick and xdotool (installed here when missing; needs root or sudo for that).
# The tests do not need any of them: they run on Monocle's headless platform.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$root/logstash-async-fx"
out="$root/docs/monitor.png"
display_number="${SCREENSHOT_DISPLAY:-99}"
history_seconds="${SCREENSHOT_HISTORY_SECONDS:-90}"

missing=()
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v import >/dev/null 2>&1 || missing+=(imagemagick)
command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || missing+=(libgtk-3-0)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "screenshot-monitor: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "screenshot-monitor: building the distribution (and the monitor's test classes, for the demo queue)"
mvn -B -ntp -q -f "$root/pom.xml" -pl logstash-async-dist -am package -DskipTests
dist="$root/logstash-async-dist/target/logstash-async"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# waits up to $1 seconds until the command in the other arguments succeeds
wait_for() {
  local seconds="$1"; shift
  for _ in $(seq 1 $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "screenshot-monitor: gave up waiting for: $*" >&2
  return 1
}

Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=":$display_number"
wait_for 10 xdotool getdisplaygeometry

java -cp "$module/target/test-classes:$dist/lib/*" \
  io.github.logstashasync.fx.DemoQueue "$work/demo.db" $((history_seconds + 60)) >"$work/demo.log" 2>&1 &
pids+=($!)
wait_for 60 grep -q ready "$work/demo.log"

"$dist/bin/logstash-async-monitor" "$work/demo.db" >"$work/monitor.log" 2>&1 &
pids+=($!)
wait_for 60 xdotool search --name "Queue monitor"
echo "screenshot-monitor: letting the charts fill for ${history_seconds} s"
sleep "$history_seconds"
# the second row of the table: a failed event of the demo
xdotool mousemove 300 189 click 1
sleep 2
mkdir -p "$(dirname "$out")"
import -window root "$work/shot.png"
# 256 colours keep the PNG small in the repository; the window has few colours anyway
convert "$work/shot.png" -colors 256 "PNG8:$out"
echo "screenshot-monitor: wrote $out ($(stat -c %s "$out") bytes)"
