import AWSProtocol
import Foundation

/// Runs the real botocore (through `python3`) to sign Route 53 requests, so the verifier is checked
/// against the client the CLI and boto3 use rather than against our reading of the spec.
enum Botocore {
    static let accessKeyID = "AKIDLAB53EXAMPLE"
    static let secret = "lab53/Secret+Key=Example"

    /// Whether `python3 -c 'import botocore'` succeeds here.
    static let isAvailable: Bool = run(["python3", "-c", "import botocore"])?.status == 0

    struct Signed: Sendable, Decodable {
        let name: String
        let method: String
        let url: String
        let headers: [[String]]
        let body: String

        /// The request as the daemon would receive it: request target from the URL, the Host header
        /// urllib3 adds (botocore signs it without putting it into `headers`), the body bytes.
        var request: SigV4Request {
            let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
            let slash = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            let host = String(afterScheme[..<slash])
            let target = slash == afterScheme.endIndex ? "/" : String(afterScheme[slash...])
            var pairs = headers.map { ($0[0], $0[1]) }
            if !pairs.contains(where: { $0.0.lowercased() == "host" }) { pairs.append(("Host", host)) }
            return SigV4Request(method: method, target: target, headers: pairs,
                                body: [UInt8](Data(base64Encoded: body) ?? Data()))
        }
    }

    /// Every request signed by `script`, or the reason they could not be produced.
    static let signed: Result<[Signed], BotocoreFailure> = {
        guard let output = run(["python3", "-c", script]) else { return .failure(BotocoreFailure("could not start python3")) }
        guard output.status == 0 else {
            return .failure(BotocoreFailure("python3 exited \(output.status): \(String(decoding: output.stderr, as: UTF8.self))"))
        }
        do {
            return .success(try JSONDecoder().decode([Signed].self, from: output.stdout))
        } catch {
            return .failure(BotocoreFailure("unreadable output: \(error)"))
        }
    }()

    struct BotocoreFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func run(_ arguments: [String]) -> (status: Int32, stdout: Data, stderr: Data)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { return nil }
        // The script writes a few KB at most, so reading stdout to the end before stderr cannot block.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, out, err)
    }

    /// Signs with `SigV4Auth` + `AWSRequest` directly (service `route53`), then drives a real
    /// `route53` client whose requests are captured in `before-send` and never sent.
    static let script = #"""
        import base64, json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        from botocore.config import Config
        import botocore.session

        AKID, SECRET = "AKIDLAB53EXAMPLE", "lab53/Secret+Key=Example"
        ENDPOINT = "http://127.0.0.1:8053"
        out = []

        def text(value):
            return value.decode("utf-8") if isinstance(value, bytes) else value

        def record(name, method, url, headers, body):
            if isinstance(body, str):
                body = body.encode("utf-8")
            out.append({"name": name, "method": method, "url": url,
                        "headers": [[k, text(v)] for k, v in headers.items()],
                        "body": base64.b64encode(body or b"").decode("ascii")})

        def low_level(name, method, url, body=b"", headers=None, params=None, token=None, region="us-east-1"):
            request = AWSRequest(method=method, url=url, data=body, headers=headers or {}, params=params or {})
            SigV4Auth(Credentials(AKID, SECRET, token), "route53", region).add_auth(request)
            prepared = request.prepare()
            record(name, prepared.method, prepared.url, prepared.headers, prepared.body)

        batch = ('<?xml version="1.0" encoding="UTF-8"?>\n<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
                 '<ChangeBatch><Comment>caf\u00e9 &amp; more</Comment><Changes><Change><Action>UPSERT</Action><ResourceRecordSet>'
                 '<Name>www.lab.test.</Name><Type>TXT</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>"a  b"</Value>'
                 '</ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>')
        low_level("AWSRequest POST rrset with an XML body", "POST", ENDPOINT + "/2013-04-01/hostedzone/Z0EXAMPLE11/rrset/",
                  body=batch.encode("utf-8"), headers={"Content-Type": "text/xml"})
        low_level("AWSRequest GET with a query needing encoding", "GET",
                  ENDPOINT + "/2013-04-01/hostedzonesbyname?dnsname=a%2Ab.example.com.&maxitems=1")
        low_level("AWSRequest GET path with an ID", "GET", ENDPOINT + "/2013-04-01/hostedzone/Z0EXAMPLE11")
        low_level("AWSRequest GET escaped path (signed double-encoded)", "GET", ENDPOINT + "/2013-04-01/hostedzone/Z%2A1/rrset/")
        low_level("AWSRequest GET params with a space and a plus", "GET", ENDPOINT + "/2013-04-01/hostedzone",
                  params={"marker": "x y+z", "maxitems": "2"})
        low_level("AWSRequest session token", "GET", ENDPOINT + "/2013-04-01/hostedzonecount",
                  token="FQoGZXIvYXdzEXAMPLE/TOKEN+==")
        low_level("AWSRequest signed for eu-west-3", "GET", ENDPOINT + "/2013-04-01/healthcheck", region="eu-west-3")
        low_level("AWSRequest Date header instead of X-Amz-Date", "DELETE",
                  ENDPOINT + "/2013-04-01/healthcheck/af9adf07-fe0c-47f7-8091-6f23bb79ddc3", headers={"Date": "placeholder"})

        class Captured(Exception):
            pass

        def capture(name):
            def handler(request, **kwargs):
                record(name, request.method, request.url, request.headers, request.body)
                raise Captured()
            return handler

        client = botocore.session.get_session().create_client(
            "route53", region_name="us-east-1", endpoint_url=ENDPOINT,
            aws_access_key_id=AKID, aws_secret_access_key=SECRET, config=Config(retries={"total_max_attempts": 1}))
        calls = [
            ("client ListHostedZonesByName", lambda: client.list_hosted_zones_by_name(DNSName="a*b.example.com.", MaxItems="1")),
            ("client GetHostedZone", lambda: client.get_hosted_zone(Id="/hostedzone/Z0EXAMPLE11")),
            ("client CreateHostedZone", lambda: client.create_hosted_zone(
                Name="lab.test.", CallerReference="ref-001", HostedZoneConfig={"Comment": "demo <&>", "PrivateZone": False})),
            ("client ChangeResourceRecordSets", lambda: client.change_resource_record_sets(HostedZoneId="Z0EXAMPLE11", ChangeBatch={
                "Comment": "\u00fcnicode", "Changes": [{"Action": "CREATE", "ResourceRecordSet": {
                    "Name": "*.lab.test.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.10"}]}}]})),
            ("client ListResourceRecordSets", lambda: client.list_resource_record_sets(
                HostedZoneId="Z0EXAMPLE11", StartRecordName="*.lab.test.", StartRecordType="TXT")),
            ("client ListTagsForResource", lambda: client.list_tags_for_resource(
                ResourceType="healthcheck", ResourceId="af9adf07-fe0c-47f7-8091-6f23bb79ddc3")),
        ]
        for name, call in calls:
            client.meta.events.register_first("before-send.route53", capture(name), unique_id="lab53-capture")
            try:
                call()
            except Captured:
                pass
            client.meta.events.unregister("before-send.route53", unique_id="lab53-capture")

        json.dump(out, sys.stdout)
        """#
}
