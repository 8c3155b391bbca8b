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
                    let other = try await DatasetStore.schema(sql, datasetID: dataset.id.lowercasedString, version: dataset.schemaVersion)
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
            // Rows of `row` (an alias or the table itself) whose filled key is not in the referenced table.
            let referencedExists = try await database.tableExists(referenced.table, sql)
            func orphan(_ row: SQLQueryString) -> SQLQueryString {
                var condition = key.fields.map { row + ".\(ident: $0) IS NOT NULL" }.joined(separator: " AND ")
                if referencedExists {
                    let joins = zip(key.fields, key.reference.fields).map { "r.\(ident: $1) = " + row + ".\(ident: $0)" }
                    condition += " AND NOT EXISTS (SELECT 1 FROM \(ident: referenced.table) r WHERE " + joins.joined(separator: " AND ") + ")"
                }
                return condition
            }
            let count =
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) t WHERE " + orphan("t")).first()?.decode(column: "n", as: Int.self) ?? 0
            guard count > 0 else { continue }
            let columns = key.fields.map { "t.\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
            for row in try await sql.raw("SELECT " + columns + " FROM \(ident: table) t WHERE " + orphan("t") + " LIMIT 100").all() {
                let values = try key.fields.compactMap { name in try schema.field(name).map { try value(row, $0).text } }
                report.add(
                    LoadError(
                        row: nil, field: key.fields.joined(separator: ","), value: values.joined(separator: ","), type: "foreign-key",
                        rule: "not in \(resource.isEmpty ? "this dataset" : resource)"))
            }
            report.rowsRejected += count
            if options.onError == .skip {
                // The rows go again; DELETE takes no alias on SQLite, so the condition names the table itself.
                try await sql.raw("DELETE FROM \(ident: table) WHERE " + orphan("\(ident: table)")).run()
                report.rowsLoaded -= count
            }
        }
    }
}
