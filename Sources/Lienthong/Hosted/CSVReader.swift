/// Reads CSV incrementally, as bytes arrive: UTF-8 with or without a byte-order mark; comma, semicolon or tab
/// (chosen from the header line); quoted fields with doubled quotes and line breaks inside; CRLF or LF.
/// Memory holds one record at a time, whatever the file's size.
///
/// ```swift
/// var reader = CSVReader()
/// for chunk in chunks { for record in try reader.feed(chunk) { … } }
/// for record in try reader.finish() { … }
/// ```
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
    private var field: [UInt8] = []
    private var record: [String] = []
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
        var input = Array(bytes)
        if atStart {
            headerProbe += input
            if delimiter == nil {
                // Wait for the whole header line to choose the delimiter.
                guard let end = headerProbe.firstIndex(of: 0x0A) else { return [] }
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
                    output.append(endRecord())
                    pendingCarriageReturn = bytes[end] == 0x0D
                }
                index = end + 1
            }
        }
        return output
    }

    /// Ends the input; returns the last record if the file did not end with a line break.
    public mutating func finish() throws(Failure) -> [[String]] {
        var output: [[String]] = []
        if atStart {
            // The whole input was one line without a line break.
            if delimiter == nil { delimiter = Self.chooseDelimiter(headerProbe[...]) }
            output = try feed([])
        }
        if inQuotes { throw .unterminatedQuote(record: recordsRead + 1) }
        guard !field.isEmpty || !record.isEmpty || quoteSeen else { return output }
        try endField()
        output.append(endRecord())
        return output
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(Failure) {
        guard !range.isEmpty else { return }
        guard field.count + range.count <= Self.maximumFieldBytes else { throw .fieldTooLong(record: recordsRead + 1) }
        field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// Ends the field with the bytes in `range` (straight from the input when nothing of the field came before).
    private mutating func endField(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(Failure) {
        if field.isEmpty, range.count <= Self.maximumFieldBytes {
            end(try text(UnsafeBufferPointer(rebasing: bytes[range])))
        } else {
            try append(bytes, range)
            try endField()
        }
    }

    private mutating func endField() throws(Failure) {
        let cell = try field.withUnsafeBufferPointer { (bytes) throws(Failure) -> String in try self.text(bytes) }
        end(cell)
    }

    private mutating func end(_ text: String) {
        record.append(text)
        field.removeAll(keepingCapacity: true)
        quoteSeen = false
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
        // Most cells are ASCII: checked eight bytes at a time and made a String directly (the generic validating
        // initializer over an array took a tenth of a load).
        let text = ASCIIText.isASCII(bytes) ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        guard let text else { throw .notUTF8(record: recordsRead + 1) }
        guard !bytes.contains(0) else { throw .nulCharacter(record: recordsRead + 1) }
        return text
    }

    private mutating func endRecord() -> [String] {
        defer { record.removeAll(keepingCapacity: true) }
        recordsRead += 1
        return record
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
