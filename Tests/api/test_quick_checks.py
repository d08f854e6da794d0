"""Route 53 tester quick checks Q1-Q25 (route53-behaviour.md §11) against the real lab53d,
driven with the real `aws` CLI, boto3 and dig. Each test starts its own daemon (about 0.2 s)."""

import json
import re
import time
import unittest

from lab53_fixture import Lab53TestCase, free_port, hz06_check, wait_until

ZONE = "lab.test."
WWW = "www.lab.test."
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SOA_TAIL = " awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"


class QuickChecks(Lab53TestCase):

    # -- helpers --------------------------------------------------------------------------------

    def lab_zone(self, lab, with_www=True):
        """lab.test (caller reference r1) and, optionally, www A 192.0.2.1 TTL 300."""
        created = lab.r53.create_hosted_zone(Name="lab.test", CallerReference="r1")
        zone_id = created["HostedZone"]["Id"]
        if with_www:
            self.change_batch(lab, zone_id, self.change("CREATE", WWW, "A", 300, ["192.0.2.1"]))
        return zone_id, created

    def expected_soa(self, created):
        return created["DelegationSet"]["NameServers"][0] + "." + SOA_TAIL

    def fast_check(self, lab, ref, port, *, check_type="HTTP", threshold=1, interval=1):
        """A health check through boto3 with the lab's short interval (RequestInterval < 10 is a lab
        extension, so client-side parameter validation is switched off)."""
        config = {"Type": check_type, "IPAddress": "127.0.0.1", "Port": port, "RequestInterval": interval,
                  "FailureThreshold": threshold}
        if check_type.startswith("HTTP"):
            config["ResourcePath"] = "/"
        response = lab.client(validate=False).create_health_check(CallerReference=ref, HealthCheckConfig=config)
        self.assertEqual(response["HealthCheck"]["HealthCheckConfig"]["RequestInterval"], interval, response)
        return response["HealthCheck"]["Id"]

    def wait_observed(self, lab, check_id, prefix, timeout=15, count=1):
        """Waits until GetHealthCheckStatus has at least `count` observations (checkers report only
        after their first probe, at a random phase) and all of them start with prefix."""
        def ready():
            observations = lab.r53.get_health_check_status(HealthCheckId=check_id)["HealthCheckObservations"]
            statuses = [o["StatusReport"]["Status"] for o in observations]
            return observations if len(statuses) >= count and all(s.startswith(prefix) for s in statuses) else None
        return wait_until(ready, timeout, message=f"all observations of {check_id} to start with {prefix!r}")

    def answers(self, lab, name, rtype="A", count=1):
        out = []
        for _ in range(count):
            result = lab.dig(name, rtype)
            self.assertEqual(result.status, "NOERROR", result)
            out.append(sorted(result.rdatas(rtype)))
        return out

    # -- Q1-Q3 ----------------------------------------------------------------------------------

    def test_q01_create_hosted_zone(self):
        """Q1, HZ-01, HZ-06, HZ-08, HZ-15, HZ-18, API-02, API-04: 201 + Location, name lab.test.,
        ResourceRecordSetCount 2, PENDING, four name servers one per TLD range."""
        lab = self.start_lab()
        response = lab.r53.create_hosted_zone(Name="lab.test", CallerReference="r1")
        meta = response["ResponseMetadata"]
        self.assertEqual(meta["HTTPStatusCode"], 201)
        zone = response["HostedZone"]
        self.assertRegex(zone["Id"], r"^/hostedzone/Z[A-Z0-9]+$")
        bare = self.bare(zone["Id"])
        self.assertLessEqual(len(bare), 32)
        location = f"https://route53.amazonaws.com/2013-04-01/hostedzone/{bare}"
        self.assertEqual(meta["HTTPHeaders"].get("location"), location)
        self.assertEqual(response["Location"], location)
        self.assertEqual(zone["Name"], "lab.test.")
        self.assertEqual(zone["CallerReference"], "r1")
        self.assertEqual(zone["ResourceRecordSetCount"], 2)
        self.assertEqual(zone["Config"]["PrivateZone"], False)
        self.assertEqual(response["ChangeInfo"]["Status"], "PENDING")
        self.assertRegex(response["ChangeInfo"]["Id"], r"^/change/C[A-Z0-9]+$")
        hz06_check(self, response["DelegationSet"]["NameServers"])
        self.assertNotIn("Id", response["DelegationSet"], "default zones carry no delegation-set Id (HZ-10)")
        # GetHostedZone reports the same zone and name servers in the same order (HZ-08).
        got = lab.r53.get_hosted_zone(Id=bare)
        self.assertEqual(got["HostedZone"]["Id"], zone["Id"])
        self.assertEqual(got["HostedZone"]["ResourceRecordSetCount"], 2)
        self.assertEqual(got["DelegationSet"]["NameServers"], response["DelegationSet"]["NameServers"])

    def test_q02_same_caller_reference_conflicts(self):
        """Q2, HZ-11, API-06: the same CreateHostedZone with r1 again -> 409 HostedZoneAlreadyExists
        with the exact message (aws CLI and boto3); still one zone."""
        lab = self.start_lab()
        rc, out = lab.aws("create-hosted-zone", "--name", "lab.test", "--caller-reference", "r1")
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["HostedZone"]["Name"], "lab.test.")
        rc, err = lab.aws("create-hosted-zone", "--name", "lab.test", "--caller-reference", "r1")
        self.assertNotEqual(rc, 0)
        self.assertIn("(HostedZoneAlreadyExists)", err)
        self.assertIn("A hosted zone has already been created with the specified caller reference.", err)
        client = lab.r53
        with self.assertRaises(client.exceptions.HostedZoneAlreadyExists) as ctx:
            client.create_hosted_zone(Name="lab.test", CallerReference="r1")
        self.assertClientError(ctx, "HostedZoneAlreadyExists", 409,
                               "A hosted zone has already been created with the specified caller reference.")
        self.assertEqual(len(client.list_hosted_zones()["HostedZones"]), 1)

    def test_q03_list_new_zone_ns_then_soa(self):
        """Q3, HZ-01..HZ-03, HZ-08: exactly NS (TTL 172800, the 4 name servers with trailing dots)
        then SOA (TTL 900, '<first NS>. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400')."""
        lab = self.start_lab()
        zone_id, created = self.lab_zone(lab, with_www=False)
        rc, out = lab.aws("list-resource-record-sets", "--hosted-zone-id", zone_id)
        self.assertEqual(rc, 0, out)
        sets = out["ResourceRecordSets"]
        self.assertEqual([(s["Name"], s["Type"]) for s in sets], [(ZONE, "NS"), (ZONE, "SOA")])
        ns, soa = sets
        self.assertEqual(ns["TTL"], 172800)
        servers = created["DelegationSet"]["NameServers"]
        ns_values = [r["Value"] for r in ns["ResourceRecords"]]
        self.assertEqual(sorted(ns_values), sorted(s + "." for s in servers))
        self.assertTrue(all(v.endswith(".") for v in ns_values))
        self.assertEqual(soa["TTL"], 900)
        self.assertEqual([r["Value"] for r in soa["ResourceRecords"]], [self.expected_soa(created)])
        for record_set in sets:
            self.assertEqual(set(record_set), {"Name", "Type", "TTL", "ResourceRecords"}, record_set)

    # -- Q4-Q7 (dig) ----------------------------------------------------------------------------

    def test_q04_dig_soa(self):
        """Q4, HZ-02, HZ-03, DNS-01: SOA query -> AA, the SOA above (TTL 900), authority = the 4 NS."""
        lab = self.start_lab()
        zone_id, created = self.lab_zone(lab, with_www=False)
        result = lab.dig("lab.test", "SOA")
        self.assertEqual(result.status, "NOERROR", result)
        self.assertIn("aa", result.flags, result)
        self.assertEqual([(r.name, r.ttl, r.rtype, r.rdata) for r in result.answer],
                         [(ZONE, 900, "SOA", self.expected_soa(created))], result)
        self.assertEqual(sorted((r.name, r.ttl, r.rtype, r.rdata) for r in result.authority),
                         sorted((ZONE, 172800, "NS", s + ".") for s in created["DelegationSet"]["NameServers"]), result)

    def test_q05_dig_nxdomain(self):
        """Q5, HZ-04, DNS-05: nope.lab.test A -> NXDOMAIN, AA, SOA in authority with TTL 900."""
        lab = self.start_lab()
        zone_id, created = self.lab_zone(lab, with_www=False)
        result = lab.dig("nope.lab.test", "A")
        self.assertEqual(result.status, "NXDOMAIN", result)
        self.assertIn("aa", result.flags, result)
        self.assertEqual(result.answer, [], result)
        self.assertEqual([(r.name, r.ttl, r.rtype, r.rdata) for r in result.authority],
                         [(ZONE, 900, "SOA", self.expected_soa(created))], result)

    def test_q06_nodata_for_other_type(self):
        """Q6, DNS-06, HZ-04: after creating www A 192.0.2.1, www AAAA -> NOERROR, empty answer,
        SOA (TTL 900) in authority; www A answers 192.0.2.1."""
        lab = self.start_lab()
        zone_id, created = self.lab_zone(lab)
        a = lab.dig("www.lab.test", "A")
        self.assertEqual((a.status, [(r.name, r.ttl, r.rdata) for r in a.answer]),
                         ("NOERROR", [(WWW, 300, "192.0.2.1")]), a)
        result = lab.dig("www.lab.test", "AAAA")
        self.assertEqual(result.status, "NOERROR", result)
        self.assertIn("aa", result.flags)
        self.assertEqual(result.answer, [], result)
        self.assertEqual([(r.name, r.ttl, r.rtype, r.rdata) for r in result.authority],
                         [(ZONE, 900, "SOA", self.expected_soa(created))], result)

    def test_q07_refused_outside_hosted_zones(self):
        """Q7, DNS-03: www.other.test (not hosted) -> REFUSED."""
        lab = self.start_lab()
        self.lab_zone(lab, with_www=False)
        result = lab.dig("www.other.test", "A")
        self.assertEqual(result.status, "REFUSED", result)
        self.assertEqual(result.answer, [])

    # -- Q8-Q12 (change batches) ----------------------------------------------------------------

    def test_q08_create_existing_record(self):
        """Q8, RR-14, API-05, API-06: CREATE an existing www A -> 400 InvalidChangeBatch
        [Tried to create resource record set [name='www.lab.test.', type='A'] but it already exists]."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab)
        message = "[Tried to create resource record set [name='www.lab.test.', type='A'] but it already exists]"
        batch = {"Changes": [self.change("CREATE", "www.lab.test", "A", 300, ["192.0.2.1"])]}
        rc, err = lab.aws("change-resource-record-sets", "--hosted-zone-id", zone_id, "--change-batch", json.dumps(batch))
        self.assertNotEqual(rc, 0)
        self.assertIn("(InvalidChangeBatch)", err)
        self.assertIn(message, err)
        client = lab.r53
        with self.assertRaises(client.exceptions.InvalidChangeBatch) as ctx:
            client.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=batch)
        self.assertClientError(ctx, "InvalidChangeBatch", 400, message)

    def test_q09_cname_at_apex(self):
        """Q9, RR-11, API-06: CREATE lab.test CNAME x.example.net -> 400 InvalidChangeBatch
        [RRSet of type CNAME with DNS name lab.test. is not permitted at apex in zone lab.test.]."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab, with_www=False)
        client = lab.r53
        with self.assertRaises(client.exceptions.InvalidChangeBatch) as ctx:
            self.change_batch(lab, zone_id, self.change("CREATE", "lab.test", "CNAME", 300, ["x.example.net"]))
        self.assertClientError(ctx, "InvalidChangeBatch", 400,
                               "[RRSet of type CNAME with DNS name lab.test. is not permitted at apex in zone lab.test.]")
        self.assertEqual(len(self.all_record_sets(lab, zone_id)), 2)

    def test_q10_delete_with_changed_ttl(self):
        """Q10, API-21, API-06: DELETE www A with another TTL -> 400 '... but the values provided do not
        match the current values'; the record stays."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab)
        batch = {"Changes": [self.change("DELETE", WWW, "A", 60, ["192.0.2.1"])]}
        rc, err = lab.aws("change-resource-record-sets", "--hosted-zone-id", zone_id, "--change-batch", json.dumps(batch))
        self.assertNotEqual(rc, 0)
        message = ("[Tried to delete resource record set [name='www.lab.test.', type='A'] "
                   "but the values provided do not match the current values]")
        self.assertIn("(InvalidChangeBatch)", err)
        self.assertIn(message, err)
        client = lab.r53
        with self.assertRaises(client.exceptions.InvalidChangeBatch) as ctx:
            client.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=batch)
        self.assertClientError(ctx, "InvalidChangeBatch", 400, message)
        self.assertIn((WWW, "A"), [(s["Name"], s["Type"]) for s in self.all_record_sets(lab, zone_id)])
        self.assertEqual(lab.dig("www.lab.test").rdatas("A"), ["192.0.2.1"])

    def test_q11_batch_is_atomic(self):
        """Q11, API-20: {CREATE ok.lab.test A, CREATE www A (exists)} -> 400 with only the www message;
        ok.lab.test is not created (API listing and DNS)."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab)
        before = self.all_record_sets(lab, zone_id)
        client = lab.r53
        with self.assertRaises(client.exceptions.InvalidChangeBatch) as ctx:
            self.change_batch(lab, zone_id,
                              self.change("CREATE", "ok.lab.test", "A", 300, ["192.0.2.7"]),
                              self.change("CREATE", WWW, "A", 300, ["192.0.2.1"]))
        self.assertClientError(ctx, "InvalidChangeBatch", 400,
                               "[Tried to create resource record set [name='www.lab.test.', type='A'] but it already exists]")
        self.assertEqual(self.all_record_sets(lab, zone_id), before)
        self.assertEqual(lab.r53.get_hosted_zone(Id=zone_id)["HostedZone"]["ResourceRecordSetCount"], 3)
        self.assertEqual(lab.dig("ok.lab.test").status, "NXDOMAIN")

    def test_q12_delete_non_empty_zone(self):
        """Q12, HZ-16, API-06: delete-hosted-zone while www exists -> 400 HostedZoneNotEmpty with the
        exact message; after deleting www the zone deletes (200, PENDING) and is gone (404)."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab)
        rc, err = lab.aws("delete-hosted-zone", "--id", zone_id)
        self.assertNotEqual(rc, 0)
        message = "The specified hosted zone contains non-required resource record sets and so cannot be deleted."
        self.assertIn("(HostedZoneNotEmpty)", err)
        self.assertIn(message, err)
        client = lab.r53
        with self.assertRaises(client.exceptions.HostedZoneNotEmpty) as ctx:
            client.delete_hosted_zone(Id=zone_id)
        self.assertClientError(ctx, "HostedZoneNotEmpty", 400, message)
        self.assertEqual(client.get_hosted_zone(Id=zone_id)["HostedZone"]["Name"], ZONE)
        self.change_batch(lab, zone_id, self.change("DELETE", WWW, "A", 300, ["192.0.2.1"]))
        deleted = client.delete_hosted_zone(Id=zone_id)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(deleted["ChangeInfo"]["Status"], "PENDING")
        with self.assertRaises(client.exceptions.NoSuchHostedZone) as ctx:
            client.get_hosted_zone(Id=zone_id)
        self.assertClientError(ctx, "NoSuchHostedZone", 404, f"No hosted zone found with ID: {self.bare(zone_id)}")
        self.assertEqual(lab.dig("lab.test", "SOA").status, "REFUSED")

    # -- Q13, Q14 -------------------------------------------------------------------------------

    def test_q13_wildcard(self):
        """Q13, RR-03, RR-05: *.lab.test TXT "w" is listed as \\052.lab.test. (CLI and boto3);
        dig a.b.lab.test TXT returns owner a.b.lab.test. with the wildcard's data and TTL."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab)
        self.change_batch(lab, zone_id, self.change("CREATE", "*.lab.test", "TXT", 120, ['"w"']))
        names = [(s["Name"], s["Type"]) for s in self.all_record_sets(lab, zone_id)]
        self.assertIn(("\\052.lab.test.", "TXT"), names)
        self.assertNotIn(("*.lab.test.", "TXT"), names)
        rc, out = lab.aws("list-resource-record-sets", "--hosted-zone-id", zone_id)
        self.assertEqual(rc, 0, out)
        self.assertIn("\\052.lab.test.", [s["Name"] for s in out["ResourceRecordSets"]])
        result = lab.dig("a.b.lab.test", "TXT")
        self.assertEqual(result.status, "NOERROR", result)
        self.assertIn("aa", result.flags)
        self.assertEqual([(r.name, r.ttl, r.rtype, r.rdata) for r in result.answer],
                         [("a.b.lab.test.", 120, "TXT", '"w"')], result)

    def test_q14_alias_at_apex(self):
        """Q14, AL-05, AL-06, RP-11 T17: alias A at the apex -> www (ETH false): dig lab.test A returns
        192.0.2.1 with www's TTL under the owner lab.test., no CNAME; the listing shows no TTL."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab)
        alias = {"HostedZoneId": self.bare(zone_id), "DNSName": "www.lab.test", "EvaluateTargetHealth": False}
        self.change_batch(lab, zone_id, self.change("CREATE", "lab.test", "A", Alias=alias))
        result = lab.dig("lab.test", "A")
        self.assertEqual(result.status, "NOERROR", result)
        self.assertIn("aa", result.flags)
        self.assertEqual([(r.name, r.ttl, r.rtype, r.rdata) for r in result.answer], [(ZONE, 300, "A", "192.0.2.1")], result)
        self.assertNotIn("CNAME", [r.rtype for r in result.answer + result.authority + result.additional])
        apex_a = [s for s in self.all_record_sets(lab, zone_id) if s["Name"] == ZONE and s["Type"] == "A"]
        self.assertEqual(len(apex_a), 1)
        self.assertNotIn("TTL", apex_a[0])
        self.assertNotIn("ResourceRecords", apex_a[0])
        self.assertEqual(apex_a[0]["AliasTarget"]["HostedZoneId"], self.bare(zone_id))
        self.assertEqual(apex_a[0]["AliasTarget"]["DNSName"].rstrip("."), "www.lab.test")
        self.assertEqual(apex_a[0]["AliasTarget"]["EvaluateTargetHealth"], False)
        # AAAA at the apex: NODATA (RP-11 T18).
        aaaa = lab.dig("lab.test", "AAAA")
        self.assertEqual((aaaa.status, aaaa.answer), ("NOERROR", []), aaaa)

    # -- Q15-Q17 (health checks) ----------------------------------------------------------------

    def test_q15_create_health_check_defaults(self):
        """Q15, HC-02, HC-11, HC-12: Type=HTTP,IPAddress -> 201, Location, UUID id, echoes Port 80,
        RequestInterval 30, FailureThreshold 3, HealthCheckVersion 1 (boto3 and the aws CLI)."""
        lab = self.start_lab()
        response = lab.r53.create_health_check(CallerReference="hc-q15",
                                               HealthCheckConfig={"Type": "HTTP", "IPAddress": "127.0.0.1"})
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 201)
        check = response["HealthCheck"]
        self.assertRegex(check["Id"], UUID_RE)
        location = f"https://route53.amazonaws.com/2013-04-01/healthcheck/{check['Id']}"
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"].get("location"), location)
        config = check["HealthCheckConfig"]
        self.assertEqual((config["Type"], config["IPAddress"], config["Port"], config["RequestInterval"],
                          config["FailureThreshold"]), ("HTTP", "127.0.0.1", 80, 30, 3))
        self.assertEqual((config.get("Inverted"), config.get("Disabled"), config.get("MeasureLatency")), (False, False, False))
        self.assertEqual(check["HealthCheckVersion"], 1)
        self.assertEqual(check["CallerReference"], "hc-q15")
        rc, out = lab.aws("create-health-check", "--caller-reference", "hc-q15-cli",
                          "--health-check-config", "Type=HTTP,IPAddress=127.0.0.2")
        self.assertEqual(rc, 0, out)
        cli = out["HealthCheck"]
        self.assertRegex(cli["Id"], UUID_RE)
        self.assertNotEqual(cli["Id"], check["Id"])
        self.assertEqual(out["Location"], f"https://route53.amazonaws.com/2013-04-01/healthcheck/{cli['Id']}")
        self.assertEqual((cli["HealthCheckConfig"]["Port"], cli["HealthCheckConfig"]["RequestInterval"],
                          cli["HealthCheckConfig"]["FailureThreshold"], cli["HealthCheckVersion"]), (80, 30, 3, 1))

    def test_q16_stale_health_check_version(self):
        """Q16, HC-12: after an update (version 2), an update carrying HealthCheckVersion 1 -> 409
        HealthCheckVersionMismatch (CLI and boto3) and nothing changes."""
        lab = self.start_lab()
        client = lab.r53
        check_id = client.create_health_check(CallerReference="hc-q16", HealthCheckConfig={
            "Type": "HTTP", "IPAddress": "127.0.0.1", "Port": free_port()})["HealthCheck"]["Id"]
        updated = client.update_health_check(HealthCheckId=check_id, HealthCheckVersion=1, FailureThreshold=2)
        self.assertEqual(updated["HealthCheck"]["HealthCheckVersion"], 2)
        self.assertEqual(updated["HealthCheck"]["HealthCheckConfig"]["FailureThreshold"], 2)
        rc, err = lab.aws("update-health-check", "--health-check-id", check_id, "--health-check-version", "1",
                          "--failure-threshold", "5")
        self.assertNotEqual(rc, 0)
        self.assertIn("(HealthCheckVersionMismatch)", err)
        with self.assertRaises(client.exceptions.HealthCheckVersionMismatch) as ctx:
            client.update_health_check(HealthCheckId=check_id, HealthCheckVersion=1, FailureThreshold=5)
        self.assertClientError(ctx, "HealthCheckVersionMismatch", 409)
        current = client.get_health_check(HealthCheckId=check_id)["HealthCheck"]
        self.assertEqual((current["HealthCheckVersion"], current["HealthCheckConfig"]["FailureThreshold"]), (2, 2))

    def test_q17_endpoint_down_turns_unhealthy(self):
        """Q17, HC-06, HC-07, HC-13, TM-02: interval 10, threshold 1 (with --time-scale 0.1: 1 s):
        a stopped endpoint flips the check to Unhealthy within about 1-2 intervals and
        get-health-check-status shows 'Failure:' for every checker (aws CLI)."""
        lab = self.start_lab(extra_args=["--time-scale", "0.1"])
        target = self.http_target()
        rc, out = lab.aws("create-health-check", "--caller-reference", "hc-q17", "--health-check-config",
                          f"Type=HTTP,IPAddress=127.0.0.1,Port={target.port},ResourcePath=/,RequestInterval=10,FailureThreshold=1")
        self.assertEqual(rc, 0, out)
        check_id = out["HealthCheck"]["Id"]
        self.assertEqual(out["HealthCheck"]["HealthCheckConfig"]["RequestInterval"], 10)
        healthy = self.wait_observed(lab, check_id, "Success:", timeout=10, count=3)
        self.assertEqual(len(healthy), 3, "one observation per virtual checker (3 by default)")
        self.assertEqual(lab.lab_check(check_id)["Status"], "Healthy")
        target.stop()
        stopped = time.monotonic()
        lab.wait_check_status(check_id, "Unhealthy", timeout=10)
        elapsed = time.monotonic() - stopped
        # Interval 1 s effective, threshold 1: each checker fails on its next probe (<= 1 interval);
        # Q17 allows 1-2 intervals (10-20 s at scale 1). 5 s = 5 intervals of slack for a loaded machine.
        self.assertLess(elapsed, 5.0, f"flip took {elapsed:.2f}s at 1 s effective interval")
        rc, out = lab.aws("get-health-check-status", "--health-check-id", check_id)
        self.assertEqual(rc, 0, out)
        observations = out["HealthCheckObservations"]
        self.assertEqual(len(observations), 3, out)
        regions = {"us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2",
                   "ap-northeast-1", "sa-east-1"}
        for observation in observations:
            self.assertTrue(observation["StatusReport"]["Status"].startswith("Failure:"), observation)
            self.assertIn(observation["Region"], regions)
            self.assertTrue(observation["IPAddress"])
            self.assertRegex(observation["StatusReport"]["CheckedTime"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
        rc, out = lab.aws("get-health-check-last-failure-reason", "--health-check-id", check_id)
        self.assertEqual(rc, 0, out)
        self.assertTrue(out["HealthCheckObservations"], out)
        for observation in out["HealthCheckObservations"]:
            self.assertTrue(observation["StatusReport"]["Status"].startswith("Failure:"), observation)

    # -- Q18-Q20 (routing with live health) -----------------------------------------------------

    def test_q18_failover_pair(self):
        """Q18, RP-05, RP-11 T1-T3: failover PRIMARY 192.0.2.1 / SECONDARY 192.0.2.2 with HTTP checks on
        real local targets: primary up -> primary; primary down -> secondary; both down -> primary."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab, with_www=False)
        primary, secondary = self.http_target(), self.http_target()
        hc_primary = self.fast_check(lab, "hc-primary", primary.port)
        hc_secondary = self.fast_check(lab, "hc-secondary", secondary.port)
        self.change_batch(
            lab, zone_id,
            self.change("CREATE", "app.lab.test", "A", 60, ["192.0.2.1"], SetIdentifier="primary", Failover="PRIMARY",
                        HealthCheckId=hc_primary),
            self.change("CREATE", "app.lab.test", "A", 60, ["192.0.2.2"], SetIdentifier="secondary", Failover="SECONDARY",
                        HealthCheckId=hc_secondary))
        self.wait_observed(lab, hc_primary, "Success:")
        self.wait_observed(lab, hc_secondary, "Success:")
        self.assertEqual(self.answers(lab, "app.lab.test", count=3), [["192.0.2.1"]] * 3)
        primary.stop()
        wait_until(lambda: lab.dig("app.lab.test").rdatas("A") == ["192.0.2.2"], 15,
                   message="the SECONDARY answer after the primary target stopped")
        self.assertEqual(lab.lab_check(hc_primary)["Status"], "Unhealthy")
        self.assertEqual(self.answers(lab, "app.lab.test", count=3), [["192.0.2.2"]] * 3)
        secondary.stop()
        lab.wait_check_status(hc_secondary, "Unhealthy", timeout=15)
        self.assertEqual(lab.lab_check(hc_primary)["Status"], "Unhealthy")
        self.assertEqual(self.answers(lab, "app.lab.test", count=3), [["192.0.2.1"]] * 3,
                         "both unhealthy -> PRIMARY (RP-05)")

    def test_q19_weighted_zero_weight_standby(self):
        """Q19, RP-04, RP-11 T5-T7: weighted 1/1/0 with health checks: the weight-0 record is answered
        only when both weight-1 records fail; all failing -> a weight-1 record (last resort)."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab, with_www=False)
        targets = [self.http_target() for _ in range(3)]
        checks = [self.fast_check(lab, f"hc-w{i}", t.port) for i, t in enumerate(targets)]
        values = ["192.0.2.11", "192.0.2.12", "192.0.2.13"]
        self.change_batch(lab, zone_id, *[
            self.change("CREATE", "w.lab.test", "A", 60, [value], SetIdentifier=f"w{i}", Weight=[1, 1, 0][i],
                        HealthCheckId=checks[i]) for i, value in enumerate(values)])
        for check in checks:
            self.wait_observed(lab, check, "Success:")
        seen = {a[0] for a in (lab.dig("w.lab.test").rdatas("A") for _ in range(30))}
        self.assertEqual(seen, {"192.0.2.11", "192.0.2.12"}, "all healthy: a or b, never the weight-0 c (T5)")
        targets[0].stop()
        lab.wait_check_status(checks[0], "Unhealthy", timeout=15)
        seen = {a[0] for a in (lab.dig("w.lab.test").rdatas("A") for _ in range(15))}
        self.assertEqual(seen, {"192.0.2.12"}, "a down: only b; c still not answered")
        targets[1].stop()
        lab.wait_check_status(checks[1], "Unhealthy", timeout=15)
        seen = {a[0] for a in (lab.dig("w.lab.test").rdatas("A") for _ in range(10))}
        self.assertEqual(seen, {"192.0.2.13"}, "a and b down: the weight-0 record c (T6)")
        targets[2].stop()
        lab.wait_check_status(checks[2], "Unhealthy", timeout=15)
        seen = {a[0] for a in (lab.dig("w.lab.test").rdatas("A") for _ in range(30))}
        self.assertTrue(seen <= {"192.0.2.11", "192.0.2.12"} and seen, f"all down: last resort by weight (T7), got {seen}")

    def test_q20_multivalue_ten(self):
        """Q20, RP-06, RP-11 T9/T11: ten multivalue A records: each answer holds 8 distinct records;
        with every record unhealthy the answer still holds at most 8 (and at least 1) records."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab, with_www=False)
        target = self.http_target()
        check = self.fast_check(lab, "hc-mv", target.port, check_type="TCP")
        values = [f"192.0.2.{100 + i}" for i in range(10)]
        self.change_batch(lab, zone_id, *[
            self.change("CREATE", "mv.lab.test", "A", 60, [value], SetIdentifier=f"mv-{i}", MultiValueAnswer=True,
                        HealthCheckId=check) for i, value in enumerate(values)])
        self.wait_observed(lab, check, "Success:")
        union = set()
        for _ in range(10):
            answer = lab.dig("mv.lab.test").rdatas("A")
            self.assertEqual(len(answer), 8, answer)
            self.assertEqual(len(set(answer)), 8, answer)
            self.assertTrue(set(answer) <= set(values), answer)
            union |= set(answer)
        target.stop()
        lab.wait_check_status(check, "Unhealthy", timeout=15)
        for _ in range(5):
            result = lab.dig("mv.lab.test")
            answer = result.rdatas("A")
            self.assertEqual(result.status, "NOERROR", result)
            self.assertTrue(1 <= len(answer) <= 8, answer)
            self.assertEqual(len(set(answer)), len(answer), answer)
            self.assertTrue(set(answer) <= set(values), answer)

    # -- Q21-Q25 --------------------------------------------------------------------------------

    def test_q21_calculated_child_delete(self):
        """Q21, HC-12a, API-06: deleting a child of a CALCULATED check -> 400 InvalidInput
        'Health check <child> is still referenced from parent health check(s): <parent>'; the child stays."""
        lab = self.start_lab()
        rc, out = lab.aws("create-health-check", "--caller-reference", "child", "--health-check-config",
                          f"Type=TCP,IPAddress=127.0.0.1,Port={free_port()}")
        self.assertEqual(rc, 0, out)
        child = out["HealthCheck"]["Id"]
        client = lab.r53
        parent = client.create_health_check(CallerReference="parent", HealthCheckConfig={
            "Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": [child]})["HealthCheck"]["Id"]
        with self.assertRaises(client.exceptions.InvalidInput) as ctx:
            client.delete_health_check(HealthCheckId=child)
        self.assertClientError(ctx, "InvalidInput", 400,
                               f"Health check {child} is still referenced from parent health check(s): {parent}")
        self.assertEqual(client.get_health_check(HealthCheckId=child)["HealthCheck"]["Id"], child)
        rc, err = lab.aws("delete-health-check", "--health-check-id", child)
        self.assertNotEqual(rc, 0)
        self.assertIn("still referenced from parent health check(s)", err)
        client.delete_health_check(HealthCheckId=parent)
        deleted = client.delete_health_check(HealthCheckId=child)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(client.get_health_check_count()["HealthCheckCount"], 0)

    def test_q22_truncation_and_tcp(self):
        """Q22, DNS-09: a 30-value TXT set queried over UDP without EDNS -> TC=1; the same query over
        TCP returns all 30 values."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab, with_www=False)
        values = [f'"txt-record-value-number-{i:02d}"' for i in range(30)]
        self.change_batch(lab, zone_id, self.change("CREATE", "big.lab.test", "TXT", 300, values))
        udp = lab.dig("big.lab.test", "TXT", "+noedns", "+ignore")
        self.assertEqual(udp.status, "NOERROR", udp)
        self.assertIn("tc", udp.flags, udp)
        self.assertLess(len(udp.answer), 30, udp)
        tcp = lab.dig("big.lab.test", "TXT", "+noedns", tcp=True)
        self.assertEqual(tcp.status, "NOERROR", tcp)
        self.assertNotIn("tc", tcp.flags)
        self.assertEqual(sorted(tcp.rdatas("TXT")), sorted(values), tcp)

    def test_q23_get_change_and_waiter(self):
        """Q23, HZ-15, API-26, TM-01: the change response is PENDING; get-change goes PENDING -> INSYNC
        (never back); `aws route53 wait resource-record-sets-changed` returns right away."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab, with_www=False)
        batch = {"Changes": [self.change("CREATE", WWW, "A", 300, ["192.0.2.1"])], "Comment": "q23"}
        rc, out = lab.aws("change-resource-record-sets", "--hosted-zone-id", zone_id, "--change-batch", json.dumps(batch))
        self.assertEqual(rc, 0, out)
        info = out["ChangeInfo"]
        self.assertEqual(info["Status"], "PENDING")
        self.assertEqual(info.get("Comment"), "q23")
        self.assertRegex(info["Id"], r"^/change/C[A-Z0-9]+$")
        statuses = []

        def insync():
            statuses.append(lab.r53.get_change(Id=info["Id"])["ChangeInfo"]["Status"])
            return statuses[-1] == "INSYNC"
        wait_until(insync, 10, interval=0.05, message="GetChange INSYNC")
        self.assertTrue(set(statuses) <= {"PENDING", "INSYNC"}, statuses)
        first_insync = statuses.index("INSYNC")
        self.assertEqual(statuses[:first_insync], ["PENDING"] * first_insync, statuses)
        change = lab.r53.get_change(Id=self.bare(info["Id"]))["ChangeInfo"]
        self.assertEqual((change["Id"], change["Status"]), (info["Id"], "INSYNC"))
        # The waiter right after a fresh change (the CLI polls every 30 s, so PENDING at its first poll
        # would take >= 30 s).
        batch = {"Changes": [self.change("CREATE", "w2.lab.test", "A", 300, ["192.0.2.2"])]}
        rc, out = lab.aws("change-resource-record-sets", "--hosted-zone-id", zone_id, "--change-batch", json.dumps(batch))
        self.assertEqual(rc, 0, out)
        started = time.monotonic()
        rc, err = lab.aws("wait", "resource-record-sets-changed", "--id", out["ChangeInfo"]["Id"], timeout=90)
        self.assertEqual(rc, 0, err)
        self.assertLess(time.monotonic() - started, 20)

    def test_q24_counts(self):
        """Q24, API-03: get-hosted-zone-count and get-health-check-count match what was created/deleted."""
        lab = self.start_lab()
        rc, out = lab.aws("get-hosted-zone-count")
        self.assertEqual((rc, out), (0, {"HostedZoneCount": 0}))
        client = lab.r53
        zones = [self.create_zone(lab, f"count{i}.test")["HostedZone"]["Id"] for i in range(3)]
        for i in range(2):
            client.create_health_check(CallerReference=f"count-{i}", HealthCheckConfig={
                "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})
        rc, out = lab.aws("get-hosted-zone-count")
        self.assertEqual((rc, out), (0, {"HostedZoneCount": 3}))
        rc, out = lab.aws("get-health-check-count")
        self.assertEqual((rc, out), (0, {"HealthCheckCount": 2}))
        client.delete_hosted_zone(Id=zones[0])
        self.assertEqual(client.get_hosted_zone_count()["HostedZoneCount"], 2)
        self.assertEqual(client.get_health_check_count()["HealthCheckCount"], 2)

    def test_q25_tags(self):
        """Q25, API-03: change-tags-for-resource --resource-type hostedzone --resource-id <bare id> then
        list-tags-for-resource -> the tags in ResourceTagSet."""
        lab = self.start_lab()
        zone_id, _ = self.lab_zone(lab, with_www=False)
        bare = self.bare(zone_id)
        rc, out = lab.aws("change-tags-for-resource", "--resource-type", "hostedzone", "--resource-id", bare,
                          "--add-tags", "Key=env,Value=lab", "Key=owner,Value=qa")
        self.assertEqual(rc, 0, out)
        rc, out = lab.aws("list-tags-for-resource", "--resource-type", "hostedzone", "--resource-id", bare)
        self.assertEqual(rc, 0, out)
        tag_set = out["ResourceTagSet"]
        self.assertEqual(tag_set["ResourceType"], "hostedzone")
        self.assertEqual(tag_set["ResourceId"], bare)
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in tag_set["Tags"]), [("env", "lab"), ("owner", "qa")])


if __name__ == "__main__":
    unittest.main()
