/// Decodes the chunked transfer coding (RFC 7230 §4.1) incrementally: chunk sizes, extensions,
/// data, the last chunk and the trailer section. Bounded: a size line or trailer longer than
/// the header limit is an error, so a hostile server cannot make the probe buffer without end.
struct ChunkedDecoder {
    private enum State {
        /// Reading `chunk-size [ chunk-ext ] CRLF`; `line` holds the bytes so far.
        case size(line: [UInt8])
        /// Reading chunk data; `remaining` bytes to go.
        case data(remaining: Int)
        /// Expecting the CRLF after chunk data; `sawCR` once the CR arrived.
        case dataEnd(sawCR: Bool)
        /// Reading trailer lines after the last chunk; `line` is the current one, `total` all so far.
        case trailer(line: [UInt8], total: Int)
        case done
    }

    /// Longest chunk-size line accepted (size plus extensions).
    static let maximumSizeLine = 1024

    private var state = State.size(line: [])

    /// Decodes `input`, returning the chunk data it contained and whether the body is complete.
    mutating func decode(_ input: ArraySlice<UInt8>) throws(HTTPResponseParser.Failure) -> (data: [UInt8], finished: Bool) {
        var data: [UInt8] = []
        var index = input.startIndex
        while index < input.endIndex {
            switch state {
            case .size(var line):
                let byte = input[index]
                index += 1
                if byte == HTTPSyntax.lf {
                    state = try Self.afterSizeLine(line)
                } else {
                    line.append(byte)
                    guard line.count <= Self.maximumSizeLine else { throw .malformed("chunk size line too long") }
                    state = .size(line: line)
                }
            case .data(let remaining):
                let taken = input[index...].prefix(remaining)
                data.append(contentsOf: taken)
                index += taken.count
                state = taken.count == remaining ? .dataEnd(sawCR: false) : .data(remaining: remaining - taken.count)
            case .dataEnd(let sawCR):
                let byte = input[index]
                index += 1
                if byte == HTTPSyntax.lf {
                    state = .size(line: [])
                } else if byte == HTTPSyntax.cr && !sawCR {
                    state = .dataEnd(sawCR: true)
                } else {
                    throw .malformed("chunk data not followed by CRLF")
                }
            case .trailer(var line, let total):
                let byte = input[index]
                index += 1
                guard total + 1 <= HTTPResponseParser.maximumHeadBytes else { throw .headTooLarge }
                if byte == HTTPSyntax.lf {
                    if line.isEmpty || line == [HTTPSyntax.cr] {
                        state = .done
                    } else {
                        state = .trailer(line: [], total: total + 1)
                    }
                } else {
                    line.append(byte)
                    state = .trailer(line: line, total: total + 1)
                }
            case .done:
                return (data, true)
            }
        }
        if case .done = state { return (data, true) }
        return (data, false)
    }

    /// Parses `chunk-size [ chunk-ext ]` (the CR, if any, still attached); size 0 is the last chunk.
    private static func afterSizeLine(_ line: [UInt8]) throws(HTTPResponseParser.Failure) -> State {
        var content = line[...]
        if content.last == HTTPSyntax.cr { content = content.dropLast() }
        let sizeDigits = content.prefix { $0 != HTTPSyntax.semicolon && $0 != HTTPSyntax.space && $0 != HTTPSyntax.tab }
        guard !sizeDigits.isEmpty, sizeDigits.count <= 15,
              let size = Int(String(decoding: sizeDigits, as: UTF8.self), radix: 16), size >= 0,
              sizeDigits.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else {
            throw .malformed("invalid chunk size \"\(String(decoding: content.prefix(32), as: UTF8.self))\"")
        }
        return size == 0 ? .trailer(line: [], total: 0) : .data(remaining: size)
    }
}
