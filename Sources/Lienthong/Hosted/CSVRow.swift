/// One CSV record as byte ranges of a reader's buffer (`CSVScanner`'s or `CSVReader`'s), valid only inside the
/// callback it is handed to.
public struct CSVRow {
    let base: UnsafePointer<UInt8>
    let starts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<Int>
    /// How many fields the record has.
    public let count: Int

    /// The bytes of field `index` (quotes removed, doubled quotes undone); empty past the last field.
    @inline(__always)
    public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index < count else { return UnsafeBufferPointer(start: base, count: 0) }
        return UnsafeBufferPointer(start: base + starts[index], count: ends[index] - starts[index])
    }

    /// Field `index` as text.
    public func text(_ index: Int) -> String { String(decoding: self[index], as: UTF8.self) }

    /// Every field as text.
    public var texts: [String] { (0..<count).map(text) }

    /// Whether every field is empty (a blank line).
    public var isBlank: Bool {
        for index in 0..<count where ends[index] > starts[index] { return false }
        return true
    }
}
