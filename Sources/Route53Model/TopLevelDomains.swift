/// Names Route 53 refuses as hosted zones because they are top-level domains (HZ-12: "Cannot be a
/// TLD"). Every country-code TLD (the ISO 3166 codes plus `uk`, `eu`, `ac`, `su`, …), the legacy
/// generic TLDs and the most used new ones. A single label outside this list (`db.`, `lab.`,
/// `corp.`) is accepted — a lab decision [L]: such zones are common in labs, and Route 53's
/// own rule is about delegated TLDs.
public enum TopLevelDomains {
    public static let generic: Set<String> = [
        "com", "net", "org", "edu", "gov", "mil", "int", "arpa", "info", "biz", "name", "pro", "aero", "coop",
        "museum", "mobi", "asia", "tel", "travel", "jobs", "cat", "post", "xxx",
        "app", "dev", "io", "ai", "cloud", "online", "site", "shop", "store", "xyz", "top", "tech", "blog", "page",
        "live", "news", "club", "digital", "email", "link", "website", "space", "solutions", "services", "network",
        "systems", "company", "agency", "global", "world", "today", "zone", "aws", "amazon", "google",
        // Special-use TLDs (RFC 2606, RFC 6761, RFC 7686).
        "test", "example", "invalid", "localhost", "local", "onion",
    ]

    /// Country-code TLDs that are not ISO 3166-1 alpha-2 codes.
    public static let extraCountryCodes: Set<String> = ["uk", "eu", "ac", "su", "tp", "yu"]

    /// True when `label` (lower case, one label) is a top-level domain.
    public static func contains(_ label: String) -> Bool {
        let lower = label.lowercased()
        return generic.contains(lower) || extraCountryCodes.contains(lower)
            || GeoLocation.countryCodes.contains(lower.uppercased())
    }
}
