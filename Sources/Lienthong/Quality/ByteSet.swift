/// A set of short texts looked up by their bytes without making a `String`: texts of up to 7 bytes are packed
/// into one integer (the common case: ward, province and enum codes), longer ones kept as text.
public struct ByteSet: Sendable {
    private var packed: [UInt64: Int] = [:]
    private var texts: [String: Int] = [:]
    /// The members in the order they were added.
    public private(set) var members: [String] = []

    public init(_ values: some Sequence<String>) {
        for value in values { insert(value) }
    }

    /// Adds `value` (once).
    public mutating func insert(_ value: String) {
        guard index(ofText: value) == nil else { return }
        var copy = value
        let key = copy.withUTF8 { Self.pack($0) }
        if let key { packed[key] = members.count } else { texts[value] = members.count }
        members.append(value)
    }

    public var count: Int { members.count }

    /// Whether the bytes are one of the members.
    @inline(__always)
    public func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { index(of: bytes) != nil }

    /// The member's position in `members`, or nil.
    @inline(__always)
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if let key = Self.pack(bytes) { return packed[key] }
        return texts[String(decoding: bytes, as: UTF8.self)]
    }

    func index(ofText text: String) -> Int? {
        var copy = text
        return copy.withUTF8 { index(of: $0) }
    }

    /// The bytes and their count in one integer, when there are at most 7.
    @inline(__always)
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count <= 7 else { return nil }
        var key = UInt64(bytes.count) << 56
        for index in 0..<bytes.count { key |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        return key
    }
}
