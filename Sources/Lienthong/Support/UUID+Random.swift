import Foundation

extension UUID {
    /// A random (version 4) UUID from the system's generator (`getrandom` on Linux). Foundation's `UUID()` opens
    /// `/dev/urandom` for each one there, which perf showed at 2–3% of a request by key; every request gets an id.
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var words = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &words) { bytes in
            bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
            bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
            return UUID(uuid: bytes.load(as: uuid_t.self))
        }
    }
}
