import Foundation

/// An audit entry as verification reads it in bulk: the stored row packed by the database into one text value, each
/// field written as `length:value` (the length in characters) or a bare `:` for NULL, in the order of
/// `AuditStore.packedColumns`.
/// Reading a page then decodes one value per row instead of fourteen, and the leaf is hashed straight from the bytes.
///
/// Anything unexpected (a field that does not parse, a time not in the stored form) gives nil: the caller then reads
/// the page the ordinary way, which names the failure exactly as before.
public struct AuditPackedEntry: Sendable {
    public let sequence: Int64
    /// The leaf hash computed from the stored fields.
    public let leafHash: Data
    /// Whether it equals the leaf hash stored beside them.
    public let leafMatches: Bool
    /// The chain hash stored beside them.
    public let storedChainHash: Data

    /// Whether the stored chain hash is `SHA-256(previous ‖ leaf)` for the chain hash stored before it (compared
    /// without building a `Data`: it runs for every entry verified).
    public func links(after previous: Data) -> Bool {
        AuditEntry.isChainHash(storedChainHash, previous: previous, leafHash: leafHash)
    }

    /// Parses one packed row and hashes its leaf; `scratch` is reused between rows to build the leaf's bytes.
    public static func parse(_ packed: String, scratch: inout [UInt8]) -> AuditPackedEntry? {
        var packed = packed
        return packed.withUTF8 { utf8 in parse(utf8, scratch: &scratch) }
    }

    static func parse(_ utf8: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> AuditPackedEntry? {
        var reader = Reader(bytes: utf8)
        // seq, recorded_at, actor_kind, actor_id, agency_code, action, resource, dataset_code, purpose, subjects, outcome,
        // request_id, leaf_hash, chain_hash
        guard let sequenceText = reader.field() ?? nil, let sequence = Int64(decimal: sequenceText),
            let timeText = reader.field() ?? nil, let millis = AuditTime.millis(utf8: timeText),
            let kind = reader.field() ?? nil, let actor = reader.field() ?? nil, let agency = reader.field(),
            let action = reader.field() ?? nil, let resource = reader.field(), let dataset = reader.field(), let purpose = reader.field(),
            let subjects = reader.field() ?? nil, let outcome = reader.field() ?? nil, let request = reader.field(),
            let leafText = reader.field() ?? nil, let chainText = reader.field() ?? nil, reader.atEnd,
            let storedChain = Hex.decode(utf8: chainText)
        else { return nil }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(AuditEntry.leafEncodingVersion)
        func put(_ field: UnsafeBufferPointer<UInt8>?) { AuditEntry.appendLeafField(field, to: &scratch) }
        func put(decimal value: Int64) {
            var text = String(value)
            text.withUTF8 { put($0) }
        }
        put(sequenceText)
        put(decimal: millis)
        put(kind)
        put(actor)
        put(agency)
        put(action)
        put(resource)
        put(dataset)
        put(purpose)
        // Subjects are stored space-joined; empty pieces are not subjects (as `AuditStore.stored` splits them).
        let pieces = subjects.split(separator: UInt8(ascii: " "))
        put(decimal: Int64(pieces.count))
        for piece in pieces { put(UnsafeBufferPointer(rebasing: piece)) }
        put(outcome)
        put(request)
        let leaf = MerkleTree.leafHash(bytes: scratch)
        return AuditPackedEntry(sequence: sequence, leafHash: leaf, leafMatches: Hex.matches(leaf, utf8: leafText), storedChainHash: storedChain)
    }

    /// Reads `length:value` fields (the length in Unicode scalars) and a bare `:` for NULL.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        /// The next field: nil when malformed, `.some(nil)` for NULL.
        mutating func field() -> UnsafeBufferPointer<UInt8>?? {
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ":") {
                index += 1
                return .some(nil)
            }
            var count = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), digits < 10 {
                count = count * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
                digits += 1
            }
            guard digits > 0, index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            let start = index
            // Mostly ASCII: `count` bytes with no high bit set are `count` scalars, checked eight bytes at a time.
            if count <= bytes.count - start, ASCIIText.isASCII(UnsafeBufferPointer(rebasing: bytes[start..<start + count])) {
                index = start + count
                return .some(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            var scalars = 0
            while scalars < count {
                guard index < bytes.count else { return nil }
                index += 1
                // Continuation bytes (10xxxxxx) belong to the scalar before.
                while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
                scalars += 1
            }
            return .some(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }
    }
}

extension Int64 {
    /// A decimal integer exactly as `String(value)` writes it: an optional `-`, no `+`, no leading zero but in `0`.
    init?(decimal utf8: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let negative = utf8.first == UInt8(ascii: "-")
        if negative { index = 1 }
        let digits = utf8.count - index
        guard (1...19).contains(digits), !(digits > 1 && utf8[index] == UInt8(ascii: "0")),
            !(negative && digits == 1 && utf8[index] == UInt8(ascii: "0"))
        else { return nil }
        var value: Int64 = 0
        while index < utf8.count {
            let digit = Int64(utf8[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            index += 1
        }
        self = value
    }
}
