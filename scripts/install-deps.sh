#!/usr/bin/env bash
# Installs the Debian packages Lab53 builds and tests with, only when something is missing.
#   libldns-dev     CLDNS: zone files and presentation format (pulls libssl-dev)
#   libsqlite3-dev  the store (ControlPlane)
#   bind9-dnsutils  dig, for interoperability tests and the README examples
#   knot-dnsutils   kdig, a second independent client
#   ldnsutils       drill/ldns tools (libldns oracle checks by hand)
#   openssl         the tests make a self-signed certificate for HTTPS health-check targets
#   libcurl4        FoundationNetworking (the lab53 CLI talks to the lab API)
#   python3         loopback HTTP targets in Benchmarks/ and the README failover demo
#   python3-venv    Tests/api/run.sh installs boto3 and the aws CLI into a private venv when missing
#   libxml2         FoundationXML (the Route 53 API parses request XML with it)
#   prometheus      promtool checks /metrics, and a real Prometheus server scrapes the daemon in the tests
#   chromium        the status page is rendered and screenshotted in headless Chromium by a test
set -euo pipefail
packages=(libldns-dev libsqlite3-dev bind9-dnsutils knot-dnsutils ldnsutils pkg-config openssl libcurl4 python3 python3-venv libxml2 prometheus chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "lab53: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
