"""Route 53 API semantics (route53-behaviour.md §1, §2, §5.6-5.7, §6) against the real lab53d with
boto3, the aws CLI and raw HTTP: waiter, error classes and messages, atomic batches, pagination,
health-check idempotency and versioning, delegation sets, tags, TestDNSAnswer, bad input."""

import http.client
import ipaddress
import json
import re
import time
import unittest
import xml.etree.ElementTree as ET

from lab53_fixture import Lab53TestCase, free_port, hz06_check, wait_until

NS = "{https://route53.amazonaws.com/doc/2013-04-01/}"


def rr_sort_key(record_set):
    """API-22: name with labels reversed (escaped form, trailing dot, ASCII), then type, then SetIdentifier."""
    labels = record_set["Name"].rstrip(".").split(".")
    return (".".join(reversed(labels)) + ".", record_set["Type"], record_set.get("SetIdentifier", ""))


def zone_name_key(name):
    return ".".join(reversed(name.rstrip(".").split("."))) + "."


class APISemantics(Lab53TestCase):

    def setUp(self):
        self.lab = self.start_lab()
        self.client = self.lab.r53
        created = self.client.create_hosted_zone(Name="lab.test", CallerReference="sem-r1")
        self.zone_id = created["HostedZone"]["Id"]
        self.bare_id = self.bare(self.zone_id)
        self.name_servers = created["DelegationSet"]["NameServers"]
        self.change_batch(self.lab, self.zone_id, self.change("CREATE", "www.lab.test.", "A", 300, ["192.0.2.1"]))

    # -- helpers --------------------------------------------------------------------------------

    def rrsets(self, zone_id=None):
        return self.all_record_sets(self.lab, zone_id or self.zone_id)

    def keys(self, zone_id=None):
        return [(s["Name"], s["Type"], s.get("SetIdentifier")) for s in self.rrsets(zone_id)]

    def snapshot(self):
        """Everything a failed call must leave unchanged."""
        zones = self.client.list_hosted_zones()["HostedZones"]
        return {
            "zones": zones,
            "rrsets": {z["Id"]: self.rrsets(z["Id"]) for z in zones},
            "checks": self.client.list_health_checks()["HealthChecks"],
            "zone_count": self.client.get_hosted_zone_count()["HostedZoneCount"],
            "check_count": self.client.get_health_check_count()["HealthCheckCount"],
            "history": len(self.lab.lab_json("GET", "/_lab/history?limit=10000")[1]),
        }

    def batch_error(self, *changes, code="InvalidChangeBatch", status=400, message=None):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.change_batch(self.lab, self.zone_id, *changes)
        return self.assertClientError(ctx, code, status, message)

    def xml_error(self, body):
        root = ET.fromstring(body)
        self.assertEqual(root.tag, NS + "ErrorResponse", body)
        error = root.find(NS + "Error")
        self.assertIsNotNone(error, body)
        self.assertIsNotNone(root.find(NS + "RequestId"), body)
        return error.findtext(NS + "Code"), error.findtext(NS + "Message"), error.findtext(NS + "Type")

    # -- GetChange and the waiter ---------------------------------------------------------------

    def test_waiter_cli_and_boto3(self):
        """API-26, Q23: `aws route53 wait resource-record-sets-changed` and the boto3 waiter return
        quickly after a change (INSYNC within milliseconds here)."""
        info = self.change_batch(self.lab, self.zone_id, self.change("CREATE", "a.lab.test", "A", 60, ["192.0.2.5"]))["ChangeInfo"]
        started = time.monotonic()
        rc, err = self.lab.aws("wait", "resource-record-sets-changed", "--id", info["Id"], timeout=90)
        self.assertEqual(rc, 0, err)
        self.assertLess(time.monotonic() - started, 20, "the CLI waiter's first poll must already see INSYNC")
        info = self.change_batch(self.lab, self.zone_id, self.change("CREATE", "b.lab.test", "A", 60, ["192.0.2.6"]))["ChangeInfo"]
        started = time.monotonic()
        self.client.get_waiter("resource_record_sets_changed").wait(Id=info["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 10})
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(self.client.get_change(Id=info["Id"])["ChangeInfo"]["Status"], "INSYNC")
        # Zone creation has a change too (API-26).
        created = self.create_zone(self.lab, "waiter.test")
        self.client.get_waiter("resource_record_sets_changed").wait(Id=created["ChangeInfo"]["Id"],
                                                                     WaiterConfig={"Delay": 1, "MaxAttempts": 10})

    def test_no_such_change(self):
        """API-06: GetChange for an unknown ID -> 404 NoSuchChange with the catalogue message."""
        with self.assertRaises(self.client.exceptions.NoSuchChange) as ctx:
            self.client.get_change(Id="C0000000000000NOPE")
        self.assertClientError(ctx, "NoSuchChange", 404, "A change with the specified change ID does not exist.")

    # -- error classes --------------------------------------------------------------------------

    def test_no_such_hosted_zone_everywhere(self):
        """API-05, API-06: unknown zone ID -> 404 NoSuchHostedZone 'No hosted zone found with ID: <ZID>'
        for Get/Delete/ChangeRRSets/ListRRSets/UpdateComment/tags."""
        client = self.client
        missing = "Z0000000000000000NOPE"
        message = f"No hosted zone found with ID: {missing}"
        calls = [
            lambda: client.get_hosted_zone(Id=missing),
            lambda: client.delete_hosted_zone(Id=missing),
            lambda: client.list_resource_record_sets(HostedZoneId=missing),
            lambda: client.change_resource_record_sets(HostedZoneId=missing, ChangeBatch={"Changes": [
                self.change("CREATE", "x.lab.test", "A", 60, ["192.0.2.9"])]}),
            lambda: client.update_hosted_zone_comment(Id=missing, Comment="x"),
            lambda: client.list_tags_for_resource(ResourceType="hostedzone", ResourceId=missing),
        ]
        for call in calls:
            with self.subTest(call=call):
                with self.assertRaises(client.exceptions.NoSuchHostedZone) as ctx:
                    call()
                self.assertClientError(ctx, "NoSuchHostedZone", 404, message)
        # The /hostedzone/ prefix is tolerated (API-02): the CLI strips it, boto3 too.
        self.assertEqual(client.get_hosted_zone(Id=self.zone_id)["HostedZone"]["Id"], self.zone_id)

    def test_no_such_health_check(self):
        """API-06, HC-12b: unknown health check -> 404 NoSuchHealthCheck 'A health check with id <id> does
        not exist.' for Get/Update/Delete/Status; a record set naming it is rejected the same way."""
        client = self.client
        missing = "00000000-0000-4000-8000-000000000000"
        message = f"A health check with id {missing} does not exist."
        calls = [
            lambda: client.get_health_check(HealthCheckId=missing),
            lambda: client.update_health_check(HealthCheckId=missing, FailureThreshold=2),
            lambda: client.delete_health_check(HealthCheckId=missing),
            lambda: client.get_health_check_status(HealthCheckId=missing),
            lambda: client.get_health_check_last_failure_reason(HealthCheckId=missing),
            lambda: client.change_resource_record_sets(HostedZoneId=self.zone_id, ChangeBatch={"Changes": [
                self.change("CREATE", "hc.lab.test", "A", 60, ["192.0.2.9"], SetIdentifier="p", Failover="PRIMARY",
                            HealthCheckId=missing)]}),
        ]
        for call in calls:
            with self.subTest(call=call):
                with self.assertRaises(client.exceptions.NoSuchHealthCheck) as ctx:
                    call()
                self.assertClientError(ctx, "NoSuchHealthCheck", 404, message)
        self.assertNotIn(("hc.lab.test.", "A", "p"), self.keys())

    def test_invalid_input_missing_ttl_and_type_without_name(self):
        """RR-07, API-22: a record without TTL/values -> InvalidInput with the RR-07 message;
        ListResourceRecordSets with type but no name -> InvalidInput."""
        client = self.client
        with self.assertRaises(client.exceptions.InvalidInput) as ctx:
            self.change_batch(self.lab, self.zone_id, {"Action": "CREATE", "ResourceRecordSet": {"Name": "nottl.lab.test.", "Type": "A"}})
        self.assertClientError(ctx, "InvalidInput", 400,
                               "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], "
                               "or TrafficPolicyInstanceId], but found none in Change with [Action=CREATE, "
                               "Name=nottl.lab.test., Type=A, SetIdentifier=null]")
        with self.assertRaises(client.exceptions.InvalidInput) as ctx:
            client.list_resource_record_sets(HostedZoneId=self.zone_id, StartRecordType="A")
        self.assertClientError(ctx, "InvalidInput", 400)

    def test_invalid_action_enumeration(self):
        """API-06: Action FOO -> InvalidInput with the cvc-enumeration-valid message."""
        client = self.lab.client(validate=False)
        with self.assertRaises(client.exceptions.InvalidInput) as ctx:
            client.change_resource_record_sets(HostedZoneId=self.zone_id, ChangeBatch={"Changes": [
                self.change("FOO", "x.lab.test", "A", 60, ["192.0.2.9"])]})
        self.assertClientError(ctx, "InvalidInput", 400,
                               "Invalid XML ; cvc-enumeration-valid: Value 'FOO' is not facet-valid with respect to "
                               "enumeration '[CREATE, DELETE, UPSERT]'. It must be a value from the enumeration.")

    def test_invalid_domain_name(self):
        """HZ-12: a TLD as zone name -> 400 InvalidDomainName; nothing created."""
        with self.assertRaises(self.client.exceptions.InvalidDomainName) as ctx:
            self.client.create_hosted_zone(Name="com", CallerReference="tld")
        self.assertClientError(ctx, "InvalidDomainName", 400)
        self.assertEqual(self.client.get_hosted_zone_count()["HostedZoneCount"], 1)

    def test_hosted_zone_already_exists_even_after_delete(self):
        """HZ-11: reusing a CallerReference -> 409 HostedZoneAlreadyExists, also after that zone was deleted."""
        client = self.client
        zone = self.create_zone(self.lab, "gone.test", ref="gone-ref")["HostedZone"]["Id"]
        client.delete_hosted_zone(Id=zone)
        with self.assertRaises(client.exceptions.HostedZoneAlreadyExists) as ctx:
            client.create_hosted_zone(Name="gone.test", CallerReference="gone-ref")
        self.assertClientError(ctx, "HostedZoneAlreadyExists", 409,
                               "A hosted zone has already been created with the specified caller reference.")

    # -- change batches -------------------------------------------------------------------------

    def test_multi_error_batch_message_and_atomicity(self):
        """API-05, API-20: every problem of a batch is reported as '[m1, m2]'; the valid change of the
        batch is not applied; a failed call changes nothing (listing, counts, history, DNS)."""
        self.change_batch(self.lab, self.zone_id,
                          self.change("CREATE", "a.lab.test", "TXT", 60, ['"a"']),
                          self.change("CREATE", "b.lab.test", "TXT", 60, ['"b"']))
        before = self.snapshot()
        self.batch_error(
            self.change("CREATE", "fresh.lab.test", "A", 60, ["192.0.2.50"]),
            self.change("CREATE", "a.lab.test", "TXT", 60, ['"a2"']),
            self.change("CREATE", "b.lab.test", "TXT", 60, ['"b2"']),
            message="[Tried to create resource record set [name='a.lab.test.', type='TXT'] but it already exists, "
                    "Tried to create resource record set [name='b.lab.test.', type='TXT'] but it already exists]")
        self.batch_error(
            self.change("DELETE", "missing.lab.test", "A", 60, ["192.0.2.1"]),
            self.change("DELETE", "missing2.lab.test", "A", 60, ["192.0.2.1"]),
            message="[Tried to delete resource record set [name='missing.lab.test.', type='A'] but it was not found, "
                    "Tried to delete resource record set [name='missing2.lab.test.', type='A'] but it was not found]")
        self.batch_error(self.change("CREATE", "bad.lab.test", "A", 60, ["999.1.1.1"]),
                         message="[Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid "
                                 "IPv4 address) encountered with '999.1.1.1'']")
        self.batch_error(self.change("CREATE", "x.other.test", "A", 60, ["192.0.2.1"]),
                         message="[RRSet with DNS name x.other.test. is not permitted in zone lab.test.]")
        self.batch_error(self.change("CREATE", "dup.lab.test", "A", 60, ["192.0.2.1", "192.0.2.1"]),
                         message="[Duplicate Resource Record: '192.0.2.1']")
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.lab.dig("fresh.lab.test").status, "NXDOMAIN")
        self.assertEqual(self.lab.dig("a.lab.test", "TXT").rdatas("TXT"), ['"a"'])

    def test_value_error_reported_with_other_errors(self):
        """API-05, API-20: a batch with a missing-record DELETE and a malformed A value reports both
        problems, in change order, as '[m1, m2]' (spec: every problem found in the batch)."""
        before = self.snapshot()
        self.batch_error(
            self.change("DELETE", "missing.lab.test", "A", 60, ["192.0.2.1"]),
            self.change("CREATE", "bad.lab.test", "A", 60, ["999.1.1.1"]),
            message="[Tried to delete resource record set [name='missing.lab.test.', type='A'] but it was not found, "
                    "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) "
                    "encountered with '999.1.1.1'']")
        self.assertEqual(self.snapshot(), before)

    def test_apex_soa_ns_delete_rejected(self):
        """RR-12: deleting the apex SOA and NS in one batch -> both messages, comma-joined."""
        sets = {s["Type"]: s for s in self.rrsets() if s["Name"] == "lab.test."}
        self.batch_error({"Action": "DELETE", "ResourceRecordSet": sets["SOA"]},
                         {"Action": "DELETE", "ResourceRecordSet": sets["NS"]},
                         message="[A HostedZone must contain exactly one SOA record., "
                                 "A HostedZone must contain at least one NS record for the zone itself.]")

    def test_delete_then_create_in_one_batch(self):
        """API-20, RR-11: DELETE www A + CREATE www CNAME in one batch succeeds (validated in order);
        deleting the same record twice in a batch fails."""
        self.change_batch(self.lab, self.zone_id,
                          self.change("DELETE", "www.lab.test", "A", 300, ["192.0.2.1"]),
                          self.change("CREATE", "www.lab.test", "CNAME", 60, ["target.example.net"]))
        www = [s for s in self.rrsets() if s["Name"] == "www.lab.test."]
        self.assertEqual(len(www), 1)
        self.assertEqual((www[0]["Type"], www[0]["TTL"], www[0]["ResourceRecords"][0]["Value"].rstrip(".")),
                         ("CNAME", 60, "target.example.net"))
        result = self.lab.dig("www.lab.test", "A")
        self.assertEqual([(r.rtype, r.rdata) for r in result.answer], [("CNAME", "target.example.net.")], result)
        # CNAME vs other types (RR-11 second/third messages).
        self.batch_error(self.change("CREATE", "www.lab.test", "TXT", 60, ['"x"']),
                         message="[RRSet of type TXT with DNS name www.lab.test. is not permitted because a conflicting "
                                 "RRSet of type CNAME with the same DNS name already exists in zone lab.test.]")
        self.change_batch(self.lab, self.zone_id, self.change("CREATE", "t.lab.test", "TXT", 60, ['"t"']))
        self.batch_error(self.change("CREATE", "t.lab.test", "CNAME", 60, ["x.example.net"]),
                         message="[RRSet of type CNAME with DNS name t.lab.test. is not permitted as it conflicts with "
                                 "other records with the same DNS name in zone lab.test.]")
        # Twice the same DELETE.
        self.batch_error(self.change("DELETE", "t.lab.test", "TXT", 60, ['"t"']),
                         self.change("DELETE", "t.lab.test", "TXT", 60, ['"t"']))
        self.assertIn(("t.lab.test.", "TXT", None), self.keys())

    def test_upsert(self):
        """API-21: UPSERT creates when absent and replaces the whole set when present (DNS follows)."""
        self.change_batch(self.lab, self.zone_id, self.change("UPSERT", "u.lab.test", "A", 60, ["192.0.2.20"]))
        self.assertEqual(self.lab.dig("u.lab.test").rdatas("A"), ["192.0.2.20"])
        self.change_batch(self.lab, self.zone_id, self.change("UPSERT", "u.lab.test", "A", 120, ["192.0.2.21", "192.0.2.22"]))
        u = [s for s in self.rrsets() if s["Name"] == "u.lab.test."]
        self.assertEqual(len(u), 1)
        self.assertEqual((u[0]["TTL"], sorted(r["Value"] for r in u[0]["ResourceRecords"])), (120, ["192.0.2.21", "192.0.2.22"]))
        result = self.lab.dig("u.lab.test")
        self.assertEqual(sorted((r.ttl, r.rdata) for r in result.answer), [(120, "192.0.2.21"), (120, "192.0.2.22")])
        # UPSERT of the apex SOA is allowed (RR-12) and served.
        soa = [s for s in self.rrsets() if s["Type"] == "SOA"][0]
        value = soa["ResourceRecords"][0]["Value"].rsplit(" ", 1)[0] + " 60"
        self.change_batch(self.lab, self.zone_id, self.change("UPSERT", "lab.test.", "SOA", 900, [value]))
        self.assertEqual(self.lab.dig("lab.test", "SOA").rdatas("SOA"), [value])
        self.assertEqual(self.client.get_hosted_zone(Id=self.zone_id)["HostedZone"]["ResourceRecordSetCount"], 4)

    def test_alias_rules(self):
        """AL-03, AL-04, AL-06: alias at the apex works; an alias to a missing target is rejected
        ('... but that target was not found'); a CNAME alias at the apex is rejected."""
        alias = {"HostedZoneId": self.bare_id, "DNSName": "www.lab.test.", "EvaluateTargetHealth": False}
        self.change_batch(self.lab, self.zone_id, self.change("CREATE", "lab.test.", "A", Alias=alias))
        self.assertEqual(self.lab.dig("lab.test").rdatas("A"), ["192.0.2.1"])
        missing = dict(alias, DNSName="nothing.lab.test.")
        response = self.batch_error(self.change("CREATE", "m.lab.test", "A", Alias=missing))
        self.assertIn(f"Tried to create an alias that targets nothing.lab.test., type A in zone {self.bare_id}, "
                      "but that target was not found", response["Error"]["Message"])
        self.assertTrue(response["Error"]["Message"].startswith("["))
        self.change_batch(self.lab, self.zone_id, self.change("CREATE", "cn.lab.test", "CNAME", 60, ["x.example.net"]))
        self.batch_error(self.change("CREATE", "lab.test.", "CNAME", Alias=dict(alias, DNSName="cn.lab.test.")),
                         message="[RRSet of type CNAME with DNS name lab.test. is not permitted at apex in zone lab.test.]")

    def test_weighted_ttl_mismatch(self):
        """RR-08: a weighted member with another TTL -> InvalidChangeBatch with the RR-08 message."""
        self.change_batch(self.lab, self.zone_id,
                          self.change("CREATE", "wt.lab.test", "A", 60, ["192.0.2.30"], SetIdentifier="a", Weight=1))
        self.batch_error(
            self.change("CREATE", "wt.lab.test", "A", 120, ["192.0.2.31"], SetIdentifier="b", Weight=1),
            message="[RRSet with DNS name wt.lab.test. and type A, SetIdentifier b cannot be created as weighted "
                    "sets must contain the same TTL.]")
        # Mixing policies (RP-01): simple onto a weighted group.
        self.batch_error(self.change("CREATE", "wt.lab.test", "A", 60, ["192.0.2.32"]),
                         message="[RRSet with DNS name wt.lab.test., type A cannot be created as other RRSets exist "
                                 "with the same name and type.]")
        # Duplicate weighted create names the set identifier (RR-14).
        self.batch_error(self.change("CREATE", "wt.lab.test", "A", 60, ["192.0.2.30"], SetIdentifier="a", Weight=1),
                         message="[Tried to create resource record set [name='wt.lab.test.', type='A', set-identifier='a'] "
                                 "but it already exists]")

    def test_same_record_twice_in_one_batch(self):
        """API-20: two CREATEs, two UPSERTs or CREATE then DELETE of one record set in one batch ->
        'The request contains an invalid set of changes for a resource record set '<T> <name>''."""
        message = "[The request contains an invalid set of changes for a resource record set 'A t.lab.test.']"
        pairs = [("CREATE", "CREATE"), ("UPSERT", "UPSERT"), ("CREATE", "DELETE")]
        for first, second in pairs:
            with self.subTest(pair=(first, second)):
                self.batch_error(self.change(first, "t.lab.test", "A", 60, ["192.0.2.1"]),
                                 self.change(second, "t.lab.test", "A", 60, ["192.0.2.1"]), message=message)
        self.assertNotIn(("t.lab.test.", "A", None), self.keys())

    def test_soa_minimum_sets_negative_ttl(self):
        """HZ-04, RR-12: after UPSERTing the apex SOA, NXDOMAIN/NODATA answers carry
        min(SOA TTL, SOA MINIMUM) as the SOA TTL."""
        soa = [s for s in self.rrsets() if s["Type"] == "SOA"][0]
        fields = soa["ResourceRecords"][0]["Value"].split(" ")
        low_minimum = " ".join(fields[:6] + ["60"])
        self.change_batch(self.lab, self.zone_id, self.change("UPSERT", "lab.test.", "SOA", 900, [low_minimum]))
        nx = self.lab.dig("nope.lab.test")
        self.assertEqual([(r.rtype, r.ttl, r.rdata) for r in nx.authority], [("SOA", 60, low_minimum)], nx)
        low_ttl = " ".join(fields[:6] + ["86400"])
        self.change_batch(self.lab, self.zone_id, self.change("UPSERT", "lab.test.", "SOA", 30, [low_ttl]))
        nodata = self.lab.dig("www.lab.test", "AAAA")
        self.assertEqual([(r.rtype, r.ttl) for r in nodata.authority], [("SOA", 30)], nodata)
        self.assertEqual(self.lab.dig("lab.test", "SOA").answer[0].ttl, 30)

    def test_invalid_geolocation_code(self):
        """RP-08: an unsupported geolocation code (CountryCode ZZ) is rejected as invalid input;
        ContinentCode together with CountryCode -> InvalidInput."""
        client = self.lab.client(validate=False)
        with self.assertRaises(client.exceptions.ClientError) as ctx:
            client.change_resource_record_sets(HostedZoneId=self.zone_id, ChangeBatch={"Changes": [
                self.change("CREATE", "geo.lab.test", "A", 60, ["192.0.2.1"], SetIdentifier="zz", GeoLocation={"CountryCode": "ZZ"})]})
        self.assertIn(ctx.exception.response["Error"]["Code"], ("InvalidInput", "InvalidChangeBatch", "NoSuchGeoLocation"))
        self.assertIn(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], (400, 404))
        with self.assertRaises(client.exceptions.InvalidInput):
            client.change_resource_record_sets(HostedZoneId=self.zone_id, ChangeBatch={"Changes": [
                self.change("CREATE", "geo.lab.test", "A", 60, ["192.0.2.1"], SetIdentifier="both",
                            GeoLocation={"CountryCode": "US", "ContinentCode": "NA"})]})
        self.assertNotIn("geo.lab.test.", [k[0] for k in self.keys()])

    def test_concurrent_batches(self):
        """API-20/issue 4 item 4: 20 concurrent single-record batches from different clients all succeed
        (no 5xx, no lost update)."""
        import threading
        errors = []

        def create(i):
            try:
                self.lab.client(access_key=f"AKIDCONC{i}").change_resource_record_sets(HostedZoneId=self.zone_id, ChangeBatch={
                    "Changes": [self.change("CREATE", f"c{i}.lab.test", "A", 60, [f"192.0.2.{i + 1}"])]})
            except Exception as error:  # noqa: BLE001
                errors.append(error)
        threads = [threading.Thread(target=create, args=(i,)) for i in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(errors, [])
        self.assertEqual({f"c{i}.lab.test." for i in range(20)} - {k[0] for k in self.keys()}, set())
        self.assertEqual(self.client.get_hosted_zone(Id=self.zone_id)["HostedZone"]["ResourceRecordSetCount"], 23)

    def test_private_zone(self):
        """HZ-05, HZ-14, API-03: a private zone echoes its VPC (CreateHostedZone VPC, GetHostedZone VPCs),
        has no DelegationSet, carries the fixed NS/SOA and is listed by hostedzonetype=PrivateHostedZone."""
        client = self.client
        vpc = {"VPCRegion": "eu-west-1", "VPCId": "vpc-0abc1234"}
        created = client.create_hosted_zone(Name="priv.test", CallerReference="priv", VPC=vpc,
                                            HostedZoneConfig={"PrivateZone": True, "Comment": "private"})
        self.assertEqual(created["HostedZone"]["Config"], {"Comment": "private", "PrivateZone": True})
        self.assertEqual(created.get("VPC"), vpc)
        self.assertNotIn("DelegationSet", created)
        got = client.get_hosted_zone(Id=created["HostedZone"]["Id"])
        self.assertEqual(got.get("VPCs"), [vpc])
        self.assertNotIn("DelegationSet", got)
        sets = self.rrsets(created["HostedZone"]["Id"])
        self.assertEqual([(s["Name"], s["Type"], s["TTL"]) for s in sets], [("priv.test.", "NS", 172800), ("priv.test.", "SOA", 900)])
        self.assertEqual([r["Value"] for r in sets[0]["ResourceRecords"]],
                         ["ns-1536.awsdns-00.co.uk.", "ns-0.awsdns-00.com.", "ns-1024.awsdns-00.org.", "ns-512.awsdns-00.net."])
        self.assertEqual(sets[1]["ResourceRecords"][0]["Value"],
                         "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")
        private = client.list_hosted_zones(HostedZoneType="PrivateHostedZone")["HostedZones"]
        self.assertEqual([z["Name"] for z in private], ["priv.test."])

    def test_health_check_probing_lifecycle(self):
        """Issue 4 item 3, HC-08: an API-created check starts probing at creation, follows an updated
        Port, stops probing when deleted; Disabled -> Healthy, Disabled+Inverted -> Unhealthy."""
        import http.server
        import threading
        hits = []

        class Counting(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hits.append(time.monotonic())
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        port = server.server_address[1]
        client = self.lab.client(validate=False)
        check = client.create_health_check(CallerReference="life", HealthCheckConfig={
            "Type": "HTTP", "IPAddress": "127.0.0.1", "Port": free_port(), "ResourcePath": "/", "RequestInterval": 1,
            "FailureThreshold": 1})["HealthCheck"]["Id"]
        self.lab.wait_check_status(check, "Unhealthy", timeout=10)
        self.assertEqual(hits, [])
        client.update_health_check(HealthCheckId=check, Port=port)
        self.lab.wait_check_status(check, "Healthy", timeout=10)
        wait_until(lambda: len(hits) >= 3, 10, message="probes arriving at the new port")
        client.update_health_check(HealthCheckId=check, Disabled=True, Inverted=True)
        self.lab.wait_check_status(check, "Unhealthy", timeout=5)
        client.update_health_check(HealthCheckId=check, Inverted=False)
        self.lab.wait_check_status(check, "Healthy", timeout=5)
        client.update_health_check(HealthCheckId=check, Disabled=False)
        client.delete_health_check(HealthCheckId=check)
        time.sleep(0.5)  # a probe already in flight may still land
        count = len(hits)
        time.sleep(2.5)  # > 2 intervals: no checker may probe any more
        self.assertEqual(len(hits), count, "probing stopped at deletion")
        status, _ = self.lab.lab_json("GET", f"/_lab/health-checks/{check}")
        self.assertEqual(status, 404)

    def test_list_record_sets_identifier_continuation(self):
        """API-22: name+type+identifier continue inside a policy group; NextRecordIdentifier names the
        next member."""
        self.change_batch(self.lab, self.zone_id, *[
            self.change("CREATE", "w.lab.test", "A", 60, ["192.0.2.1"], SetIdentifier=s, Weight=1) for s in "abcd"])
        page = self.client.list_resource_record_sets(HostedZoneId=self.zone_id, StartRecordName="w.lab.test",
                                                     StartRecordType="A", StartRecordIdentifier="b", MaxItems="2")
        self.assertEqual([(s["Name"], s["SetIdentifier"]) for s in page["ResourceRecordSets"]],
                         [("w.lab.test.", "b"), ("w.lab.test.", "c")])
        self.assertTrue(page["IsTruncated"])
        self.assertEqual((page["NextRecordName"], page["NextRecordType"], page["NextRecordIdentifier"]), ("w.lab.test.", "A", "d"))
        page = self.client.list_resource_record_sets(HostedZoneId=self.zone_id, StartRecordName="w.lab.test",
                                                     StartRecordType="A", StartRecordIdentifier="d", MaxItems="2")
        self.assertEqual([(s["Name"], s.get("SetIdentifier")) for s in page["ResourceRecordSets"]],
                         [("w.lab.test.", "d"), ("www.lab.test.", None)])

    # -- pagination -----------------------------------------------------------------------------

    def test_list_resource_record_sets_pagination_650(self):
        """API-22: > 300 record sets (650 hosts + wildcard + types + a weighted group straddling the
        300 boundary) through the boto3 paginator and the aws CLI (default and --page-size 7): every
        record exactly once, in reversed-label / type / SetIdentifier order, Next* = first of next page."""
        client = self.client
        zone_id = self.create_zone(self.lab, "big.test")["HostedZone"]["Id"]
        changes = [self.change("CREATE", f"host-{i:03d}.big.test", "A", 60, [f"10.0.{i // 256}.{i % 256}"]) for i in range(650)]
        changes += [self.change("CREATE", "*.big.test", "TXT", 60, ['"wild"']),
                    self.change("CREATE", "host-600.big.test", "AAAA", 60, ["2001:db8::600"]),
                    self.change("CREATE", "host-600.big.test", "MX", 60, ["10 mail.big.test."]),
                    self.change("CREATE", "host-600.big.test", "TXT", 60, ['"six hundred"'])]
        expected = [{"Name": "big.test.", "Type": "NS"}, {"Name": "big.test.", "Type": "SOA"}]
        expected += [{"Name": c["ResourceRecordSet"]["Name"].replace("*", "\\052") + ".", "Type": c["ResourceRecordSet"]["Type"]}
                     for c in changes]
        expected.sort(key=rr_sort_key)
        # A weighted TXT group of 4 right after the record at index 298: members at 299..302, so the
        # first 300-record page ends inside the group.
        group_name = expected[298]["Name"]
        group = [self.change("CREATE", group_name, "TXT", 60, [f'"w{i}"'], SetIdentifier=f"w{i}", Weight=1) for i in range(4)]
        changes += group
        expected += [{"Name": group_name, "Type": "TXT", "SetIdentifier": f"w{i}"} for i in range(4)]
        expected.sort(key=rr_sort_key)
        expected_keys = [(e["Name"], e["Type"], e.get("SetIdentifier")) for e in expected]
        self.assertEqual(expected_keys[299], (group_name, "TXT", "w0"))
        self.change_batch(self.lab, zone_id, *changes)
        total = len(expected_keys)
        self.assertEqual(total, 660)
        self.assertEqual(client.get_hosted_zone(Id=zone_id)["HostedZone"]["ResourceRecordSetCount"], total)

        first = client.list_resource_record_sets(HostedZoneId=zone_id)
        self.assertEqual(len(first["ResourceRecordSets"]), 300)
        self.assertEqual(first["MaxItems"], "300")
        self.assertTrue(first["IsTruncated"])
        self.assertEqual((first["NextRecordName"], first["NextRecordType"], first.get("NextRecordIdentifier")),
                         expected_keys[300])
        pages = list(client.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id))
        self.assertEqual([len(p["ResourceRecordSets"]) for p in pages], [300, 300, 60])
        self.assertFalse(pages[-1]["IsTruncated"])
        got = [(s["Name"], s["Type"], s.get("SetIdentifier")) for p in pages for s in p["ResourceRecordSets"]]
        self.assertEqual(got, expected_keys)
        # Small pages through boto3 (boundaries everywhere, also inside the weighted group).
        got = [(s["Name"], s["Type"], s.get("SetIdentifier")) for p in client.get_paginator("list_resource_record_sets").paginate(
            HostedZoneId=zone_id, PaginationConfig={"PageSize": 7}) for s in p["ResourceRecordSets"]]
        self.assertEqual(got, expected_keys)
        # The aws CLI's own pagination.
        for extra in ([], ["--page-size", "7"]):
            with self.subTest(cli=extra):
                rc, out = self.lab.aws("list-resource-record-sets", "--hosted-zone-id", zone_id, *extra, timeout=300)
                self.assertEqual(rc, 0, out)
                got = [(s["Name"], s["Type"], s.get("SetIdentifier")) for s in out["ResourceRecordSets"]]
                self.assertEqual(len(got), total)
                self.assertEqual(got, expected_keys)
        # name / name+type starting points (API-22).
        start = client.list_resource_record_sets(HostedZoneId=zone_id, StartRecordName="host-600.big.test",
                                                 StartRecordType="MX", MaxItems="3")
        self.assertEqual([(s["Name"], s["Type"]) for s in start["ResourceRecordSets"]],
                         [("host-600.big.test.", "MX"), ("host-600.big.test.", "TXT"), ("host-601.big.test.", "A")])
        self.assertEqual(start["MaxItems"], "3")
        start = client.list_resource_record_sets(HostedZoneId=zone_id, StartRecordName="host-599.big.test", MaxItems="2")
        self.assertEqual([(s["Name"], s["Type"]) for s in start["ResourceRecordSets"]],
                         [("host-599.big.test.", "A"), ("host-600.big.test.", "A")])
        capped = client.list_resource_record_sets(HostedZoneId=zone_id, MaxItems="1000")
        self.assertEqual(len(capped["ResourceRecordSets"]), 300, "maxitems is capped at 300 (API-22)")

    def test_list_hosted_zones_paging(self):
        """API-23: 7 more zones (8 in all) with MaxItems 3: pages 3/3/2 in creation order, NextMarker =
        ID of the next page's first zone; boto3 paginator and the CLI see each zone exactly once."""
        client = self.client
        ids = [self.zone_id] + [self.create_zone(self.lab, f"page{i}.test")["HostedZone"]["Id"] for i in range(7)]
        marker = None
        pages = []
        for _ in range(10):
            kwargs = {"MaxItems": "3"}
            if marker:
                kwargs["Marker"] = marker
            page = client.list_hosted_zones(**kwargs)
            pages.append(page)
            self.assertEqual(page["MaxItems"], "3")
            if not page["IsTruncated"]:
                self.assertNotIn("NextMarker", page)
                break
            marker = page["NextMarker"]
        self.assertEqual([len(p["HostedZones"]) for p in pages], [3, 3, 2])
        self.assertEqual([z["Id"] for p in pages for z in p["HostedZones"]], ids)
        self.assertEqual(self.bare(pages[0]["NextMarker"]), self.bare(ids[3]))
        self.assertEqual(self.bare(pages[1]["Marker"]), self.bare(ids[3]))
        paginated = [z["Id"] for p in client.get_paginator("list_hosted_zones").paginate(PaginationConfig={"PageSize": 3})
                     for z in p["HostedZones"]]
        self.assertEqual(paginated, ids)
        rc, out = self.lab.aws("list-hosted-zones", "--page-size", "3")
        self.assertEqual(rc, 0, out)
        self.assertEqual([z["Id"] for z in out["HostedZones"]], ids)

    def test_list_hosted_zones_by_name(self):
        """API-24: ordered by reversed-label name, ties by ID; DNSName start; NextDNSName/NextHostedZoneId
        continuation; echoes DNSName/HostedZoneId; hostedzoneid without dnsname -> InvalidInput."""
        client = self.client
        zones = [("lab.test.", self.zone_id)]
        for name in ["beta.test", "alpha.test", "zeta.example", "c.alpha.test", "beta.test", "a.beta.test"]:
            zones.append((name + ".", self.create_zone(self.lab, name)["HostedZone"]["Id"]))
        expected = sorted(zones, key=lambda z: (zone_name_key(z[0]), self.bare(z[1])))
        listed = client.list_hosted_zones_by_name()
        self.assertEqual([(z["Name"], z["Id"]) for z in listed["HostedZones"]], expected)
        self.assertFalse(listed["IsTruncated"])
        # Paging by two.
        got, name, zone = [], None, None
        for _ in range(10):
            kwargs = {"MaxItems": "2"}
            if name:
                kwargs["DNSName"] = name
            if zone:
                kwargs["HostedZoneId"] = zone
            page = client.list_hosted_zones_by_name(**kwargs)
            got += [(z["Name"], z["Id"]) for z in page["HostedZones"]]
            if name:
                self.assertEqual(page["DNSName"], name)
            if zone:
                self.assertEqual(self.bare(page["HostedZoneId"]), self.bare(zone))
            if not page["IsTruncated"]:
                self.assertNotIn("NextDNSName", page)
                break
            name, zone = page["NextDNSName"], page["NextHostedZoneId"]
        self.assertEqual(got, expected)
        start = client.list_hosted_zones_by_name(DNSName="beta.test")
        self.assertEqual([z["Name"] for z in start["HostedZones"]], [z[0] for z in expected if zone_name_key(z[0]) >= "test.beta."])
        with self.assertRaises(client.exceptions.InvalidInput) as ctx:
            client.list_hosted_zones_by_name(HostedZoneId=self.bare_id)
        self.assertClientError(ctx, "InvalidInput", 400)

    def test_list_health_checks_paging(self):
        """API-25: 5 health checks with MaxItems 2: pages 2/2/1, NextMarker = first ID of the next page,
        each check exactly once (paginator and CLI)."""
        client = self.client
        ids = [client.create_health_check(CallerReference=f"page-{i}", HealthCheckConfig={
            "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})["HealthCheck"]["Id"] for i in range(5)]
        pages, marker = [], None
        for _ in range(10):
            page = client.list_health_checks(MaxItems="2", **({"Marker": marker} if marker else {}))
            pages.append(page)
            self.assertEqual(page["MaxItems"], "2")
            if not page["IsTruncated"]:
                break
            marker = page["NextMarker"]
            self.assertEqual(marker, client.list_health_checks(Marker=marker, MaxItems="1")["HealthChecks"][0]["Id"])
        self.assertEqual([len(p["HealthChecks"]) for p in pages], [2, 2, 1])
        listed = [c["Id"] for p in pages for c in p["HealthChecks"]]
        self.assertEqual(sorted(listed), sorted(ids))
        self.assertEqual(len(set(listed)), 5)
        paginated = [c["Id"] for p in client.get_paginator("list_health_checks").paginate(PaginationConfig={"PageSize": 2})
                     for c in p["HealthChecks"]]
        self.assertEqual(paginated, listed)
        rc, out = self.lab.aws("list-health-checks", "--page-size", "2")
        self.assertEqual(rc, 0, out)
        self.assertEqual([c["Id"] for c in out["HealthChecks"]], listed)

    # -- health checks --------------------------------------------------------------------------

    def test_health_check_idempotency(self):
        """HC-11: same CallerReference + same config -> the same check (no duplicate); different config
        -> 409 HealthCheckAlreadyExists; new reference + same config -> a second check; a deleted
        check's reference -> 409."""
        client = self.client
        port = free_port()
        config = {"Type": "TCP", "IPAddress": "127.0.0.1", "Port": port}
        first = client.create_health_check(CallerReference="idem", HealthCheckConfig=config)["HealthCheck"]
        again = client.create_health_check(CallerReference="idem", HealthCheckConfig=config)["HealthCheck"]
        self.assertEqual(again["Id"], first["Id"])
        self.assertEqual(client.get_health_check_count()["HealthCheckCount"], 1)
        with self.assertRaises(client.exceptions.HealthCheckAlreadyExists) as ctx:
            client.create_health_check(CallerReference="idem", HealthCheckConfig=dict(config, Port=port + 1))
        self.assertClientError(ctx, "HealthCheckAlreadyExists", 409)
        second = client.create_health_check(CallerReference="idem-2", HealthCheckConfig=config)["HealthCheck"]
        self.assertNotEqual(second["Id"], first["Id"])
        self.assertEqual(client.get_health_check_count()["HealthCheckCount"], 2)
        client.delete_health_check(HealthCheckId=second["Id"])
        with self.assertRaises(client.exceptions.HealthCheckAlreadyExists) as ctx:
            client.create_health_check(CallerReference="idem-2", HealthCheckConfig=config)
        self.assertClientError(ctx, "HealthCheckAlreadyExists", 409)
        self.assertEqual(client.get_health_check_count()["HealthCheckCount"], 1)

    def test_update_health_check_versions_and_immutability(self):
        """HC-02, HC-12: each update increments HealthCheckVersion; omitted version = unconditional;
        ResetElements clears ResourcePath; adding an IPAddress to an FQDN check is refused; Type,
        RequestInterval cannot change (not in the update shape)."""
        client = self.client
        check = client.create_health_check(CallerReference="upd", HealthCheckConfig={
            "Type": "HTTP", "IPAddress": "127.0.0.1", "Port": free_port(), "ResourcePath": "/health"})["HealthCheck"]
        check_id = check["Id"]
        self.assertEqual(check["HealthCheckVersion"], 1)
        v2 = client.update_health_check(HealthCheckId=check_id, HealthCheckVersion=1, FailureThreshold=5)["HealthCheck"]
        self.assertEqual((v2["HealthCheckVersion"], v2["HealthCheckConfig"]["FailureThreshold"]), (2, 5))
        v3 = client.update_health_check(HealthCheckId=check_id, Inverted=True)["HealthCheck"]
        self.assertEqual((v3["HealthCheckVersion"], v3["HealthCheckConfig"]["Inverted"]), (3, True))
        v4 = client.update_health_check(HealthCheckId=check_id, HealthCheckVersion=3, ResetElements=["ResourcePath"])["HealthCheck"]
        self.assertEqual(v4["HealthCheckVersion"], 4)
        self.assertNotIn("ResourcePath", v4["HealthCheckConfig"])
        got = client.get_health_check(HealthCheckId=check_id)["HealthCheck"]
        self.assertEqual(got, v4)
        self.assertEqual((got["HealthCheckConfig"]["Type"], got["HealthCheckConfig"]["RequestInterval"]), ("HTTP", 30))
        with self.assertRaises(client.exceptions.HealthCheckVersionMismatch) as ctx:
            client.update_health_check(HealthCheckId=check_id, HealthCheckVersion=5, FailureThreshold=1)
        self.assertClientError(ctx, "HealthCheckVersionMismatch", 409)
        fqdn = client.create_health_check(CallerReference="upd-fqdn", HealthCheckConfig={
            "Type": "HTTP", "FullyQualifiedDomainName": "nothing.invalid", "Port": free_port()})["HealthCheck"]
        with self.assertRaises(client.exceptions.InvalidInput) as ctx:
            client.update_health_check(HealthCheckId=fqdn["Id"], IPAddress="127.0.0.1")
        self.assertClientError(ctx, "InvalidInput", 400)
        self.assertEqual(client.get_health_check(HealthCheckId=fqdn["Id"])["HealthCheck"], fqdn)

    def test_calculated_child_delete_rule(self):
        """HC-12a, Q21: a child of a CALCULATED check cannot be deleted (InvalidInput with the parent
        IDs); after removing it from the parent (UpdateHealthCheck) it can; ChildHealthChecks sorted."""
        client = self.client
        children = sorted(client.create_health_check(CallerReference=f"child-{i}", HealthCheckConfig={
            "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})["HealthCheck"]["Id"] for i in range(2))
        parent = client.create_health_check(CallerReference="parent", HealthCheckConfig={
            "Type": "CALCULATED", "HealthThreshold": 1, "ChildHealthChecks": list(reversed(children))})["HealthCheck"]
        self.assertEqual(parent["HealthCheckConfig"]["ChildHealthChecks"], children, "sorted ascending (HC-02)")
        for child in children:
            with self.assertRaises(client.exceptions.InvalidInput) as ctx:
                client.delete_health_check(HealthCheckId=child)
            self.assertClientError(ctx, "InvalidInput", 400,
                                   f"Health check {child} is still referenced from parent health check(s): {parent['Id']}")
        client.update_health_check(HealthCheckId=parent["Id"], ChildHealthChecks=[children[1]])
        client.delete_health_check(HealthCheckId=children[0])
        with self.assertRaises(client.exceptions.NoSuchHealthCheck):
            client.get_health_check(HealthCheckId=children[0])
        self.assertEqual(client.get_health_check_count()["HealthCheckCount"], 2)

    def test_health_check_deleted_while_referenced(self):
        """HC-12a: deleting a check still referenced by a record set is allowed; the record is then
        treated as healthy (lab rule)."""
        client = self.client
        check = client.create_health_check(CallerReference="ref-del", HealthCheckConfig={
            "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})["HealthCheck"]["Id"]
        self.change_batch(self.lab, self.zone_id,
                          self.change("CREATE", "fo.lab.test", "A", 60, ["192.0.2.61"], SetIdentifier="p", Failover="PRIMARY",
                                      HealthCheckId=check),
                          self.change("CREATE", "fo.lab.test", "A", 60, ["192.0.2.62"], SetIdentifier="s", Failover="SECONDARY"))
        deleted = client.delete_health_check(HealthCheckId=check)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.lab.dig("fo.lab.test").rdatas("A"), ["192.0.2.61"])

    # -- reusable delegation sets ---------------------------------------------------------------

    def test_reusable_delegation_sets(self):
        """HZ-10, API-03: create (201, Location, /delegationset/N…, 4 servers per HZ-06), get, list,
        zones created with DelegationSetId use its servers (Id shown in GetHostedZone, NS/SOA served),
        same-name zones on one set conflict, DelegationSetInUse, DelegationSetAlreadyCreated, delete."""
        client = self.client
        created = client.create_reusable_delegation_set(CallerReference="ds-1")
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 201)
        ds = created["DelegationSet"]
        self.assertRegex(ds["Id"], r"^/delegationset/N[A-Z0-9]+$")
        ds_bare = self.bare(ds["Id"])
        self.assertEqual(created["ResponseMetadata"]["HTTPHeaders"].get("location"),
                         f"https://route53.amazonaws.com/2013-04-01/delegationset/{ds_bare}")
        self.assertEqual(ds["CallerReference"], "ds-1")
        hz06_check(self, ds["NameServers"])
        self.assertEqual(client.get_reusable_delegation_set(Id=ds_bare)["DelegationSet"], ds)
        self.assertIn(ds, client.list_reusable_delegation_sets()["DelegationSets"])
        with self.assertRaises(client.exceptions.DelegationSetAlreadyCreated) as ctx:
            client.create_reusable_delegation_set(CallerReference="ds-1")
        self.assertClientError(ctx, "DelegationSetAlreadyCreated", 400)

        z1 = client.create_hosted_zone(Name="one.test", CallerReference="ds-z1", DelegationSetId=ds_bare)
        z2 = client.create_hosted_zone(Name="two.test", CallerReference="ds-z2", DelegationSetId=ds["Id"])
        for zone in (z1, z2):
            self.assertEqual(zone["DelegationSet"]["NameServers"], ds["NameServers"])
            got = client.get_hosted_zone(Id=zone["HostedZone"]["Id"])
            self.assertEqual(self.bare(got["DelegationSet"]["Id"]), ds_bare)
            self.assertEqual(got["DelegationSet"]["NameServers"], ds["NameServers"])
        result = self.lab.dig("one.test", "SOA")
        self.assertEqual(result.rdatas("SOA"), [ds["NameServers"][0] + ". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"])
        self.assertEqual(sorted(r.rdata for r in result.authority), sorted(n + "." for n in ds["NameServers"]))
        listed = client.list_hosted_zones(DelegationSetId=ds_bare)["HostedZones"]
        self.assertEqual(sorted(z["Name"] for z in listed), ["one.test.", "two.test."])
        with self.assertRaises(client.exceptions.ConflictingDomainExists) as ctx:
            client.create_hosted_zone(Name="one.test", CallerReference="ds-z3", DelegationSetId=ds_bare)
        self.assertClientError(ctx, "ConflictingDomainExists", 400)
        with self.assertRaises(client.exceptions.DelegationSetInUse) as ctx:
            client.delete_reusable_delegation_set(Id=ds_bare)
        self.assertClientError(ctx, "DelegationSetInUse", 400)
        self.assertEqual(client.get_reusable_delegation_set(Id=ds_bare)["DelegationSet"]["Id"], ds["Id"])
        client.delete_hosted_zone(Id=z1["HostedZone"]["Id"])
        client.delete_hosted_zone(Id=z2["HostedZone"]["Id"])
        deleted = client.delete_reusable_delegation_set(Id=ds_bare)
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 200)
        with self.assertRaises(client.exceptions.NoSuchDelegationSet) as ctx:
            client.get_reusable_delegation_set(Id=ds_bare)
        self.assertClientError(ctx, "NoSuchDelegationSet", 400)
        with self.assertRaises(client.exceptions.NoSuchDelegationSet):
            client.create_hosted_zone(Name="three.test", CallerReference="ds-z4", DelegationSetId=ds_bare)
        # Promoting an existing zone's set (HZ-10).
        promoted = client.create_reusable_delegation_set(CallerReference="ds-2", HostedZoneId=self.bare_id)["DelegationSet"]
        self.assertEqual(promoted["NameServers"], self.name_servers)

    # -- tags -----------------------------------------------------------------------------------

    def test_tags(self):
        """Q25, API-03: add/replace/remove tags on zones and health checks; ListTagsForResource(s);
        unknown resources -> NoSuchHostedZone / NoSuchHealthCheck."""
        client = self.client
        client.change_tags_for_resource(ResourceType="hostedzone", ResourceId=self.bare_id,
                                        AddTags=[{"Key": "env", "Value": "lab"}, {"Key": "owner", "Value": "qa"},
                                                 {"Key": "Name", "Value": "lab zone"}])
        client.change_tags_for_resource(ResourceType="hostedzone", ResourceId=self.bare_id,
                                        AddTags=[{"Key": "env", "Value": "ci"}], RemoveTagKeys=["owner"])
        tag_set = client.list_tags_for_resource(ResourceType="hostedzone", ResourceId=self.bare_id)["ResourceTagSet"]
        self.assertEqual((tag_set["ResourceType"], tag_set["ResourceId"]), ("hostedzone", self.bare_id))
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in tag_set["Tags"]), [("Name", "lab zone"), ("env", "ci")])
        check = client.create_health_check(CallerReference="tagged", HealthCheckConfig={
            "Type": "TCP", "IPAddress": "127.0.0.1", "Port": free_port()})["HealthCheck"]["Id"]
        rc, out = self.lab.aws("change-tags-for-resource", "--resource-type", "healthcheck", "--resource-id", check,
                               "--add-tags", "Key=Name,Value=web-primary")
        self.assertEqual(rc, 0, out)
        other = self.create_zone(self.lab, "untagged.test")["HostedZone"]["Id"]
        sets = client.list_tags_for_resources(ResourceType="hostedzone", ResourceIds=[self.bare_id, self.bare(other)])["ResourceTagSets"]
        self.assertEqual(sorted((s["ResourceId"], len(s.get("Tags", []))) for s in sets),
                         sorted([(self.bare_id, 2), (self.bare(other), 0)]))
        rc, out = self.lab.aws("list-tags-for-resources", "--resource-type", "healthcheck", "--resource-ids", check)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["ResourceTagSets"], [{"ResourceType": "healthcheck", "ResourceId": check,
                                                   "Tags": [{"Key": "Name", "Value": "web-primary"}]}])
        with self.assertRaises(client.exceptions.NoSuchHealthCheck):
            client.list_tags_for_resource(ResourceType="healthcheck", ResourceId="00000000-0000-4000-8000-000000000000")

    # -- TestDNSAnswer, checker ranges, counts, comments ----------------------------------------

    def test_test_dns_answer(self):
        """API-27: TestDNSAnswer answers from the DNS engine: www A -> 192.0.2.1 NOERROR; alias apex ->
        resolved values; missing name -> NXDOMAIN with no data; weighted group -> one member."""
        client = self.client
        alias = {"HostedZoneId": self.bare_id, "DNSName": "www.lab.test.", "EvaluateTargetHealth": False}
        self.change_batch(self.lab, self.zone_id, self.change("CREATE", "lab.test.", "A", Alias=alias),
                          self.change("CREATE", "mx.lab.test", "MX", 60, ["10 mail.lab.test."]))
        answer = client.test_dns_answer(HostedZoneId=self.bare_id, RecordName="www.lab.test", RecordType="A")
        self.assertEqual((answer["RecordData"], answer["ResponseCode"], answer["RecordType"]), (["192.0.2.1"], "NOERROR", "A"))
        self.assertEqual(answer["RecordName"].rstrip("."), "www.lab.test")
        self.assertIn(answer["Protocol"], ("UDP", "TCP"))
        self.assertTrue(answer["Nameserver"])
        apex = client.test_dns_answer(HostedZoneId=self.bare_id, RecordName="lab.test", RecordType="A")
        self.assertEqual((apex["RecordData"], apex["ResponseCode"]), (["192.0.2.1"], "NOERROR"))
        mx = client.test_dns_answer(HostedZoneId=self.bare_id, RecordName="mx.lab.test", RecordType="MX")
        self.assertEqual(mx["RecordData"], ["10 mail.lab.test."])
        missing = client.test_dns_answer(HostedZoneId=self.bare_id, RecordName="nope.lab.test", RecordType="A")
        self.assertEqual((missing["RecordData"], missing["ResponseCode"]), ([], "NXDOMAIN"))
        nodata = client.test_dns_answer(HostedZoneId=self.bare_id, RecordName="www.lab.test", RecordType="AAAA")
        self.assertEqual((nodata["RecordData"], nodata["ResponseCode"]), ([], "NOERROR"))
        rc, out = self.lab.aws("test-dns-answer", "--hosted-zone-id", self.bare_id, "--record-name", "www.lab.test",
                               "--record-type", "A")
        self.assertEqual(rc, 0, out)
        self.assertEqual(out["RecordData"], ["192.0.2.1"])
        with self.assertRaises(client.exceptions.NoSuchHostedZone):
            client.test_dns_answer(HostedZoneId="Z0000000000000000NOPE", RecordName="www.lab.test", RecordType="A")

    def test_checker_ip_ranges(self):
        """HC-15: GetCheckerIpRanges returns a non-empty fixed list of valid CIDRs."""
        ranges = self.client.get_checker_ip_ranges()["CheckerIpRanges"]
        self.assertTrue(ranges)
        for cidr in ranges:
            ipaddress.ip_network(cidr)
        rc, out = self.lab.aws("get-checker-ip-ranges")
        self.assertEqual((rc, out["CheckerIpRanges"]), (0, ranges))

    def test_update_hosted_zone_comment(self):
        """HZ-12, API-03: UpdateHostedZoneComment sets Config.Comment (shown by Get/List); > 256 chars ->
        InvalidInput and nothing changes."""
        client = self.client
        updated = client.update_hosted_zone_comment(Id=self.zone_id, Comment="new comment")
        self.assertEqual(updated["HostedZone"]["Config"]["Comment"], "new comment")
        self.assertEqual(updated["HostedZone"]["Id"], self.zone_id)
        self.assertEqual(client.get_hosted_zone(Id=self.zone_id)["HostedZone"]["Config"]["Comment"], "new comment")
        self.assertEqual(client.list_hosted_zones()["HostedZones"][0]["Config"]["Comment"], "new comment")
        loose = self.lab.client(validate=False)
        with self.assertRaises(loose.exceptions.InvalidInput) as ctx:
            loose.update_hosted_zone_comment(Id=self.zone_id, Comment="x" * 257)
        self.assertClientError(ctx, "InvalidInput", 400)
        self.assertEqual(client.get_hosted_zone(Id=self.zone_id)["HostedZone"]["Config"]["Comment"], "new comment")
        created = client.create_hosted_zone(Name="commented.test", CallerReference="c1",
                                            HostedZoneConfig={"Comment": "hello", "PrivateZone": False})
        self.assertEqual(created["HostedZone"]["Config"], {"Comment": "hello", "PrivateZone": False})

    # -- raw HTTP: bad input ----------------------------------------------------------------------

    def test_raw_http_bad_requests(self):
        """API-05, issue 4 item 6: malformed XML -> 400 InvalidInput; missing CallerReference -> 400
        InvalidInput; unknown path -> 404; wrong method -> 405/400; all in the <ErrorResponse>
        envelope with text/xml and x-amzn-RequestId, never 500; nothing changes."""
        before = self.snapshot()
        lab = self.lab
        cases = [
            ("POST", "/2013-04-01/hostedzone", "<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>x.test",
             {400}, "InvalidInput"),
            ("POST", "/2013-04-01/hostedzone", "this is not xml at all", {400}, "InvalidInput"),
            ("POST", "/2013-04-01/hostedzone",
             "<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>x.test</Name></CreateHostedZoneRequest>",
             {400}, "InvalidInput"),
            ("POST", f"/2013-04-01/hostedzone/{self.bare_id}/rrset/", "<ChangeResourceRecordSetsRequest><ChangeBatch>",
             {400}, "InvalidInput"),
            ("POST", "/2013-04-01/healthcheck", "<CreateHealthCheckRequest/>", {400}, "InvalidInput"),
            ("GET", "/2013-04-01/nonsense", None, {404}, None),
            ("GET", "/2013-04-01/hostedzone/x/y/z/w", None, {404}, None),
            ("PUT", "/2013-04-01/hostedzone", "<x/>", {400, 405}, None),
            ("PATCH", f"/2013-04-01/hostedzone/{self.bare_id}", "<x/>", {400, 405}, None),
            ("DELETE", "/2013-04-01/hostedzonecount", None, {400, 405}, None),
        ]
        for method, path, body, statuses, code in cases:
            with self.subTest(method=method, path=path):
                status, headers, data = lab.http(method, path, body, {"Content-Type": "text/xml"} if body else None)
                self.assertIn(status, statuses, data)
                self.assertTrue(headers.get("content-type", "").startswith("text/xml"), headers)
                self.assertTrue(headers.get("x-amzn-requestid"), headers)
                got_code, message, error_type = self.xml_error(data)
                self.assertTrue(got_code, data)
                self.assertTrue(message, data)
                if code:
                    self.assertEqual(got_code, code, data)
                self.assertEqual(error_type, "Sender", data)
        self.assertEqual(self.snapshot(), before)

    def test_oversize_body_413(self):
        """Issue 4 item 6: a body over 8 MiB -> 413 (in the error envelope), the daemon keeps serving,
        nothing changes."""
        before = self.snapshot()
        size = 9 * 1024 * 1024
        connection = http.client.HTTPConnection("127.0.0.1", self.lab.api_port, timeout=30)
        self.addCleanup(connection.close)
        connection.putrequest("POST", "/2013-04-01/hostedzone")
        connection.putheader("Content-Type", "text/xml")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        chunk = b"<a>" + b"x" * (64 * 1024 - 3)
        sent = 0
        try:
            while sent < size:
                piece = chunk[: min(len(chunk), size - sent)]
                connection.send(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything
        response = connection.getresponse()
        data = response.read()
        self.assertEqual(response.status, 413, data[:500])
        if data:
            code, _, _ = self.xml_error(data)
            self.assertTrue(code)
        self.assertEqual(self.snapshot(), before)

    def test_failed_calls_change_nothing(self):
        """API-20, issue 4 item 6: a series of rejected calls of every kind leaves zones, record sets,
        health checks, counts and the change history exactly as they were."""
        client = self.client
        before = self.snapshot()
        failing = [
            lambda: client.create_hosted_zone(Name="lab.test", CallerReference="sem-r1"),
            lambda: client.delete_hosted_zone(Id=self.zone_id),
            lambda: self.change_batch(self.lab, self.zone_id, self.change("CREATE", "ok.lab.test", "A", 60, ["192.0.2.3"]),
                                      self.change("DELETE", "www.lab.test", "A", 1, ["192.0.2.1"])),
            lambda: client.create_health_check(CallerReference="bad", HealthCheckConfig={"Type": "TCP", "IPAddress": "127.0.0.1"}),
            lambda: self.lab.client(validate=False).create_health_check(
                CallerReference="bad2", HealthCheckConfig={"Type": "HTTP", "IPAddress": "127.0.0.1", "FailureThreshold": 11}),
            lambda: client.delete_reusable_delegation_set(Id="N0000000000NOPE"),
        ]
        for call in failing:
            with self.subTest(call=call):
                with self.assertRaises(client.exceptions.ClientError) as ctx:
                    call()
                self.assertLess(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 500)
        self.assertEqual(self.snapshot(), before)


if __name__ == "__main__":
    unittest.main()
