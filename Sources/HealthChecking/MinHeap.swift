/// A binary min-heap: O(log n) insert and pop, O(1) peek. The scheduler keeps one entry per
/// waiting checker here so that choosing the next probe stays cheap with thousands of checkers.
struct MinHeap<Element: Comparable & Sendable>: Sendable {
    private var storage: [Element] = []

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }
    var min: Element? { storage.first }

    mutating func insert(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func popMin() -> Element? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let smallest = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var candidate = parent
            if left < storage.count, storage[left] < storage[candidate] { candidate = left }
            if right < storage.count, storage[right] < storage[candidate] { candidate = right }
            if candidate == parent { break }
            storage.swapAt(parent, candidate)
            parent = candidate
        }
        return smallest
    }

    /// Drops every element matching `predicate` (O(n) rebuild; used when checks are removed).
    mutating func removeAll(where predicate: (Element) -> Bool) {
        let kept = storage.filter { !predicate($0) }
        storage = []
        for element in kept { insert(element) }
    }
}
