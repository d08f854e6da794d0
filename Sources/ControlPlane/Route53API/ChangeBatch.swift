import Route53Model

/// A ChangeResourceRecordSets request as decoded from XML (API-03, API-04): the record sets are
/// still text fields, converted and validated by `Route53Service.changeResourceRecordSets`.
public struct ChangeBatch: Sendable {
    public var comment: String?
    public var changes: [Change]

    public init(comment: String?, changes: [Change]) {
        self.comment = comment
        self.changes = changes
    }

    public struct Change: Sendable {
        /// `CREATE`, `DELETE` or `UPSERT`; anything else is refused with the schema message (API-06).
        public var action: String
        public var recordSet: RecordSetFields

        public init(action: String, recordSet: RecordSetFields) {
            self.action = action
            self.recordSet = recordSet
        }
    }
}

/// The three actions (API-21).
enum ChangeAction: String {
    case create = "CREATE"
    case delete = "DELETE"
    case upsert = "UPSERT"
}
