/// `Server.QueryLog` (DNS-13, issue 5 item 4): where query-log lines go and how many records the
/// buffer between the listeners and the writer holds. Absent: the query log is off (the default).
public struct QueryLogSettings: Sendable, Hashable {
    public static let defaultBufferSize = 4096
    /// Records (about 350 bytes each) the buffer may hold; the ring rounds up to a power of two.
    public static let bufferSizeRange: ClosedRange<Int64> = 1...1_048_576

    /// A file (appended to, created when missing; relative paths are resolved against the config
    /// file's directory) or `-` for standard output.
    public var path: String
    public var bufferSize: Int

    public init(path: String, bufferSize: Int = QueryLogSettings.defaultBufferSize) {
        self.path = path
        self.bufferSize = bufferSize
    }
}
