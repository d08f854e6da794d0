# Shared by the benchmark scripts (sourced, not run): installing Debian packages, building
# lab53d, free loopback ports, and the NSD and Knot configurations every comparison uses
# (one worker, everything in a temp dir, run as the current user, 127.0.0.1 only).

apt_updated=0
need_pkgs() {  # need_pkgs PKG... : install the missing ones, one at a time
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
    if [ $apt_updated = 0 ]; then $sudo apt-get update -qq >/dev/null 2>&1; apt_updated=1; fi
    echo "installing $p ..." >&2
    # policy-rc.d-free environments may try to start the packaged service; we never use it.
    DEBIAN_FRONTEND=noninteractive timeout 600 $sudo apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 \
      || { echo "WARNING: could not install $p" >&2; return 1; }
  done
}

build_lab53d() {  # build_lab53d CONFIGURATION : prints the binary ($LAB53D when set, else a fresh build)
  if [ -n "${LAB53D:-}" ]; then
    realpath "$LAB53D"
    return
  fi
  echo "building lab53d ($1) ..." >&2
  swift build -c "$1" --product lab53d >/dev/null || { echo "swift build failed" >&2; return 1; }
  echo "$(swift build -c "$1" --show-bin-path)/lab53d"
}

# A port free for both UDP and TCP on 127.0.0.1 (racy against other processes picking ports).
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); p=s.getsockname()[1]; t=socket.socket(); t.bind(("127.0.0.1",p)); print(p)'; }

write_nsd_conf() {  # write_nsd_conf DIR PORT ZONE ZONEFILE : DIR/nsd.conf, zone read at start, no nsd.db
  cat >"$1/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$2
  port: $2
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$(dirname "$4")"
  database: ""
  zonelistfile: "$1/zone.list"
  xfrdfile: "$1/xfrd.state"
  xfrdir: "$1"
  pidfile: "$1/nsd.pid"
  logfile: "$1/nsd.log"
  verbosity: 0
  do-ip6: no
  rrl-ratelimit: 0            # Debian builds NSD with RRL on (200 qps per source): off, as for the others
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: $3
  zonefile: "$4"
CONF
}

write_knot_conf() {  # write_knot_conf DIR PORT ZONE ZONEFILE : DIR/knot.conf, storage in DIR/db, no journal
  mkdir -p "$1/db"
  cat >"$1/knot.conf" <<CONF
server:
  rundir: "$1"
  pidfile: "$1/knot.pid"
  listen: 127.0.0.1@$2
  udp-workers: 1
  tcp-workers: 1
  background-workers: 1
log:
  - target: stderr
    any: warning
database:
  storage: "$1/db"
template:
  - id: default
    storage: "$(dirname "$4")"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: $3
    file: "$4"
CONF
}
