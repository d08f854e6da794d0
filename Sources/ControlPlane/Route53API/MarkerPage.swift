import Route53Model

/// One page of a marker-paged listing (ListHostedZones API-23, ListHealthChecks API-25,
/// ListReusableDelegationSets): `marker` is the ID of the page's first item, and `nextMarker` that of
/// the next page's first item when the listing is truncated.
struct MarkerPage<Item> {
    var items: [Item]
    var nextMarker: String?
    var isTruncated: Bool { nextMarker != nil }

    init(_ all: [Item], marker: String?, limit: Int, id: (Item) -> String?,
         unknownMarker: (String) -> Route53Error) throws(Route53Error) {
        var start = 0
        if let marker {
            guard let index = all.firstIndex(where: { id($0) == marker }) else { throw unknownMarker(marker) }
            start = index
        }
        let end = min(all.count, start + limit)
        items = Array(all[start..<end])
        nextMarker = end < all.count ? id(all[end]) : nil
    }
}
