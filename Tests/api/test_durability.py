"""Durable state (issue 4 item 4/5): kill -9 restarts, config-seed reconciliation, reset, change
history and SigV4 authentication, against the real lab53d with boto3, the aws CLI and dig."""

import json
import time
import unittest

from lab53_fixture import Lab53TestCase, free_port, wait_until

SEED_V1 = """
Server:
  Seed: 7
HealthChecks:
  - Id: seed-check
    CallerReference: seed-check
    HealthCheckConfig: {{Type: TCP, IPAddress: 127.0.0.1, Port: {port}, RequestInterval: 1, FailureThreshold: 1}}
HostedZones:
  - Name: seed.test.
    Id: ZSEEDTEST1
    CallerReference: seed
    Comment: seeded
    ResourceRecordSets:
      - {{Name: www.seed.test., Type: A, TTL: 60, ResourceRecords: [{{Value: 192.0.2.10}}]}}
      - {{Name: txt.seed.test., Type: TXT, TTL: 60, ResourceRecords: [{{Value: '"seed"'}}]}}
  - Name: gone.test.
    Id: ZGONETEST1
    CallerReference: gone
    ResourceRecordSets:
      - {{Name: www.gone.test., Type: A, TTL: 60, ResourceRecords: [{{Value: 192.0.2.30}}]}}
"""

SEED_V2 = """
Server:
  Seed: 7
HealthChecks:
  - Id: seed-check
    CallerReference: seed-check
    HealthCheckConfig: {{Type: TCP, IPAddress: 127.0.0.1, Port: {port}, RequestInterval: 1, FailureThreshold: 1}}
HostedZones:
  - Name: seed.test.
    Id: ZSEEDTEST1
    CallerReference: seed
    Comment: seeded
    ResourceRecordSets:
      - {{Name: www.seed.test., Type: A, TTL: 60, ResourceRecords: [{{Value: 192.0.2.20}}]}}
      - {{Name: txt.seed.test., Type: TXT, TTL: 60, ResourceRecords: [{{Value: '"seed"'}}]}}
      - {{Name: new.seed.test., Type: A, TTL: 60, ResourceRecords: [{{Value: 192.0.2.21}}]}}
"""

KEYS = """
Server:
  APIAccessKeys:
    - {AccessKeyId: AKIDLABONE, SecretAccessKey: secret-one}
    - {AccessKeyId: AKIDLABTWO, SecretAccessKey: secret-two}
"""


def strip_meta(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


class Durability(Lab53TestCase):

    def state(self, lab):
        """Everything the API can read back, for before/after comparisons."""
        client = lab.r53
        zones = [strip_meta(client.get_hosted_zone(Id=z["Id"])) for z in client.list_hosted_zones()["HostedZones"]]
        checks = client.list_health_checks()["HealthChecks"]
        return {
            "zones": zones,
            "rrsets": {z["HostedZone"]["Id"]: self.all_record_sets(lab, z["HostedZone"]["Id"]) for z in zones},
            "checks": checks,
            "zone_tags": {z["HostedZone"]["Id"]: sorted((t["Key"], t["Value"]) for t in client.list_tags_for_resource(
                ResourceType="hostedzone", ResourceId=self.bare(z["HostedZone"]["Id"]))["ResourceTagSet"].get("Tags", []))
                for z in zones},
            "check_tags": {c["Id"]: sorted((t["Key"], t["Value"]) for t in client.list_tags_for_resource(
                ResourceType="healthcheck", ResourceId=c["Id"])["ResourceTagSet"].get("Tags", [])) for c in checks},
            "delegation_sets": client.list_reusable_delegation_sets()["DelegationSets"],
            "counts": (client.get_hosted_zone_count()["HostedZoneCount"], client.get_health_check_count()["HealthCheckCount"]),
        }

    def test_kill9_restores_everything(self):
        """Issue 4 item 4: zones, record sets, health checks (and versions), tags, a reusable delegation
        set, comments, caller references and drill states created through the API survive SIGKILL
        right after the last response; after the restart DNS answers and probing resume."""
        lab = self.start_lab()
        client = lab.client(validate=False)
        target = self.http_target()
        dead_port = free_port()
        ds = client.create_reusable_delegation_set(CallerReference="dur-ds")["DelegationSet"]
        zone = client.create_hosted_zone(Name="dur.test", CallerReference="dur-zone", DelegationSetId=ds["Id"],
                                         HostedZoneConfig={"Comment": "durable"})["HostedZone"]["Id"]
        other = client.create_hosted_zone(Name="other.test", CallerReference="dur-other")["HostedZone"]["Id"]
        live = client.create_health_check(CallerReference="dur-live", HealthCheckConfig={
            "Type": "HTTP", "IPAddress": "127.0.0.1", "Port": target.port, "ResourcePath": "/", "RequestInterval": 1,
            "FailureThreshold": 1})["HealthCheck"]["Id"]
        dead = client.create_health_check(CallerReference="dur-dead", HealthCheckConfig={
            "Type": "TCP", "IPAddress": "127.0.0.1", "Port": dead_port, "RequestInterval": 1,
            "FailureThreshold": 1})["HealthCheck"]["Id"]
        forced = client.create_health_check(CallerReference="dur-forced", HealthCheckConfig={
            "Type": "HTTP", "IPAddress": "127.0.0.1", "Port": target.port, "ResourcePath": "/", "RequestInterval": 1,
            "FailureThreshold": 1})["HealthCheck"]["Id"]
        calculated = client.create_health_check(CallerReference="dur-calc", HealthCheckConfig={
            "Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": [live, dead]})["HealthCheck"]["Id"]
        client.update_health_check(HealthCheckId=live, HealthCheckVersion=1, FailureThreshold=2)
        alias = {"HostedZoneId": self.bare(zone), "DNSName": "www.dur.test.", "EvaluateTargetHealth": False}
        self.change_batch(lab, zone,
                          self.change("CREATE", "www.dur.test", "A", 300, ["192.0.2.1", "192.0.2.2"]),
                          self.change("CREATE", "dur.test", "A", Alias=alias),
                          self.change("CREATE", "*.dur.test", "TXT", 120, ['"wild"']),
                          self.change("CREATE", "fo.dur.test", "A", 60, ["192.0.2.11"], SetIdentifier="p", Failover="PRIMARY",
                                      HealthCheckId=dead),
                          self.change("CREATE", "fo.dur.test", "A", 60, ["192.0.2.12"], SetIdentifier="s", Failover="SECONDARY"),
                          self.change("CREATE", "dr.dur.test", "A", 60, ["192.0.2.21"], SetIdentifier="p", Failover="PRIMARY",
                                      HealthCheckId=forced),
                          self.change("CREATE", "dr.dur.test", "A", 60, ["192.0.2.22"], SetIdentifier="s", Failover="SECONDARY"))
        self.change_batch(lab, other, self.change("CREATE", "www.other.test", "AAAA", 60, ["2001:db8::1"]))
        client.change_tags_for_resource(ResourceType="hostedzone", ResourceId=self.bare(zone),
                                        AddTags=[{"Key": "env", "Value": "durable"}])
        client.change_tags_for_resource(ResourceType="healthcheck", ResourceId=live, AddTags=[{"Key": "Name", "Value": "live"}])
        status, body = lab.lab_json("POST", f"/_lab/health-checks/{forced}/force", {"Status": "Unhealthy"})
        self.assertEqual(status, 200, body)
        wait_until(lambda: lab.dig("fo.dur.test").rdatas("A") == ["192.0.2.12"], 15, message="failover to SECONDARY before the kill")
        self.assertEqual(lab.dig("dr.dur.test").rdatas("A"), ["192.0.2.22"])
        before = self.state(lab)
        # The last acknowledged write, then SIGKILL immediately.
        last = self.change_batch(lab, other, self.change("CREATE", "last.other.test", "A", 60, ["192.0.2.99"]))["ChangeInfo"]["Id"]
        lab.kill9()
        restarted_at = time.time()
        lab.start()
        client = lab.client(validate=False)
        after = self.state(lab)
        self.assertIn(("last.other.test.", "A"), [(s["Name"], s["Type"]) for s in after["rrsets"][other]],
                      "the last acknowledged change survives kill -9")
        after["rrsets"][other] = [s for s in after["rrsets"][other] if s["Name"] != "last.other.test."]
        after_zones = after.pop("zones")
        before_zones = before.pop("zones")
        self.assertEqual(after, before)
        for b, a in zip(before_zones, after_zones):
            if a["HostedZone"]["Id"] == other:
                a["HostedZone"]["ResourceRecordSetCount"] -= 1
            self.assertEqual(a, b)
        self.assertEqual(client.get_change(Id=last)["ChangeInfo"]["Status"], "INSYNC")
        self.assertEqual(client.get_health_check(HealthCheckId=live)["HealthCheck"]["HealthCheckVersion"], 2)
        # Caller references are remembered.
        with self.assertRaises(client.exceptions.HostedZoneAlreadyExists):
            client.create_hosted_zone(Name="dur.test", CallerReference="dur-zone")
        with self.assertRaises(client.exceptions.DelegationSetAlreadyCreated):
            client.create_reusable_delegation_set(CallerReference="dur-ds")
        # DNS answers come back from the restored state.
        www = lab.dig("www.dur.test")
        self.assertEqual(sorted((r.ttl, r.rdata) for r in www.answer), [(300, "192.0.2.1"), (300, "192.0.2.2")], www)
        self.assertEqual(sorted(lab.dig("dur.test").rdatas("A")), ["192.0.2.1", "192.0.2.2"])
        self.assertEqual(lab.dig("x.y.dur.test", "TXT").rdatas("TXT"), ['"wild"'])
        self.assertEqual(lab.dig("www.other.test", "AAAA").rdatas("AAAA"), ["2001:db8::1"])
        self.assertEqual(lab.dig("last.other.test").rdatas("A"), ["192.0.2.99"])
        soa = lab.dig("dur.test", "SOA")
        self.assertEqual(soa.rdatas("SOA"), [ds["NameServers"][0] + ". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"])
        # The forced drill state is durable.
        self.assertEqual(lab.lab_check(forced).get("Forced"), "Unhealthy")
        self.assertEqual(lab.dig("dr.dur.test").rdatas("A"), ["192.0.2.22"])
        # Probing resumes: the dead primary is detected again and observations are fresh.
        wait_until(lambda: lab.dig("fo.dur.test").rdatas("A") == ["192.0.2.12"], 15, message="failover after restart")
        self.assertEqual(lab.lab_check(dead)["Status"], "Unhealthy")

        def fresh_success():
            observations = client.get_health_check_status(HealthCheckId=live)["HealthCheckObservations"]
            return observations and all(o["StatusReport"]["Status"].startswith("Success:") and
                                        o["StatusReport"]["CheckedTime"].timestamp() >= restarted_at - 1 for o in observations)
        wait_until(fresh_success, 15, message="fresh Success observations of the live check after the restart")
        self.assertEqual(lab.lab_check(calculated)["Status"], "Healthy")
        # Deleting a check after the restart stops it (and it stays deleted after another kill -9).
        client.delete_health_check(HealthCheckId=calculated)
        lab.kill9()
        lab.start()
        with self.assertRaises(lab.r53.exceptions.NoSuchHealthCheck):
            lab.r53.get_health_check(HealthCheckId=calculated)
        self.assertEqual(lab.r53.get_health_check_count()["HealthCheckCount"], 3)

    def test_kill9_during_burst_keeps_every_acknowledged_change(self):
        """Issue 4 item 4: 40 acknowledged single-change batches, SIGKILL after the last response:
        every one is present after the restart (API listing and DNS)."""
        lab = self.start_lab()
        zone = self.create_zone(lab, "burst.test")["HostedZone"]["Id"]
        for i in range(40):
            self.change_batch(lab, zone, self.change("CREATE", f"r{i}.burst.test", "A", 60, [f"192.0.2.{i + 1}"]))
        lab.kill9()
        lab.start()
        names = {s["Name"] for s in self.all_record_sets(lab, zone)}
        self.assertEqual({f"r{i}.burst.test." for i in range(40)} - names, set())
        self.assertEqual(lab.dig("r39.burst.test").rdatas("A"), ["192.0.2.40"])
        self.assertEqual(lab.r53.get_hosted_zone(Id=zone)["HostedZone"]["ResourceRecordSetCount"], 42)

    def test_config_seed_reconciled_on_restart(self):
        """Issue 4 item 4: config-owned zones are reconciled on start: API-created records in a config
        zone are kept, a config edit applies, a zone removed from the config is deleted, API-created
        zones are untouched."""
        port = free_port()
        lab = self.start_lab(SEED_V1.format(port=port))
        client = lab.r53
        seed_zone = "/hostedzone/ZSEEDTEST1"
        self.assertEqual(client.get_hosted_zone(Id="ZSEEDTEST1")["HostedZone"]["Name"], "seed.test.")
        self.assertEqual(lab.dig("www.seed.test").rdatas("A"), ["192.0.2.10"])
        self.change_batch(lab, seed_zone, self.change("CREATE", "api.seed.test", "A", 60, ["192.0.2.99"]))
        api_zone = self.create_zone(lab, "api.test")["HostedZone"]["Id"]
        self.change_batch(lab, api_zone, self.change("CREATE", "www.api.test", "A", 60, ["192.0.2.50"]))
        api_check = client.create_health_check(CallerReference="api-check", HealthCheckConfig={
            "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})["HealthCheck"]["Id"]
        api_zone_before = (strip_meta(client.get_hosted_zone(Id=api_zone)), self.all_record_sets(lab, api_zone))
        lab.restart(config_text=SEED_V2.format(port=port))
        client = lab.r53
        records = {(s["Name"], s["Type"]): s for s in self.all_record_sets(lab, seed_zone)}
        self.assertEqual([r["Value"] for r in records[("www.seed.test.", "A")]["ResourceRecords"]], ["192.0.2.20"])
        self.assertIn(("new.seed.test.", "A"), records)
        self.assertIn(("api.seed.test.", "A"), records, "API-created records in a config zone are kept")
        self.assertIn(("txt.seed.test.", "TXT"), records)
        self.assertEqual(lab.dig("www.seed.test").rdatas("A"), ["192.0.2.20"])
        self.assertEqual(lab.dig("new.seed.test").rdatas("A"), ["192.0.2.21"])
        self.assertEqual(lab.dig("api.seed.test").rdatas("A"), ["192.0.2.99"])
        with self.assertRaises(client.exceptions.NoSuchHostedZone):
            client.get_hosted_zone(Id="ZGONETEST1")
        self.assertEqual(lab.dig("www.gone.test").status, "REFUSED")
        self.assertEqual((strip_meta(client.get_hosted_zone(Id=api_zone)), self.all_record_sets(lab, api_zone)), api_zone_before)
        self.assertEqual(lab.dig("www.api.test").rdatas("A"), ["192.0.2.50"])
        self.assertEqual(client.get_health_check(HealthCheckId=api_check)["HealthCheck"]["Id"], api_check)
        self.assertEqual(client.get_health_check(HealthCheckId="seed-check")["HealthCheck"]["HealthCheckConfig"]["Port"], port)
        self.assertEqual(sorted(z["Name"] for z in client.list_hosted_zones()["HostedZones"]), ["api.test.", "seed.test."])

    def test_reset_returns_to_seed_state(self):
        """Issue 4 item 4: POST /_lab/reset and POST /moto-api/reset return to the config seed state
        (API zones, records, checks, tags and edits of config zones gone; DNS follows)."""
        lab = self.start_lab(SEED_V1.format(port=free_port()))
        seed = self.state(lab)
        for path in ("/_lab/reset", "/moto-api/reset"):
            with self.subTest(path=path):
                client = lab.r53
                self.change_batch(lab, "ZSEEDTEST1",
                                  self.change("CREATE", "api.seed.test", "A", 60, ["192.0.2.99"]),
                                  self.change("UPSERT", "www.seed.test", "A", 60, ["192.0.2.77"]))
                zone = self.create_zone(lab, "api.test")["HostedZone"]["Id"]
                self.change_batch(lab, zone, self.change("CREATE", "www.api.test", "A", 60, ["192.0.2.50"]))
                client.create_health_check(CallerReference=f"api-check{path}", HealthCheckConfig={
                    "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})
                client.change_tags_for_resource(ResourceType="hostedzone", ResourceId="ZSEEDTEST1",
                                                AddTags=[{"Key": "k", "Value": "v"}])
                client.update_hosted_zone_comment(Id="ZSEEDTEST1", Comment="edited")
                self.assertEqual(lab.dig("www.seed.test").rdatas("A"), ["192.0.2.77"])
                status, _, body = lab.http("POST", path)
                self.assertEqual(status, 200, body)
                self.assertEqual(self.state(lab), seed)
                self.assertEqual(lab.dig("www.seed.test").rdatas("A"), ["192.0.2.10"])
                self.assertEqual(lab.dig("api.seed.test").status, "NXDOMAIN")
                self.assertEqual(lab.dig("www.api.test").status, "REFUSED")

    def test_history_records_actor(self):
        """Issue 4 item 4: GET /_lab/history lists who (access key id) did what, newest first,
        including failed-nothing (a rejected batch adds no entry)."""
        lab = self.start_lab()
        one = lab.client("AKIDHISTONE", "any")
        two = lab.client("AKIDHISTTWO", "any")
        zone = one.create_hosted_zone(Name="hist.test", CallerReference="hist")["HostedZone"]["Id"]
        two.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Comment": "by two", "Changes": [
            self.change("CREATE", "a.hist.test", "A", 60, ["192.0.2.1"])]})
        check = two.create_health_check(CallerReference="hist-hc", HealthCheckConfig={
            "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})["HealthCheck"]["Id"]
        with self.assertRaises(one.exceptions.InvalidChangeBatch):
            one.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
                self.change("CREATE", "a.hist.test", "A", 60, ["192.0.2.1"])]})
        rc, out = lab.aws("delete-health-check", "--health-check-id", check, access_key="AKIDHISTCLI")
        self.assertEqual(rc, 0, out)
        status, history = lab.lab_json("GET", "/_lab/history")
        self.assertEqual(status, 200, history)
        entries = [(h["Operation"], h["Actor"]) for h in history]
        self.assertEqual(entries[:4], [("DeleteHealthCheck", "AKIDHISTCLI"), ("CreateHealthCheck", "AKIDHISTTWO"),
                                       ("ChangeResourceRecordSets", "AKIDHISTTWO"), ("CreateHostedZone", "AKIDHISTONE")])
        change = history[2]
        self.assertEqual(change.get("HostedZoneId", "").rsplit("/", 1)[-1], self.bare(zone))
        self.assertEqual(change.get("Comment"), "by two")
        self.assertIn("a.hist.test.", change["Detail"])
        for entry in history[:4]:
            self.assertRegex(entry["SubmittedAt"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
        lab.kill9()
        lab.start()
        status, again = lab.lab_json("GET", "/_lab/history")
        self.assertEqual([(h["Id"], h["Operation"], h["Actor"]) for h in again[:4]],
                         [(h["Id"], h["Operation"], h["Actor"]) for h in history[:4]], "history is durable")

    def test_sigv4_with_configured_keys(self):
        """Issue 4 item 5, API-01: with Server.APIAccessKeys, boto3 and the aws CLI signing with a
        configured key/secret succeed (and the history names that key); a wrong secret ->
        403 SignatureDoesNotMatch; an unknown key -> 403 InvalidClientTokenId; unsigned -> 403;
        rejected calls change nothing."""
        lab = self.start_lab(KEYS)
        good = lab.client("AKIDLABONE", "secret-one")
        wrong = lab.client("AKIDLABONE", "not-the-secret")
        unknown = lab.client("AKIDNOBODY", "secret-one")
        with self.assertRaises(wrong.exceptions.ClientError) as ctx:
            wrong.create_hosted_zone(Name="sig.test", CallerReference="sig-wrong")
        self.assertClientError(ctx, "SignatureDoesNotMatch", 403)
        with self.assertRaises(unknown.exceptions.ClientError) as ctx:
            unknown.list_hosted_zones()
        self.assertClientError(ctx, "InvalidClientTokenId", 403)
        status, _, body = lab.http("GET", "/2013-04-01/hostedzone")
        self.assertEqual(status, 403, body)
        rc, err = lab.aws("list-hosted-zones", access_key="AKIDLABTWO", secret_key="wrong")
        self.assertNotEqual(rc, 0)
        self.assertIn("SignatureDoesNotMatch", err)
        # Correctly signed requests (GET, POST with a body, query strings, the CLI).
        created = good.create_hosted_zone(Name="sig.test", CallerReference="sig-good")
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 201)
        zone = created["HostedZone"]["Id"]
        good.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            self.change("CREATE", "*.sig.test", "TXT", 60, ['"needs escaping"'])]})
        self.assertEqual(len(good.list_hosted_zones_by_name(DNSName="sig.test", MaxItems="1")["HostedZones"]), 1)
        names = [s["Name"] for s in good.list_resource_record_sets(HostedZoneId=zone, StartRecordName="*.sig.test")["ResourceRecordSets"]]
        self.assertIn("\\052.sig.test.", names)
        rc, out = lab.aws("get-hosted-zone", "--id", zone, access_key="AKIDLABTWO", secret_key="secret-two")
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["HostedZone"]["Name"], "sig.test.")
        self.assertEqual(good.get_hosted_zone_count()["HostedZoneCount"], 1, "the rejected create changed nothing")
        status, history = lab.lab_json("GET", "/_lab/history")
        self.assertEqual([(h["Operation"], h["Actor"]) for h in history[:2]],
                         [("ChangeResourceRecordSets", "AKIDLABONE"), ("CreateHostedZone", "AKIDLABONE")])

    def test_sigv4_independent_signer_and_clock_skew(self):
        """Issue 4 item 5, API-01: a request signed by an independent SigV4 implementation over the
        real Host header is accepted (GET with a query string, POST with a body); the same request
        signed 20 minutes in the past or future -> 403 SignatureDoesNotMatch (clock-skew window);
        a signature computed over an empty Host value is rejected."""
        import datetime
        lab = self.start_lab(KEYS)
        now = datetime.datetime.now(datetime.timezone.utc)
        for delta in (-20, 20):
            with self.subTest(minutes=delta):
                status, body = lab.signed_http("GET", "/2013-04-01/hostedzonecount", "AKIDLABONE", "secret-one",
                                               when=now + datetime.timedelta(minutes=delta))
                self.assertEqual(status, 403, body)
                self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", body)
        status, body = lab.signed_http("GET", "/2013-04-01/hostedzonecount", "AKIDLABONE", "secret-one", host="")
        self.assertEqual(status, 403, body)
        status, body = lab.signed_http("GET", "/2013-04-01/hostedzonecount", "AKIDLABONE", "secret-one")
        self.assertEqual(status, 200, body)
        self.assertIn(b"<HostedZoneCount>0</HostedZoneCount>", body)
        request = (b'<?xml version="1.0" encoding="UTF-8"?><CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
                   b"<Name>signed.test</Name><CallerReference>signed</CallerReference></CreateHostedZoneRequest>")
        status, body = lab.signed_http("POST", "/2013-04-01/hostedzone", "AKIDLABTWO", "secret-two", body=request)
        self.assertEqual(status, 201, body)
        status, body = lab.signed_http("GET", "/2013-04-01/hostedzonesbyname", "AKIDLABTWO", "secret-two",
                                       query="dnsname=signed.test&maxitems=1")
        self.assertEqual(status, 200, body)
        self.assertIn(b"<Name>signed.test.</Name>", body)


if __name__ == "__main__":
    unittest.main()
