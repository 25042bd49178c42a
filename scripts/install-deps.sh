#!/usr/bin/env bash
# Installs the Debian packages that the build and the tests need (receivers, tools), only those missing.
# Idempotent; needs root (or sudo). Java 17+ and Maven 3.8+ come with the machine image.
set -euo pipefail

# command → package that provides it
declare -A NEEDED=(
  [openssl]=openssl          # test PKI for TLS tests
  [sqlite3]=sqlite3          # a second process holding a lock on a queue database
  [rsyslogd]=rsyslog         # real TCP/UDP json_lines receiver (issue 3)
  [nginx]=nginx              # real HTTP receiver (issue 3)
  [tar]=tar                  # the distribution's tests unpack its archive
  [script]=bsdutils          # TerminalPasswordTest: the launcher in a pseudo-terminal
  [setsid]=util-linux        # TerminalPasswordTest: the launcher without a terminal
  [python3]=python3          # python-logstash-async's statements on a queue database (StaleInFlightTest)
)
# packages without a command of their own
EXTRA_PACKAGES=(rsyslog-openssl)

missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("${NEEDED[$cmd]}")
done
for pkg in "${EXTRA_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts nothing we need at install time, but make sure no system rsyslog/nginx holds our ports
$SUDO systemctl stop rsyslog nginx >/dev/null 2>&1 || true
echo "install-deps: done"
