/// Reads CSV incrementally, as bytes arrive: UTF-8 with or without a byte-order mark; comma, semicolon or tab
/// (chosen from the header line); quoted fields with doubled quotes and line breaks inside; CRLF or LF.
/// Memory holds one record at a time, whatever the file's size.
///
/// ```swift
/// var reader = CSVReader()
/// for chunk in chunks { for record in try reader.feed(chunk) { … } }
/// for record in try reader.finish() { … }
/// ```
///
/// A load reads a record's fields as bytes instead (`feed(_:records:)`): no `String` is made for a cell it can read
/// from its bytes.
public struct CSVReader: Sendable {
    /// Why the bytes could not be read as CSV.
    public enum Failure: Error, Sendable, Equatable {
        /// The text is not UTF-8 (Windows-1258 and TCVN3 files are common): the record where it was found.
        case notUTF8(record: Int)
        /// A field is longer than `maximumFieldBytes`.
        case fieldTooLong(record: Int)
        /// The file ended inside a quoted field.
        case unterminatedQuote(record: Int)
        /// A field holds a NUL character (U+0000), which no text may hold.
        case nulCharacter(record: Int)
    }

    public static let maximumFieldBytes = 1 << 20

    public private(set) var delimiter: UInt8?
    /// The bytes of the record being read, its fields one after another (quotes removed, doubled quotes undone).
    private var recordBytes: [UInt8] = []
    /// Where each finished field of the record starts and ends in `recordBytes`.
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []
    private var inQuotes = false
    private var quoteSeen = false
    private var atStart = true
    private var pendingCarriageReturn = false
    private var headerProbe: [UInt8] = []
    /// Records completed so far (1 = the header).
    public private(set) var recordsRead = 0

    public init(delimiter: UInt8? = nil) {
        self.delimiter = delimiter
    }

    /// Feeds the next bytes; returns the records they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [[String]] {
        var output: [[String]] = []
        try feed(bytes) { output.append($0.texts) }
        return output
    }

    /// Feeds the next bytes, calling `body` with each record they complete, as bytes valid only during the call.
    public mutating func feed(_ bytes: some Sequence<UInt8>, records body: (CSVRow) -> Void) throws(Failure) {
        var input = Array(bytes)
        if atStart {
            headerProbe += input
            if delimiter == nil {
                // Wait for the whole header line to choose the delimiter.
                guard let end = headerProbe.firstIndex(of: 0x0A) else { return }
                delimiter = Self.chooseDelimiter(headerProbe[..<end])
            }
            input = headerProbe
            headerProbe = []
            if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }
            atStart = false
        }
        let separator = delimiter ?? UInt8(ascii: ",")
        let quote = UInt8(ascii: "\"")
        // Runs of plain bytes are found by a scan and taken whole; only quotes, separators and line breaks are
        // looked at one by one.
        try input.withUnsafeBufferPointer { (bytes) throws(Failure) in
            var index = 0
            while index < bytes.count {
                if pendingCarriageReturn {
                    pendingCarriageReturn = false
                    if bytes[index] == 0x0A {
                        index += 1
                        continue
                    }
                }
                var end = index
                if inQuotes {
                    while end < bytes.count, bytes[end] != quote { end += 1 }
                    try append(bytes, index..<end)
                    if end < bytes.count {
                        inQuotes = false
                        quoteSeen = true
                    }
                    index = end + 1
                    continue
                }
                while end < bytes.count {
                    let byte = bytes[end]
                    if byte == quote || byte == separator || byte == 0x0A || byte == 0x0D { break }
                    end += 1
                }
                guard end < bytes.count else {
                    try append(bytes, index..<end)
                    break
                }
                switch bytes[end] {
                case quote:
                    try append(bytes, index..<end)
                    if quoteSeen { try append(bytes, end..<end + 1) }  // a doubled quote inside a quoted field
                    inQuotes = true
                case separator:
                    try endField(bytes, index..<end)
                default:
                    try endField(bytes, index..<end)
                    endRecord(body)
                    pendingCarriageReturn = bytes[end] == 0x0D
                }
                index = end + 1
            }
        }
    }

    /// Ends the input; returns the last record if the file did not end with a line break.
    public mutating func finish() throws(Failure) -> [[String]] {
        var output: [[String]] = []
        try finish { output.append($0.texts) }
        return output
    }

    /// Ends the input, calling `body` with the last record if the file did not end with a line break.
    public mutating func finish(records body: (CSVRow) -> Void) throws(Failure) {
        if atStart {
            // The whole input was one line without a line break.
            if delimiter == nil { delimiter = Self.chooseDelimiter(headerProbe[...]) }
            try feed([], records: body)
        }
        if inQuotes { throw .unterminatedQuote(record: recordsRead + 1) }
        guard recordBytes.count > fieldStart || !fieldEnds.isEmpty || quoteSeen else { return }
        try endField()
        endRecord(body)
    }

    /// Where the field being read starts in `recordBytes`.
    private var fieldStart: Int { fieldEnds.last ?? 0 }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(Failure) {
        guard !range.isEmpty else { return }
        guard recordBytes.count - fieldStart + range.count <= Self.maximumFieldBytes else { throw .fieldTooLong(record: recordsRead + 1) }
        recordBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// Ends the field with the bytes in `range` added.
    private mutating func endField(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(Failure) {
        try append(bytes, range)
        try endField()
    }

    /// Ends the field: its bytes must be UTF-8 without NUL.
    private mutating func endField() throws(Failure) {
        let (start, record) = (fieldStart, recordsRead + 1)
        try recordBytes.withUnsafeBufferPointer { (bytes) throws(Failure) in
            try Self.check(UnsafeBufferPointer(rebasing: bytes[start...]), record: record)
        }
        fieldStarts.append(start)
        fieldEnds.append(recordBytes.count)
        quoteSeen = false
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>, record: Int) throws(Failure) {
        // Most cells are ASCII, checked eight bytes at a time; the rest are validated without making a String.
        if !ASCIIText.isASCII(bytes) {
            let valid: Bool
            if #available(macOS 26, *) {
                valid = (try? UTF8Span(validating: bytes.span)) != nil
            } else {
                valid = String(validating: bytes, as: UTF8.self) != nil
            }
            guard valid else { throw .notUTF8(record: record) }
        }
        guard !bytes.contains(0) else { throw .nulCharacter(record: record) }
    }

    private mutating func endRecord(_ body: (CSVRow) -> Void) {
        recordsRead += 1
        recordBytes.withUnsafeBufferPointer { bytes in
            fieldStarts.withUnsafeBufferPointer { starts in
                fieldEnds.withUnsafeBufferPointer { ends in
                    // A record has a field at least, so both lists have storage; the bytes may have none (empty fields).
                    let (starts, ends) = (UnsafeMutablePointer(mutating: starts.baseAddress!), UnsafeMutablePointer(mutating: ends.baseAddress!))
                    if let base = bytes.baseAddress {
                        body(CSVRow(base: base, starts: starts, ends: ends, count: fieldEnds.count))
                    } else {
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
                            body(CSVRow(base: UnsafePointer(empty.baseAddress!), starts: starts, ends: ends, count: fieldEnds.count))
                        }
                    }
                }
            }
        }
        recordBytes.removeAll(keepingCapacity: true)
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }

    /// The delimiter that appears most often outside quotes in the header line: `,`, `;` or tab.
    static func chooseDelimiter(_ line: ArraySlice<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var quoted = false
        for byte in line {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, counts[byte] != nil { counts[byte, default: 0] += 1 }
        }
        let best = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
        return (best?.value ?? 0) > 0 ? best!.key : UInt8(ascii: ",")
    }
}
