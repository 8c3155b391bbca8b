import Foundation

extension AccessRequest {
    /// The longest a request may ask for: five years.
    public static let maximumDays = 5 * 366

    /// Checks what a requester asks for against the dataset and its schema: not its own agency's, not open data
    /// (which needs no request), known fields (none named: all of them), a legal basis, an end in the future but
    /// not too far. Returns the fields in schema order.
    public static func checkedFields(
        _ fields: [String], dataset: Dataset, schema: TableSchema, requester: String, legalBasis: String, until: CivilDate, today: CivilDate
    ) throws(SharingError) -> [String] {
        if dataset.ownerAgencyCode == requester { throw .ownDataset }
        if dataset.sharingLevel == .open { throw .openDataset }
        let unknown = fields.filter { schema.field($0) == nil }
        if !unknown.isEmpty { throw .fieldsNotInSchema(unknown) }
        var invalid: [String] = []
        if legalBasis.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { invalid.append("legalBasis") }
        if until <= today || until > today.adding(days: maximumDays) { invalid.append("until") }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
        let asked = Set(fields)
        return fields.isEmpty ? schema.fields.map(\.name) : schema.fields.map(\.name).filter(asked.contains)
    }

    /// Checks what a requester asks of a service: not its own agency's, not an open service, endpoints it offers
    /// (none named: all of them), a legal basis and a sane end. Returns the endpoints' keys in the service's order.
    public static func checkedEndpoints(
        _ endpoints: [String], service: AgencyService, requester: String, legalBasis: String, until: CivilDate, today: CivilDate
    ) throws(SharingError) -> [String] {
        if service.agencyCode == requester { throw .ownDataset }
        if service.sharingLevel == .open { throw .openDataset }
        let offered = service.endpoints.map(\.key)
        let unknown = endpoints.filter { !offered.contains($0) }
        if !unknown.isEmpty { throw .fieldsNotInSchema(unknown) }
        var invalid: [String] = []
        if legalBasis.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { invalid.append("legalBasis") }
        if until <= today || until > today.adding(days: maximumDays) { invalid.append("until") }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
        return endpoints.isEmpty ? offered : offered.filter(endpoints.contains)
    }

    /// The owner's answer made whole and checked: a full grant covers what was asked; a partial grant gives a
    /// subset of the fields, a row filter on a schema field, or an earlier end, at least one of them; a refusal
    /// has a written reason and a legal basis, or it cannot be saved.
    public func checked(_ answer: AccessAnswer, schema: TableSchema) throws(SharingError) -> AccessAnswer {
        guard status.isOpen else { throw .notOpen(status) }
        var answer = answer
        answer.reason = answer.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        answer.legalBasis = answer.legalBasis.trimmingCharacters(in: .whitespacesAndNewlines)
        switch answer.decision {
        case .refuse:
            let missing = [("reason", answer.reason), ("legalBasis", answer.legalBasis)].filter { $0.1.isEmpty }.map(\.0)
            if !missing.isEmpty { throw .refusalNeedsReason(missing) }
            answer.fields = []
            answer.rowFilter = nil
            answer.validUntil = nil
        case .grant:
            answer.fields = fields
            answer.rowFilter = nil
            answer.validUntil = requestedUntil
        case .partial:
            let granted = answer.fields.isEmpty ? fields : fields.filter(answer.fields.contains)
            let extra = answer.fields.filter { !fields.contains($0) }
            if !extra.isEmpty { throw .fieldsNotInSchema(extra) }
            answer.fields = granted
            var invalid: [String] = []
            if let filter = answer.rowFilter,
                schema.field(filter.field) == nil || filter.values.isEmpty || filter.values.count > RowFilter.maximumValues
            {
                invalid.append("rowFilter")
            }
            let until = answer.validUntil ?? requestedUntil
            if until > requestedUntil || until < CivilDate(vietnam: answer.at) { invalid.append("validUntil") }
            answer.validUntil = until
            if granted.isEmpty { invalid.append("fields") }
            let narrower = granted.count < fields.count || answer.rowFilter != nil || until < requestedUntil
            if !narrower, invalid.isEmpty { invalid.append("decision") }
            if !invalid.isEmpty { throw .invalidFields(invalid) }
        }
        return answer
    }

    /// The grant a granting answer (or the coordinator's order) makes: from now to the end of the last day.
    public func grant(fields: [String], rowFilter: RowFilter?, until: CivilDate, by: String, at: Date, id: UUID = UUID()) -> Grant {
        Grant(
            id: id, requestID: self.id, consumerAgencyCode: requesterAgencyCode, clientIDs: clientIDs, target: target, datasetCode: datasetCode,
            fields: fields, purposes: [purposeCode], rowFilter: rowFilter, validFrom: at, validUntil: until.endInVietnam,
            createdBy: by, createdAt: at)
    }
}
