/// A set of small non-negative integers (the catalog index's dataset numbers) as a bit array: an intersection,
/// a union or a count costs one machine word per 64 possible members, whatever the sets hold.
struct OrdinalSet: Sendable, Equatable {
    private(set) var words: [UInt64]
    /// Ordinals run from 0 to `capacity - 1`.
    let capacity: Int

    /// The empty set, or every ordinal below `capacity` when `full`.
    init(capacity: Int, full: Bool = false) {
        self.capacity = capacity
        words = Array(repeating: full ? ~0 : 0, count: (capacity + 63) / 64)
        if full, capacity % 64 != 0 { words[words.count - 1] = (1 << UInt64(capacity % 64)) - 1 }
    }

    mutating func insert(_ ordinal: Int) {
        words[ordinal >> 6] |= 1 << UInt64(ordinal & 63)
    }

    func contains(_ ordinal: Int) -> Bool {
        words[ordinal >> 6] & (1 << UInt64(ordinal & 63)) != 0
    }

    mutating func formIntersection(_ other: OrdinalSet) {
        for index in words.indices { words[index] &= other.words[index] }
    }

    mutating func formUnion(_ other: OrdinalSet) {
        for index in words.indices { words[index] |= other.words[index] }
    }

    mutating func subtract(_ other: OrdinalSet) {
        for index in words.indices { words[index] &= ~other.words[index] }
    }

    /// How many members this set and `other` have in common, without building their intersection.
    func intersectionCount(_ other: OrdinalSet) -> Int {
        var count = 0
        for index in words.indices { count += (words[index] & other.words[index]).nonzeroBitCount }
        return count
    }

    /// How many members the set has.
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
}

extension OrdinalSet: Sequence {
    /// The members in increasing order.
    struct Iterator: IteratorProtocol {
        let words: [UInt64]
        var index: Int
        var rest: UInt64

        mutating func next() -> Int? {
            while rest == 0 {
                index += 1
                guard index < words.count else { return nil }
                rest = words[index]
            }
            let bit = rest.trailingZeroBitCount
            rest &= rest - 1
            return (index << 6) + bit
        }
    }

    func makeIterator() -> Iterator {
        Iterator(words: words, index: 0, rest: words.first ?? 0)
    }
}
