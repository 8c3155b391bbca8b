import Foundation
import Lienthong
import SQLKit

extension HostedDataStore {
    /// Checks the schema's foreign keys once every row of a load is in (inside its transaction): a key whose
    /// fields are all filled must be found in the referenced dataset (its newest version; this dataset when the
    /// reference names none). Each missing key is a Frictionless `foreign-key` error; with `onError: skip` those
    /// rows are taken out again, otherwise the load is refused. A key that cannot be checked (no such dataset,
    /// fields of other types) refuses the load.
    static func checkForeignKeys(
        _ schema: TableSchema, table: String, options: LoadOptions, report: inout LoadReport, _ sql: any SQLDatabase, database: Database
    ) async throws {
        for key in schema.foreignKeys {
            let resource = key.reference.resource ?? ""
            var referenced = (table: table, schema: schema)
            if !resource.isEmpty {
                guard let dataset = try await DatasetStore.dataset(sql, code: resource),
                    let other = try await DatasetStore.schema(sql, datasetID: dataset.id.stored, version: dataset.schemaVersion)
                else {
                    // A key that cannot be checked refuses the load, whatever onError says.
                    report.add(LoadError(row: nil, field: key.fields.joined(separator: ","), type: "foreign-key", rule: "no dataset \(resource)"))
                    throw LoadRefused(report: report)
                }
                referenced = (tableName(dataset, version: dataset.schemaVersion), other)
            }
            let types = key.fields.map { schema.field($0)?.type }
            let referencedTypes = key.reference.fields.map { referenced.schema.field($0)?.type }
            guard types == referencedTypes, !types.contains(nil) else {
                report.add(
                    LoadError(
                        row: nil, field: key.fields.joined(separator: ","), type: "foreign-key",
                        rule:
                            "the fields do not match \(resource.isEmpty ? "this dataset" : resource)'s \(key.reference.fields.joined(separator: ","))"
                    ))
                throw LoadRefused(report: report)
            }
            let filled = key.fields.map { "t.\(ident: $0) IS NOT NULL" as SQLQueryString }.joined(separator: " AND ")
            var orphan: SQLQueryString = filled
            if try await database.tableExists(referenced.table, sql) {
                let joins = zip(key.fields, key.reference.fields).map { "r.\(ident: $1) = t.\(ident: $0)" as SQLQueryString }
                orphan += " AND NOT EXISTS (SELECT 1 FROM \(ident: referenced.table) r WHERE " + joins.joined(separator: " AND ") + ")"
            }
            let count =
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) t WHERE " + orphan).first()?.decode(column: "n", as: Int.self) ?? 0
            guard count > 0 else { continue }
            let columns = key.fields.map { "t.\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
            for row in try await sql.raw("SELECT " + columns + " FROM \(ident: table) t WHERE " + orphan + " LIMIT 100").all() {
                let values = try key.fields.compactMap { name in try schema.field(name).map { try value(row, $0).text } }
                report.add(
                    LoadError(
                        row: nil, field: key.fields.joined(separator: ","), value: values.joined(separator: ","), type: "foreign-key",
                        rule: "not in \(resource.isEmpty ? "this dataset" : resource)"))
            }
            report.rowsRejected += count
            if options.onError == .skip {
                // The rows go again; PostgreSQL and SQLite both accept the alias-free correlated form.
                let joins = zip(key.fields, key.reference.fields).map { "r.\(ident: $1) = \(ident: table).\(ident: $0)" as SQLQueryString }
                var condition = key.fields.map { "\(ident: table).\(ident: $0) IS NOT NULL" as SQLQueryString }.joined(separator: " AND ")
                if try await database.tableExists(referenced.table, sql) {
                    condition += " AND NOT EXISTS (SELECT 1 FROM \(ident: referenced.table) r WHERE " + joins.joined(separator: " AND ") + ")"
                }
                try await sql.raw("DELETE FROM \(ident: table) WHERE " + condition).run()
                report.rowsLoaded -= count
            }
        }
    }
}
