import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV file as fast as the disk gives it, without making a text per cell: the quality checker's reader.
/// The same dialect as `CSVReader` (UTF-8 with or without a byte-order mark; comma, semicolon or tab chosen from
/// the header; quoted fields with doubled quotes and line breaks inside; CRLF or LF), but it hands out byte ranges
/// of a reused buffer and unescapes quoted fields in place. Memory holds one block (4 MiB, more only for a record
/// longer than that).
public struct CSVScanner {
    /// Why the file could not be read.
    public enum Failure: Error, Sendable, Equatable {
        case cannotOpen(path: String, code: Int32)
        case notUTF8(record: Int)
        case unterminatedQuote(record: Int)
        case recordTooLong(record: Int)
    }

    public static let blockSize = 4 << 20
    /// A record longer than this is refused (a file without line breaks is not CSV).
    public static let maximumRecordBytes = 64 << 20

    /// Reads the file at `path`, calling `body` with the header (record 1) and then each record that is not blank,
    /// with its record number (the header is 1).
    public static func scan(path: String, _ body: (Int, CSVRow) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure.cannotOpen(path: path, code: errno) }
        defer { close(descriptor) }
        var scanner = CSVScanner()
        try scanner.run(
            read: { buffer in
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                guard count >= 0 else { throw Failure.cannotOpen(path: path, code: errno) }
                return count
            }, body)
    }

    /// Reads the records of bytes `range` of the file, which has no header there (the part of a file a second
    /// core checks): `body` gets record numbers counted from 1 at the range's start. Returns how many records
    /// (blank ones included) the range held. Throws `unterminatedQuote` when the range ends inside a quoted field.
    @discardableResult
    public static func scan(path: String, range: Range<Int>, delimiter: UInt8, _ body: (Int, CSVRow) throws -> Void) throws -> Int {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure.cannotOpen(path: path, code: errno) }
        defer { close(descriptor) }
        var scanner = CSVScanner()
        scanner.delimiter = delimiter
        scanner.hasHeader = false
        var offset = range.lowerBound
        try scanner.run(
            read: { buffer in
                let wanted = min(buffer.count, range.upperBound - offset)
                guard wanted > 0 else { return 0 }
                let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
                guard count >= 0 else { throw Failure.cannotOpen(path: path, code: errno) }
                offset += count
                return count
            }, body)
        return scanner.record
    }

    /// The header's field names, its delimiter, and where the first data record starts; nil when the header
    /// line holds a quote (the caller then reads the file in one piece).
    public static func header(path: String) throws -> (names: [String], delimiter: UInt8, end: Int, bytesPerRecord: Int)? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure.cannotOpen(path: path, code: errno) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let line = bytes[..<count]
        guard let newline = line.firstIndex(of: 0x0A), !line[..<newline].contains(UInt8(ascii: "\"")) else { return nil }
        var start = 0
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var text = line[start..<newline]
        if text.last == 0x0D { text = text.dropLast() }
        let delimiter = CSVReader.chooseDelimiter(ArraySlice(text))
        let names = text.split(separator: delimiter, omittingEmptySubsequences: false).map { name in
            Array(name).withUnsafeBufferPointer { String(decoding: ByteValues.trimmed($0), as: UTF8.self) }
        }
        let lines = line[(newline + 1)...].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        return (names, delimiter, newline + 1, lines > 0 ? (count - newline - 1) / lines : 100)
    }

    /// Where to cut bytes `range` of the file near its middle so that both parts hold whole records: after a line
    /// break outside quotes (counted by the quotes before it: a doubled quote counts twice). nil when there is none.
    public static func split(path: String, range: Range<Int>) throws -> Int? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure.cannotOpen(path: path, code: errno) }
        defer { close(descriptor) }
        let middle = range.lowerBound + range.count / 2
        var quotes = 0
        var offset = range.lowerBound
        let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: blockSize)
        defer { block.deallocate() }
        while offset < range.upperBound {
            let count = pread(descriptor, block.baseAddress, min(block.count, range.upperBound - offset), off_t(offset))
            guard count > 0 else { return nil }
            var index = 0
            if offset < middle {
                // Before the middle only the quotes matter: memchr finds them (usually none) at memory speed.
                let end = min(count, middle - offset)
                var at = block.baseAddress!
                let stop = block.baseAddress! + end
                while at < stop, let found = memchr(at, Int32(UInt8(ascii: "\"")), stop - at) {
                    quotes += 1
                    at = found.assumingMemoryBound(to: UInt8.self) + 1
                }
                index = end
            }
            for index in index..<count {
                let byte = block[index]
                if byte == UInt8(ascii: "\"") {
                    quotes += 1
                } else if byte == 0x0A, offset + index >= middle, quotes % 2 == 0 {
                    let cut = offset + index + 1
                    return cut < range.upperBound ? cut : nil
                }
            }
            offset += count
        }
        return nil
    }

    /// Reads `bytes` as a CSV file (tests and small inputs).
    public static func scan(bytes: [UInt8], _ body: (Int, CSVRow) throws -> Void) throws {
        var offset = 0
        var scanner = CSVScanner()
        try scanner.run(
            read: { buffer in
                let count = min(buffer.count, bytes.count - offset)
                bytes.withUnsafeBufferPointer { source in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[..<count]).initialize(from: source[offset..<(offset + count)])
                }
                offset += count
                return count
            }, body)
    }

    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var starts: UnsafeMutableBufferPointer<Int>
    private var ends: UnsafeMutableBufferPointer<Int>
    /// For a quoted field of the record being read, where its closing quote is; -1 for an unquoted one.
    private var closings: UnsafeMutableBufferPointer<Int>
    private var delimiter: UInt8 = UInt8(ascii: ",")
    private var record = 0
    /// Whether the first record is the header (its delimiter and byte-order mark are looked at).
    private var hasHeader = true

    private init() {
        buffer = .allocate(capacity: Self.blockSize)
        starts = .allocate(capacity: 64)
        ends = .allocate(capacity: 64)
        closings = .allocate(capacity: 64)
    }

    private mutating func release() {
        buffer.deallocate()
        starts.deallocate()
        ends.deallocate()
        closings.deallocate()
    }

    private mutating func run(read: (UnsafeMutableBufferPointer<UInt8>) throws -> Int, _ body: (Int, CSVRow) throws -> Void) throws {
        defer { release() }
        var filled = 0
        var atEnd = false
        var first = true
        while true {
            if !atEnd {
                if filled == buffer.count {
                    guard buffer.count < Self.maximumRecordBytes else { throw Failure.recordTooLong(record: record + 1) }
                    let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                    _ = larger.initialize(fromContentsOf: buffer)
                    buffer.deallocate()
                    buffer = larger
                }
                let count = try read(UnsafeMutableBufferPointer(rebasing: buffer[filled...]))
                if count == 0 { atEnd = true }
                filled += count
                if count > 0, !atEnd, filled < buffer.count { continue }  // fill the block before scanning it
            }
            var position = 0
            if first, !hasHeader {
                first = false
            } else if first {
                guard atEnd || buffer[..<filled].contains(0x0A) else { continue }
                first = false
                if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
                let lineEnd = buffer[position..<filled].firstIndex(of: 0x0A) ?? filled
                delimiter = CSVReader.chooseDelimiter(ArraySlice(buffer[position..<lineEnd]))
            }
            let consumed = try scanRecords(from: position, to: filled, atEnd: atEnd, body)
            if atEnd {
                return
            }
            // Keep the unfinished record for the next block.
            let rest = filled - consumed
            if rest > 0, consumed > 0 {
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: buffer.baseAddress! + consumed, byteCount: rest)
            }
            filled = rest
        }
    }

    /// Checks that a record's bytes are UTF-8, eight ASCII bytes at a time.
    private static func validateUTF8(_ bytes: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, record: Int) throws {
        var index = start
        while index < end {
            if index + 8 <= end {
                let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: throw Failure.notUTF8(record: record)
            }
            guard index + length <= end, bytes[index + 1] >= lower, bytes[index + 1] <= upper else { throw Failure.notUTF8(record: record) }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { throw Failure.notUTF8(record: record) }
            index += length
        }
    }

    /// Calls `body` for each whole record in `from..<to`; returns where the first unfinished record starts.
    /// A record is first delimited without changing a byte (so an unfinished one can be read again from the next
    /// block), then its quoted fields are unescaped in place.
    private mutating func scanRecords(from: Int, to end: Int, atEnd: Bool, _ body: (Int, CSVRow) throws -> Void) throws -> Int {
        let bytes = buffer.baseAddress!
        let separator = delimiter
        var position = from
        while position < end {
            let recordStart = position
            var fieldCount = 0
            var at = position
            var quoted = false
            while true {
                if fieldCount == starts.count { growFields() }
                if at < end, bytes[at] == UInt8(ascii: "\"") {
                    let opening = at
                    // A quoted field: find its closing quote (a doubled quote is a quote inside).
                    var read = at + 1
                    var closing = -1
                    while read < end {
                        if bytes[read] == UInt8(ascii: "\"") {
                            if read + 1 < end, bytes[read + 1] == UInt8(ascii: "\"") {
                                read += 2
                                continue
                            }
                            if read + 1 == end, !atEnd { break }  // a doubled quote may go on in the next block
                            closing = read
                            break
                        }
                        read += 1
                    }
                    guard closing >= 0 else {
                        if atEnd { throw Failure.unterminatedQuote(record: record + 1) }
                        return recordStart
                    }
                    // Text after the closing quote, up to the separator, is kept as part of the field.
                    at = closing + 1
                    while at < end, bytes[at] != separator, bytes[at] != 0x0A, bytes[at] != 0x0D { at += 1 }
                    starts[fieldCount] = opening
                    ends[fieldCount] = at
                    closings[fieldCount] = closing
                    quoted = true
                } else {
                    let start = at
                    while at < end {
                        let byte = bytes[at]
                        if byte == separator || byte == 0x0A || byte == 0x0D { break }
                        at += 1
                    }
                    starts[fieldCount] = start
                    ends[fieldCount] = at
                    closings[fieldCount] = -1
                }
                fieldCount += 1
                if at >= end {
                    guard atEnd else { return recordStart }
                    break
                }
                let byte = bytes[at]
                at += 1
                if byte == separator { continue }
                if byte == 0x0D {
                    if at < end, bytes[at] == 0x0A {
                        at += 1
                    } else if at == end, !atEnd {
                        return recordStart  // the LF of a CRLF may be in the next block
                    }
                }
                break
            }
            try Self.validateUTF8(bytes, from: recordStart, to: at, record: record + 1)
            if quoted { unescape(fieldCount, bytes: bytes) }
            position = at
            record += 1
            let row = CSVRow(base: UnsafePointer(bytes), starts: starts.baseAddress!, ends: ends.baseAddress!, count: fieldCount)
            if (record == 1 && hasHeader) || !row.isBlank {
                try body(record, row)
            }
        }
        return position
    }

    /// Turns each quoted field of the record into its text, in place: the opening quote's byte onwards receives
    /// the content with doubled quotes undone, then whatever followed the closing quote.
    private func unescape(_ fieldCount: Int, bytes: UnsafeMutablePointer<UInt8>) {
        for index in 0..<fieldCount where closings[index] >= 0 {
            let closing = closings[index]
            let rawEnd = ends[index]
            let opening = starts[index]
            var write = opening
            var read = opening + 1
            while read < closing {
                let byte = bytes[read]
                bytes[write] = byte
                write += 1
                read += byte == UInt8(ascii: "\"") ? 2 : 1
            }
            read = closing + 1
            while read < rawEnd {
                bytes[write] = bytes[read]
                write += 1
                read += 1
            }
            starts[index] = opening
            ends[index] = write
        }
    }

    private mutating func growFields() {
        starts = Self.doubled(starts)
        ends = Self.doubled(ends)
        closings = Self.doubled(closings)
    }

    private static func doubled(_ old: UnsafeMutableBufferPointer<Int>) -> UnsafeMutableBufferPointer<Int> {
        let larger = UnsafeMutableBufferPointer<Int>.allocate(capacity: old.count * 2)
        _ = larger.initialize(fromContentsOf: old)
        old.deallocate()
        return larger
    }
}
