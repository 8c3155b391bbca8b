/// The Vietnamese identifier rules (`../shared/reference/vn_id_rules.json`) on a cell's bytes.
struct VietnameseCodes: Sendable {
    let citizenIDProvinces: ByteSet
    let mobilePrefixes: ByteSet
    let wards: ByteSet
    let provinces: ByteSet
    let legacyWards: [String: [String]]
    let legacyProvinces: [String: [String]]
    /// The latest birth year a citizen ID may carry (the run's year).
    let latestBirthYear: Int

    init(reference: VietnameseReference, asOfYear: Int) {
        citizenIDProvinces = ByteSet(reference.citizenIDProvinces.sorted())
        mobilePrefixes = ByteSet(reference.mobilePrefixes.sorted())
        wards = ByteSet(reference.wards.keys.sorted())
        provinces = ByteSet(reference.provinces.keys.sorted())
        legacyWards = reference.legacyWards
        legacyProvinces = reference.legacyProvinces
        latestBirthYear = asOfYear
    }

    /// The birth year a citizen ID carries (century from the century/sex digit, then the two year digits), or nil
    /// when it is not 12 digits with a known birth-province code and a year not after the run's.
    func citizenIDBirthYear(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 12, ByteValues.allDigits(bytes),
            citizenIDProvinces.contains(UnsafeBufferPointer(rebasing: bytes[0..<3])),
            let centuryDigit = ByteValues.digits(bytes, 3, 1), let year = ByteValues.digits(bytes, 4, 2)
        else { return nil }
        let birthYear = 1900 + 100 * (centuryDigit / 2) + year
        return birthYear <= latestBirthYear ? birthYear : nil
    }

    /// A tax code: 10 digits whose last is the check digit of Circular 105/2020, optionally followed by a branch
    /// number 001–999 (with or without `-`).
    static func isTaxCode(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count == 10 || count == 13 || (count == 14 && bytes[10] == UInt8(ascii: "-")) else { return false }
        let head = UnsafeBufferPointer(rebasing: bytes[0..<10])
        guard ByteValues.allDigits(head) else { return false }
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        var sum = 0
        for index in 0..<9 { sum += Int(bytes[index] - 48) * weights[index] }
        let remainder = sum % 11
        guard remainder != 0, 10 - remainder == Int(bytes[9] - 48) else { return false }
        if count == 10 { return true }
        let branch = UnsafeBufferPointer(rebasing: bytes[(count - 3)...])
        guard ByteValues.allDigits(branch), let number = ByteValues.digits(branch, 0, 3) else { return false }
        return number >= 1
    }

    /// How a mobile number reads.
    enum Mobile {
        /// `0` and nine digits with a known prefix.
        case national
        /// The same number written `+84…` or `84…`: right, but not in the form the city's systems agree on.
        case international
        case wrong
    }

    func mobile(_ bytes: UnsafeBufferPointer<UInt8>) -> Mobile {
        if bytes.count == 10, ByteValues.allDigits(bytes), mobilePrefixes.contains(UnsafeBufferPointer(rebasing: bytes[0..<3])) {
            return .national
        }
        // "84" + nine digits, with or without "+": the national prefix is "0" and the first two of the nine.
        let plus = bytes.count == 12 && bytes[0] == UInt8(ascii: "+") ? 1 : 0
        guard bytes.count - plus == 11, bytes[plus] == UInt8(ascii: "8"), bytes[plus + 1] == UInt8(ascii: "4") else { return .wrong }
        let nine = UnsafeBufferPointer(rebasing: bytes[(plus + 2)...])
        guard ByteValues.allDigits(nine) else { return .wrong }
        let prefix: [UInt8] = [UInt8(ascii: "0"), nine[0], nine[1]]
        return prefix.withUnsafeBufferPointer { mobilePrefixes.contains($0) } ? .international : .wrong
    }
}
