import HTTPTypes
import Lienthong
import NIOCore

/// A request body passed on to a service, cut off once it exceeds `limit` bytes (413), so that a caller cannot
/// stream without end through the gateway.
struct LimitedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            seen += buffer.readableBytes
            if seen > limit { throw LimitedBody.tooLarge(limit) }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(.contentTooLarge, type: "body-too-large", title: Messages.bodyTooLarge.format(String(limit)))
    }
}
