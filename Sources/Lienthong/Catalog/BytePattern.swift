/// A Table Schema pattern (XML Schema style: the whole value must match) compiled to a matcher over ASCII bytes,
/// for the patterns data stewards write for codes (`[0-9]{12}`, `0[35789][0-9]{8}`, `[A-Z]{2}-\d{4}`, `01|02`):
/// literals, `.`, classes with ranges and negation, `\d`, `\s`, `\w`, escaped symbols, the quantifiers `?`, `*`,
/// `+`, `{n}`, `{n,}`, `{n,m}`, and `|` between whole alternatives. A pattern with anything else (groups,
/// non-ASCII text) gives nil: the caller falls back to the regular-expression engine, which also takes values
/// that are not ASCII.
public struct BytePattern: Sendable {
    private struct Item: Sendable {
        /// Which bytes this item accepts.
        var accepts: [Bool]
        var minimum: Int
        var maximum: Int
    }

    private let alternatives: [[Item]]

    public init?(_ pattern: String) {
        var alternatives: [[Item]] = []
        for branch in pattern.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false) {
            guard let items = Self.compile(Array(branch)) else { return nil }
            alternatives.append(items)
        }
        self.alternatives = alternatives
    }

    /// Whether all of `bytes` (ASCII) matches.
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for items in alternatives where Self.match(items, 0, bytes, 0) { return true }
        return false
    }

    private static func match(_ items: [Item], _ itemIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        guard itemIndex < items.count else { return position == bytes.count }
        let item = items[itemIndex]
        var count = 0
        // Greedy, then give back one at a time.
        while count < item.maximum, position + count < bytes.count, item.accepts[Int(bytes[position + count])] { count += 1 }
        guard count >= item.minimum else { return false }
        if itemIndex == items.count - 1 { return position + count == bytes.count }
        while count >= item.minimum {
            if match(items, itemIndex + 1, bytes, position + count) { return true }
            count -= 1
        }
        return false
    }

    private static func compile(_ pattern: [UInt8]) -> [Item]? {
        var items: [Item] = []
        var index = 0
        while index < pattern.count {
            let byte = pattern[index]
            guard byte < 0x80 else { return nil }
            var accepts = [Bool](repeating: false, count: 256)
            switch byte {
            case UInt8(ascii: "["):
                index += 1
                var negated = false
                if index < pattern.count, pattern[index] == UInt8(ascii: "^") {
                    negated = true
                    index += 1
                }
                var first = true
                while index < pattern.count, pattern[index] != UInt8(ascii: "]") || first {
                    first = false
                    var low = pattern[index]
                    guard low < 0x80, low != UInt8(ascii: "[") else { return nil }
                    if low == UInt8(ascii: "\\") {
                        guard index + 1 < pattern.count, let set = escape(pattern[index + 1]) else { return nil }
                        index += 2
                        if set.count > 1 {
                            for value in set { accepts[Int(value)] = true }
                            continue
                        }
                        low = set[0]
                    } else {
                        index += 1
                    }
                    if index + 1 < pattern.count, pattern[index] == UInt8(ascii: "-"), pattern[index + 1] != UInt8(ascii: "]") {
                        let high = pattern[index + 1]
                        guard high < 0x80, high >= low, high != UInt8(ascii: "\\") else { return nil }
                        for value in low...high { accepts[Int(value)] = true }
                        index += 2
                    } else {
                        accepts[Int(low)] = true
                    }
                }
                guard index < pattern.count else { return nil }
                index += 1
                if negated { accepts = accepts.enumerated().map { $0.offset < 0x80 && !$0.element } }
            case UInt8(ascii: "\\"):
                guard index + 1 < pattern.count, let set = escape(pattern[index + 1]) else { return nil }
                for value in set { accepts[Int(value)] = true }
                index += 2
            case UInt8(ascii: "."):
                for value in 0..<0x80 where value != 0x0A && value != 0x0D { accepts[value] = true }
                index += 1
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "?"), UInt8(ascii: "*"),
                UInt8(ascii: "+"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "]"):
                return nil
            default:
                accepts[Int(byte)] = true
                index += 1
            }
            var minimum = 1
            var maximum = 1
            if index < pattern.count {
                switch pattern[index] {
                case UInt8(ascii: "?"):
                    (minimum, maximum) = (0, 1)
                    index += 1
                case UInt8(ascii: "*"):
                    (minimum, maximum) = (0, .max)
                    index += 1
                case UInt8(ascii: "+"):
                    (minimum, maximum) = (1, .max)
                    index += 1
                case UInt8(ascii: "{"):
                    guard let close = pattern[index...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
                    let bounds = String(decoding: pattern[(index + 1)..<close], as: UTF8.self).split(
                        separator: ",", omittingEmptySubsequences: false)
                    guard let low = Int(bounds[0]), bounds.count <= 2 else { return nil }
                    minimum = low
                    maximum = bounds.count == 1 ? low : (bounds[1].isEmpty ? .max : (Int(bounds[1]) ?? -1))
                    guard maximum >= minimum else { return nil }
                    index = close + 1
                default: break
                }
                if index < pattern.count, [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{")].contains(pattern[index]) {
                    return nil
                }
            }
            items.append(Item(accepts: accepts, minimum: minimum, maximum: maximum))
        }
        return items
    }

    /// The bytes an escape stands for: `\d` digits, `\s` white space, `\w` ASCII word characters, `\.` and the
    /// like the symbol itself; nil for what needs the full engine (`\p{…}`, `\D`, back-references).
    private static func escape(_ byte: UInt8) -> [UInt8]? {
        switch byte {
        case UInt8(ascii: "d"): return Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
        case UInt8(ascii: "s"): return [0x20, 0x09, 0x0A, 0x0D]
        case UInt8(ascii: "w"):
            return Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
                + Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + [UInt8(ascii: "_")]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        default:
            let symbols = Array(".-+*?()[]{}|\\^$/,:#&~=!<>\"'%@ ".utf8)
            return symbols.contains(byte) ? [byte] : nil
        }
    }
}
