extension QualityRules {
    /// What the cross-dataset rules and the schema's foreign keys need from other datasets: for each dataset, its
    /// fields whose values are looked up (`datasetField`) and, for `agrees-with`, the fields compared.
    public func lookupsNeeded(schema: TableSchema) -> [(dataset: String, field: String, attributes: [String])] {
        var needed: [(dataset: String, field: String, attributes: [String])] = []
        for rule in rules where rule.type == .existsIn || rule.type == .agreesWith {
            guard let dataset = rule.dataset, let field = rule.datasetField else { continue }
            needed.append((dataset, field, (rule.attributes ?? [:]).values.sorted()))
        }
        for key in schema.foreignKeys where !(key.reference.resource ?? "").isEmpty && key.reference.fields.count == 1 {
            needed.append((key.reference.resource ?? "", key.reference.fields[0], []))
        }
        return needed
    }
}

extension DatasetLookup {
    /// Reads another dataset's CSV (its header names the fields): the values of `field` as keys and, for each key, the
    /// first row's `attributes`; adds them to `self`.
    public mutating func read(csv path: String, field: String, attributes: [String] = []) throws {
        let wanted = [field] + attributes
        var columns: [Int] = []
        var lookup = self
        try CSVScanner.scan(path: path) { number, row in
            if number == 1 {
                let names = (0..<row.count).map { String(decoding: ByteValues.trimmed(row[$0]), as: UTF8.self) }
                columns = wanted.map { names.firstIndex(of: $0) ?? -1 }
                return
            }
            guard columns[0] >= 0 else { return }
            let key = DatasetLookup.normalized(row.text(columns[0]))
            lookup.keys.insert(key)
            if !attributes.isEmpty, lookup.rows[key] == nil {
                var values: [String: String] = [:]
                for (name, column) in zip(wanted, columns).dropFirst() where column >= 0 { values[name] = row.text(column) }
                lookup.rows[key] = values
            }
        }
        self = lookup
    }
}
