/// Up to eight values stored inline: the routing policies return at most eight record sets
/// (multivalue answer, RP-06), so selections never need a heap allocation.
struct InlineList8<Element: Sendable>: Sendable {
    static var capacity: Int { 8 }

    private var storage: (Element, Element, Element, Element, Element, Element, Element, Element)
    private(set) var count = 0

    init(filler: Element) {
        storage = (filler, filler, filler, filler, filler, filler, filler, filler)
    }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == Self.capacity }

    /// Appends `element`; false (and nothing stored) when the list is full.
    @discardableResult
    mutating func append(_ element: Element) -> Bool {
        guard count < Self.capacity else { return false }
        self[count] = element
        count += 1
        return true
    }

    subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < Self.capacity)
            switch position {
            case 0: return storage.0
            case 1: return storage.1
            case 2: return storage.2
            case 3: return storage.3
            case 4: return storage.4
            case 5: return storage.5
            case 6: return storage.6
            default: return storage.7
            }
        }
        set {
            precondition(position >= 0 && position < Self.capacity)
            switch position {
            case 0: storage.0 = newValue
            case 1: storage.1 = newValue
            case 2: storage.2 = newValue
            case 3: storage.3 = newValue
            case 4: storage.4 = newValue
            case 5: storage.5 = newValue
            case 6: storage.6 = newValue
            default: storage.7 = newValue
            }
        }
    }

    mutating func swapAt(_ first: Int, _ second: Int) {
        guard first != second else { return }
        let value = self[first]
        self[first] = self[second]
        self[second] = value
    }
}
