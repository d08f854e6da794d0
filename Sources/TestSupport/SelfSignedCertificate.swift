import Foundation
import Synchronization

/// A self-signed certificate and its private key, generated at test time with the `openssl`
/// CLI (EC P-256, valid two days, SAN = the common name, 127.0.0.1 and ::1), for the fake HTTPS
/// targets. Route 53 does not validate endpoint certificates (HC-01), so nothing must trust it.
public struct SelfSignedCertificate: Sendable {
    public struct GenerationError: Error, CustomStringConvertible {
        public let description: String
    }

    /// PEM files inside a temporary directory.
    public let certificatePath: String
    public let privateKeyPath: String
    public let commonName: String

    private static let cache = Mutex<SelfSignedCertificate?>(nil)

    /// One certificate per test process (`lab53.test`), generated on first use.
    public static func shared() throws -> SelfSignedCertificate {
        try cache.withLock { cached in
            if let cached { return cached }
            let directory = try TemporaryDirectory()
            let certificate = try generate(commonName: "lab53.test", in: directory)
            sharedDirectory.withLock { $0 = directory }
            atexit { SelfSignedCertificate.removeSharedDirectory() }
            cached = certificate
            return certificate
        }
    }

    private static let sharedDirectory = Mutex<TemporaryDirectory?>(nil)

    private static func removeSharedDirectory() {
        sharedDirectory.withLock { $0?.remove() }
    }

    /// Generates a fresh key and certificate into `directory`.
    public static func generate(commonName: String, in directory: TemporaryDirectory) throws -> SelfSignedCertificate {
        let certificate = directory.url.appendingPathComponent("\(commonName).crt").path
        let key = directory.url.appendingPathComponent("\(commonName).key").path
        let result = try ProcessRunner.run(executable: try opensslPath(), [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=\(commonName)",
            "-addext", "subjectAltName=DNS:\(commonName),IP:127.0.0.1,IP:::1",
        ], limit: 30)
        guard result.status == 0, FileManager.default.fileExists(atPath: certificate) else {
            throw GenerationError(description: "\(result.commandLine) failed (\(result.status)): \(result.stderr)")
        }
        return SelfSignedCertificate(certificatePath: certificate, privateKeyPath: key, commonName: commonName)
    }

    private static func opensslPath() throws -> String {
        for candidate in ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw GenerationError(description: "the openssl command-line tool is not installed")
    }
}
