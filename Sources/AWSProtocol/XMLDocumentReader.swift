import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a Route 53 request body into an `XMLNode` tree (API-01: rest-xml requests, namespace prefixes
/// ignored, elements accepted in any order by the callers).
///
/// Hardening, because the body comes from the network: a `<!DOCTYPE` is refused before parsing (so no
/// entity declaration, expansion or external fetch can happen), external entities are never resolved,
/// and nesting depth, element count and body size are capped (`Limits`). Only UTF-8 (or an
/// ASCII-compatible declared encoding) is accepted.
public struct XMLDocumentReader: Sendable {
    public struct Limits: Sendable, Hashable {
        /// Deepest allowed element nesting, root = 1. Route 53 requests nest about 8 deep.
        public var maxDepth: Int
        /// Most elements in one document (a 1,000-change batch is roughly 10,000).
        public var maxElements: Int
        /// Largest accepted body in bytes.
        public var maxBytes: Int

        public init(maxDepth: Int = 32, maxElements: Int = 100_000, maxBytes: Int = 4 * 1024 * 1024) {
            self.maxDepth = maxDepth
            self.maxElements = maxElements
            self.maxBytes = maxBytes
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses a body. An empty body is an error (`Premature end of file.`).
    public func read(_ bytes: [UInt8]) throws(XMLReadError) -> XMLNode {
        guard bytes.count <= limits.maxBytes else {
            throw XMLReadError(kind: .tooLarge, line: 0, column: 0,
                               message: "The request body is larger than \(limits.maxBytes) bytes.")
        }
        if let refusal = XMLPrologScanner.check(bytes) { throw refusal }

        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false // prefixes are stripped by the builder instead
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let lastContent = bytes.lastIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } ?? -1
        let builder = XMLTreeBuilder(limits: limits,
                                     contentEnd: XMLPrologScanner.position(of: lastContent + 1, in: bytes))
        parser.delegate = builder
        _ = parser.parse() // the result is unreliable on Linux; the builder decides (see XMLTreeBuilder)
        parser.delegate = nil

        if let failure = builder.failure { throw failure }
        guard let root = builder.root, !builder.hasOpenElements else {
            let end = XMLPrologScanner.position(of: bytes.count, in: bytes)
            throw XMLReadError(kind: .notWellFormed, line: end.line, column: end.column,
                               message: "XML document structures must start and end within the same entity.")
        }
        return root
    }

    /// Parses a body held in `Data`.
    public func read(_ data: Data) throws(XMLReadError) -> XMLNode {
        try read([UInt8](data))
    }
}
