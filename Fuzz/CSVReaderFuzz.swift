// libFuzzer target for the CSV reader (scripts/fuzz-parsers builds it with `swiftc -sanitize=fuzzer`): any bytes,
// fed in chunks of any size, must give records or a named failure, never a crash, and the same records whatever
// the chunking.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    func read(chunk: Int) -> Result<[[String]], CSVReader.Failure> {
        var reader = CSVReader()
        var records: [[String]] = []
        do throws(CSVReader.Failure) {
            var index = 0
            while index < bytes.count {
                records += try reader.feed(bytes[index..<min(index + chunk, bytes.count)])
                index += chunk
            }
            records += try reader.finish()
            return .success(records)
        } catch {
            return .failure(error)
        }
    }
    let whole = read(chunk: max(bytes.count, 1))
    let split = read(chunk: 1 + (bytes.first.map(Int.init) ?? 0) % 7)
    switch (whole, split) {
    case (.success(let a), .success(let b)): precondition(a == b, "chunking changed the records")
    case (.failure, .failure): break
    default: preconditionFailure("chunking changed whether the file reads")
    }
    return 0
}
