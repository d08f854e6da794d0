extension ConfigLoader {
    static let queryLogKeys = ["Path", "BufferSize"]

    /// `Server.QueryLog: {Path: FILE | "-", BufferSize: N}` (DNS-13, issue 5 item 4).
    static func decodeQueryLog(_ fields: YAMLFields, context: LoadContext) -> QueryLogSettings? {
        let path = fields.string("Path", required: true)
        let size = fields.integer("BufferSize", in: QueryLogSettings.bufferSizeRange)
        guard let path else { return nil }
        guard !path.isEmpty else {
            fields.report("Path", "must be a file name or - for standard output")
            return nil
        }
        return QueryLogSettings(path: path == "-" ? path : resolve(path, against: context.baseDirectory),
                                bufferSize: size.map(Int.init) ?? QueryLogSettings.defaultBufferSize)
    }
}
