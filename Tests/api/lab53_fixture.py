"""Test fixture: starts the real lab53d and drives it with the real `aws` CLI, boto3, dig and raw HTTP.

Everything listens on 127.0.0.1 with ephemeral ports; every wait has a deadline; the daemon is
always killed and its temporary directory removed (registered with addCleanup by Lab53TestCase).

Environment:
  LAB53D_PATH   the daemon binary (default <repo>/.build/debug/lab53d)
  AWS_CLI       the aws executable (default: `aws` on PATH)
"""

import atexit
import http.server
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB53D = os.environ.get("LAB53D_PATH") or os.path.join(REPO, ".build", "debug", "lab53d")
AWS_CLI = os.environ.get("AWS_CLI") or shutil.which("aws") or "aws"

# Keep the developer's AWS configuration out of the tests (profiles, regions, real credentials).
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
for _var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(_var, None)

import boto3  # noqa: E402  (after the environment is cleaned)
import botocore.config  # noqa: E402

DEFAULT_ACCESS_KEY = "AKIDLAB53TEST"
DEFAULT_SECRET_KEY = "lab53-test-secret"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
NS_RE = re.compile(r"^ns-(\d+)\.awsdns-(\d\d)\.(com|net|org|co\.uk)$")


_BINARY_COPY = None


def daemon_binary():
    """A private copy of lab53d for this test run, so a rebuild in progress (the linker rewriting
    .build/debug/lab53d) neither breaks the running tests nor is blocked by them. Waits (bounded)
    until the file has not changed for 2 s before copying."""
    global _BINARY_COPY
    if _BINARY_COPY and os.path.exists(_BINARY_COPY):
        return _BINARY_COPY
    if not os.path.exists(LAB53D):
        raise unittest.SkipTest(f"lab53d not built at {LAB53D} (run swift build or set LAB53D_PATH)")
    deadline = time.monotonic() + 600
    while True:
        before = os.stat(LAB53D)
        time.sleep(2)
        after = os.stat(LAB53D)
        if (before.st_mtime_ns, before.st_size) == (after.st_mtime_ns, after.st_size) and os.access(LAB53D, os.X_OK):
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"{LAB53D} kept changing for 600 s")
    directory = tempfile.mkdtemp(prefix="lab53d-bin-")
    atexit.register(shutil.rmtree, directory, True)
    copy = os.path.join(directory, "lab53d")
    shutil.copy2(LAB53D, copy)
    _BINARY_COPY = copy
    return copy


def wait_until(predicate, timeout, interval=0.1, message="condition"):
    """Polls predicate() until it returns a truthy value or the deadline passes (then AssertionError).

    Returns the truthy value. The last value/exception is included in the failure message."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = predicate()
            if last:
                return last
        except AssertionError:
            raise
        except Exception as error:  # noqa: BLE001 - reported below
            last = error
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.1f}s waiting for {message}; last value: {last!r}")
        time.sleep(interval)


def hz06_check(testcase, name_servers):
    """HZ-06/HZ-08: four names ns-N.awsdns-XX.tld (no trailing dot), one per TLD range,
    TLD by N (0-511 com, 512-1023 net, 1024-1535 org, 1536-2047 co.uk), XX = floor(N/8) mod 64."""
    testcase.assertEqual(len(name_servers), 4, name_servers)
    tlds = []
    for ns in name_servers:
        match = NS_RE.match(ns)
        testcase.assertIsNotNone(match, f"{ns!r} does not match ns-N.awsdns-XX.tld without trailing dot (HZ-06/HZ-08)")
        n, xx, tld = int(match.group(1)), match.group(2), match.group(3)
        testcase.assertTrue(0 <= n <= 2047, ns)
        expected_tld = ["com", "net", "org", "co.uk"][n // 512]
        testcase.assertEqual(tld, expected_tld, f"{ns}: TLD must follow N (HZ-06)")
        testcase.assertEqual(xx, "%02d" % ((n // 8) % 64), f"{ns}: XX must be floor(N/8) mod 64 (HZ-06)")
        tlds.append(tld)
    testcase.assertEqual(sorted(tlds), sorted(["com", "net", "org", "co.uk"]), "one name server per TLD (HZ-06)")


# ---------------------------------------------------------------------------------------------
# dig


class DigRecord:
    def __init__(self, name, ttl, rclass, rtype, rdata):
        self.name, self.ttl, self.rclass, self.rtype, self.rdata = name, ttl, rclass, rtype, rdata

    def __repr__(self):
        return f"{self.name} {self.ttl} {self.rclass} {self.rtype} {self.rdata}"


class DigResult:
    def __init__(self, rc, text):
        self.rc = rc
        self.text = text
        self.status = None
        self.flags = set()
        self.answer, self.authority, self.additional = [], [], []
        section = None
        for line in text.splitlines():
            header = re.search(r"->>HEADER<<- opcode: (\S+), status: (\S+), id:", line)
            if header:
                self.status = header.group(2)
                continue
            flags = re.match(r";; flags:([^;]*);", line)
            if flags:
                self.flags = set(flags.group(1).split())
                continue
            if line.startswith(";; ANSWER SECTION:"):
                section = self.answer
            elif line.startswith(";; AUTHORITY SECTION:"):
                section = self.authority
            elif line.startswith(";; ADDITIONAL SECTION:"):
                section = self.additional
            elif line.startswith(";") or not line.strip():
                if not line.strip():
                    section = None
            elif section is not None:
                parts = line.split(None, 4)
                if len(parts) >= 4:
                    section.append(DigRecord(parts[0], int(parts[1]), parts[2], parts[3], parts[4] if len(parts) > 4 else ""))

    def rdatas(self, rtype=None):
        return [r.rdata for r in self.answer if rtype is None or r.rtype == rtype]

    def __repr__(self):
        return self.text


# ---------------------------------------------------------------------------------------------
# HTTP targets for health checks


class _QuietHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class HTTPTarget:
    """An in-process HTTP server on 127.0.0.1 that answers 200; stop() closes the listening socket
    (probes get connection refused); start() reopens it on the same port. While stopped, a socket
    bound to the port with SO_REUSEPORT that never listens keeps it, so no other socket (an
    ephemeral port of some outgoing connection) can take it and make start() fail with EADDRINUSE
    (the Swift fakes' PortReservation)."""

    def __init__(self, port=0):
        self.port = port
        self.server = None
        self.thread = None
        self.reservation = None
        self.start()

    def start(self):
        if self.server is not None:
            return
        http.server.ThreadingHTTPServer.allow_reuse_address = True
        http.server.ThreadingHTTPServer.allow_reuse_port = True
        server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), _QuietHandler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self.server = server
        self._release()
        self.thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self):
        if self.server is None:
            return
        reservation = socket.socket()
        reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        reservation.bind(("127.0.0.1", self.port))
        self.reservation = reservation
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
        self.server = None

    def _release(self):
        if self.reservation is not None:
            self.reservation.close()
            self.reservation = None


def free_port():
    """A TCP port on 127.0.0.1 with nothing listening (closed right after binding)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# The daemon


class Lab53Daemon:
    def __init__(self, config_text=None, extra_args=(), access_key=DEFAULT_ACCESS_KEY, secret_key=DEFAULT_SECRET_KEY):
        self.tmp = tempfile.mkdtemp(prefix="lab53-api-test-")
        self.state_dir = os.path.join(self.tmp, "state")
        os.mkdir(self.state_dir)
        self.config_path = None
        if config_text is not None:
            self.write_config(config_text)
        self.extra_args = list(extra_args)
        self.access_key = access_key
        self.secret_key = secret_key
        self.process = None
        self.endpoint = None
        self.api_port = None
        self.dns_port = None
        self.banner = []
        self._clients = {}
        self._stderr_file = None
        self._runs = 0

    # -- lifecycle ------------------------------------------------------------------------------

    def write_config(self, text):
        self.config_path = os.path.join(self.tmp, "lab53.yaml")
        with open(self.config_path, "w") as f:
            f.write(text)

    def start(self):
        binary = daemon_binary()
        self._runs += 1
        args = [binary, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--state-dir", self.state_dir]
        if self.config_path:
            args += ["--config", self.config_path]
        args += self.extra_args
        self.stderr_path = os.path.join(self.tmp, f"stderr-{self._runs}.log")
        self._stderr_file = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._stderr_file, stdin=subprocess.DEVNULL,
                                        text=True, bufsize=1, start_new_session=True)
        lines = queue.Queue()
        process = self.process

        def pump():
            for line in process.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        self.banner = []
        self.endpoint = self.api_port = self.dns_port = None
        self._clients = {}
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill9()
                raise AssertionError(f"lab53d did not print ready within {START_TIMEOUT}s; banner {self.banner}; "
                                     f"stderr: {self.stderr_tail()}")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                rc = self.process.wait(5)
                raise AssertionError(f"lab53d exited with {rc} before ready; banner {self.banner}; stderr: {self.stderr_tail()}")
            self.banner.append(line)
            match = re.match(r"^dns udp 127\.0\.0\.1:(\d+)$", line)
            if match:
                self.dns_port = int(match.group(1))
            match = re.match(r"^api http 127\.0\.0\.1:(\d+)$", line)
            if match:
                self.api_port = int(match.group(1))
                self.endpoint = f"http://127.0.0.1:{self.api_port}"
            if line == "ready":
                break
        if not (self.dns_port and self.endpoint):
            raise AssertionError(f"banner lacks dns udp / api http lines: {self.banner}")
        return self

    def _reap(self):
        if self.process is not None:
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT)
            if self.process.stdout:
                self.process.stdout.close()
            self.process = None
        if self._stderr_file:
            self._stderr_file.close()
            self._stderr_file = None

    def stop(self):
        """SIGTERM (graceful), SIGKILL after STOP_TIMEOUT."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self._reap()

    def kill9(self):
        """SIGKILL: no chance to flush anything that was not committed."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self._reap()

    def restart(self, config_text=None, extra_args=None, kill=True):
        """kill -9 (or SIGTERM with kill=False) and start again on the same --state-dir.
        config_text replaces the config file; extra_args replaces the extra flags."""
        (self.kill9 if kill else self.stop)()
        if config_text is not None:
            self.write_config(config_text)
        if extra_args is not None:
            self.extra_args = list(extra_args)
        return self.start()

    def close(self):
        try:
            self.kill9()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def stderr_tail(self, lines=40):
        try:
            with open(self.stderr_path, "rb") as f:
                return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return "<no stderr>"

    # -- clients --------------------------------------------------------------------------------

    def client(self, access_key=None, secret_key=None, validate=True):
        """A boto3 route53 client for this daemon (recreated after a restart; endpoints change)."""
        key = (self.endpoint, access_key or self.access_key, secret_key or self.secret_key, validate)
        if key not in self._clients:
            session = boto3.session.Session(aws_access_key_id=key[1], aws_secret_access_key=key[2], region_name="us-east-1")
            config = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5,
                                            read_timeout=60, parameter_validation=validate)
            self._clients[key] = session.client("route53", endpoint_url=self.endpoint, config=config)
        return self._clients[key]

    @property
    def r53(self):
        return self.client()

    def aws_env(self, access_key=None, secret_key=None):
        env = dict(os.environ)
        env.update({
            "AWS_ACCESS_KEY_ID": access_key or self.access_key,
            "AWS_SECRET_ACCESS_KEY": secret_key or self.secret_key,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_RETRY_MODE": "standard",
            "AWS_PAGER": "",
        })
        return env

    def aws(self, *args, timeout=120, access_key=None, secret_key=None):
        """Runs `aws route53 ARGS --endpoint-url E --output json`.
        Returns (rc, parsed JSON or None for empty output) on success, (rc, stderr text) on failure."""
        command = [AWS_CLI, "route53", *[str(a) for a in args], "--endpoint-url", self.endpoint, "--output", "json"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                                env=self.aws_env(access_key, secret_key))
        if result.returncode != 0:
            return result.returncode, result.stderr
        out = result.stdout.strip()
        return 0, (json.loads(out) if out else None)

    def dig(self, name, rtype="A", *options, tcp=False):
        command = ["dig", "@127.0.0.1", "-p", str(self.dns_port), name, rtype, "+norec", "+time=2", "+tries=1"]
        if tcp:
            command.append("+tcp")
        command += list(options)
        result = subprocess.run(command, capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
        return DigResult(result.returncode, result.stdout + result.stderr)

    def http(self, method, path, body=None, headers=None, timeout=30):
        """Raw HTTP to the control listener. Returns (status, headers dict (lower-case), body bytes)."""
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.endpoint + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()

    def signed_http(self, method, path, access_key, secret_key, body=b"", query="", when=None, host=None):
        """A request signed with a small independent SigV4 implementation (service route53, region
        us-east-1, signed headers host;x-amz-content-sha256;x-amz-date). `when` (UTC datetime) moves
        the signing time; `host` overrides the Host value that is signed (the one sent is always the
        real one). Returns (status, body bytes)."""
        import datetime
        import hashlib
        import hmac
        import http.client
        when = when or datetime.datetime.now(datetime.timezone.utc)
        amz_date = when.strftime("%Y%m%dT%H%M%SZ")
        day = when.strftime("%Y%m%d")
        real_host = f"127.0.0.1:{self.api_port}"
        payload_hash = hashlib.sha256(body).hexdigest()
        canonical = "\n".join([method, path, query, f"host:{real_host if host is None else host}",
                               f"x-amz-content-sha256:{payload_hash}", f"x-amz-date:{amz_date}", "",
                               "host;x-amz-content-sha256;x-amz-date", payload_hash])
        scope = f"{day}/us-east-1/route53/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4" + secret_key).encode()
        for part in (day, "us-east-1", "route53", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        headers = {"X-Amz-Date": amz_date, "X-Amz-Content-SHA256": payload_hash,
                   "Authorization": f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
                                    f"SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}"}
        if body:
            headers["Content-Type"] = "text/xml"
        connection = http.client.HTTPConnection("127.0.0.1", self.api_port, timeout=30)
        try:
            connection.request(method, path + ("?" + query if query else ""), body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def lab_json(self, method, path, payload=None):
        body = json.dumps(payload) if payload is not None else None
        status, _, data = self.http(method, path, body, {"Content-Type": "application/json"} if body else None)
        return status, (json.loads(data) if data.strip() else None)

    def lab_check(self, check_id):
        status, data = self.lab_json("GET", f"/_lab/health-checks/{check_id}")
        if status != 200:
            raise AssertionError(f"GET /_lab/health-checks/{check_id} -> {status} {data}")
        return data

    def wait_check_status(self, check_id, status, timeout):
        """Waits until the lab API reports Status (what DNS answers use) == 'Healthy'/'Unhealthy'."""
        return wait_until(lambda: self.lab_check(check_id)["Status"] == status, timeout,
                          message=f"health check {check_id} to be {status}")


class Lab53TestCase(unittest.TestCase):
    """Base class: start_lab() starts a daemon whose teardown is registered with addCleanup."""

    maxDiff = None

    def start_lab(self, config_text=None, extra_args=(), **kwargs):
        lab = Lab53Daemon(config_text=config_text, extra_args=extra_args, **kwargs)
        self.addCleanup(lab.close)
        lab.start()
        self._labs = getattr(self, "_labs", []) + [lab]
        return lab

    def http_target(self, port=0):
        target = HTTPTarget(port)
        self.addCleanup(target.stop)
        return target

    # -- common helpers -------------------------------------------------------------------------

    def assertClientError(self, ctx, code, status, message=None):
        """ctx is the assertRaises context of a botocore ClientError."""
        response = ctx.exception.response
        self.assertEqual(response["Error"]["Code"], code, response)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], status, response)
        if message is not None:
            self.assertEqual(response["Error"]["Message"], message, response)
        return response

    @staticmethod
    def bare(zone_id):
        return zone_id.rsplit("/", 1)[-1]

    @staticmethod
    def change(action, name, rtype, ttl=None, values=(), **extra):
        rrset = {"Name": name, "Type": rtype}
        rrset.update({k: v for k, v in extra.items() if k != "Alias"})
        if ttl is not None:
            rrset["TTL"] = ttl
        if values:
            rrset["ResourceRecords"] = [{"Value": v} for v in values]
        if "Alias" in extra:
            rrset["AliasTarget"] = extra["Alias"]
        return {"Action": action, "ResourceRecordSet": rrset}

    def create_zone(self, lab, name, ref=None, **kwargs):
        ref = ref or f"ref-{name}-{time.monotonic_ns()}"
        response = lab.r53.create_hosted_zone(Name=name, CallerReference=ref, **kwargs)
        return response

    def change_batch(self, lab, zone_id, *changes, comment=None):
        batch = {"Changes": list(changes)}
        if comment:
            batch["Comment"] = comment
        return lab.r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=batch)

    def all_record_sets(self, lab, zone_id):
        paginator = lab.r53.get_paginator("list_resource_record_sets")
        out = []
        for page in paginator.paginate(HostedZoneId=zone_id, PaginationConfig={"MaxItems": 100000}):
            out.extend(page["ResourceRecordSets"])
        return out
