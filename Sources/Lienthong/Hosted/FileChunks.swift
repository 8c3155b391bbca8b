import Foundation

/// A file's bytes as an async sequence of chunks read only when asked for, so a load of any size holds one
/// chunk at a time (an `AsyncStream` filled by a loop would read the whole file ahead of the load).
public struct FileChunks: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let handle: FileHandle
    let chunkSize: Int

    /// Opens `path`; nil when it cannot be read.
    public init?(path: String, chunkSize: Int = 1 << 16) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        let chunkSize: Int

        public mutating func next() async throws -> [UInt8]? {
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
                try? handle.close()
                return nil
            }
            return Array(data)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle, chunkSize: chunkSize) }
}
