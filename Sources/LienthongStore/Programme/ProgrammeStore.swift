import Foundation
import Lienthong
import SQLKit

/// The programme tracker's records: directives, tasks and their ledger, problems. A deadline or target change and
/// its ledger line are one transaction.
public struct ProgrammeStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Creates or replaces a directive.
    public func save(_ directive: Directive) async throws -> Directive {
        try await database.write { sql in try await Self.save(sql, directive) }
    }

    static func save(_ sql: any SQLDatabase, _ directive: Directive) async throws -> Directive {
        let directive = try directive.checked()
        // An upsert: tasks refer to the directive, so it is never deleted.
        try await sql.raw(
            """
            INSERT INTO directives (code, issuer, number, issued_on, title)
            VALUES (\(bind: directive.code), \(bind: directive.issuer.rawValue), \(bind: directive.number),
                \(bind: directive.issuedOn.description), \(bind: directive.title))
            ON CONFLICT (code) DO UPDATE SET issuer = excluded.issuer, number = excluded.number, issued_on = excluded.issued_on,
                title = excluded.title
            """
        ).run()
        return directive
    }

    public func directives() async throws -> [Directive] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM directives ORDER BY issued_on, code").all().map { row in
                Directive(
                    code: try row.decode(column: "code", as: String.self),
                    issuer: Directive.Issuer(rawValue: try row.decode(column: "issuer", as: String.self)) ?? .city,
                    number: try row.decode(column: "number", as: String.self),
                    issuedOn: try CaseStore.civil(row, "issued_on") ?? CivilDate(dayNumber: 0),
                    title: try row.decode(column: "title", as: String.self))
            }
        }
    }

    /// Creates a task or replaces its description, in one transaction. A task that exists keeps what only the ledger
    /// and progress reports change: its original and current deadline, progress, done day and its metric binding once
    /// it has one (the target moves only through the ledger). The directive, the owner and co-agencies, the metric's
    /// subject and the parent must exist, and a parent chain must not loop. With `onlyNew`, an existing code is a
    /// conflict instead.
    public func save(_ task: ProgrammeTask, by username: String, at time: Date = Date(), onlyNew: Bool = false) async throws -> ProgrammeTask {
        try await database.write { sql in try await Self.save(sql, task, by: username, at: time, onlyNew: onlyNew) }
    }

    /// Directives, tasks (parents before their sub-tasks) and problems from another system's feed, all or nothing:
    /// one transaction, each saved by the same rules as one at a time.
    public func importFeed(
        directives: [Directive], tasks: [ProgrammeTask], problems: [ProgrammeProblem], by username: String, at time: Date = Date()
    ) async throws {
        let ordered = tasks.sorted { ($0.parentCode == nil ? 0 : 1) < ($1.parentCode == nil ? 0 : 1) }
        try await database.write { sql in
            for directive in directives { _ = try await Self.save(sql, directive) }
            for task in ordered { _ = try await Self.save(sql, task, by: username, at: time, onlyNew: false) }
            for problem in problems { _ = try await Self.save(sql, problem) }
        }
    }

    static func save(_ sql: any SQLDatabase, _ task: ProgrammeTask, by username: String, at time: Date, onlyNew: Bool) async throws -> ProgrammeTask {
        var task = try task.checked()
        guard try await sql.raw("SELECT code FROM directives WHERE code = \(bind: task.directiveCode)").first() != nil else {
            throw ProgrammeError.unknownDirective(task.directiveCode)
        }
        for agency in [task.ownerAgencyCode] + task.coAgencyCodes { _ = try await DirectoryStore.agencyID(sql, code: agency) }
        if let metric = task.metric { try await Self.checkSubject(sql, metric) }
        var parent = task.parentCode
        var seen: Set<String> = [task.code]
        while let code = parent {
            guard seen.insert(code).inserted else { throw ProgrammeError.invalidFields(["parent"]) }
            guard let row = try await sql.raw("SELECT parent_code FROM programme_tasks WHERE code = \(bind: code)").first() else {
                throw ProgrammeError.unknownTask(code)
            }
            parent = try row.optionalText("parent_code")
        }
        if let existing = try await sql.raw("SELECT * FROM programme_tasks WHERE code = \(bind: task.code)").first().map(Self.task) {
            if onlyNew { throw ProgrammeError.alreadyFiled }
            task.originalDueOn = existing.originalDueOn
            task.dueOn = existing.dueOn
            task.progress = existing.progress
            task.doneOn = existing.doneOn
            task.metric = existing.metric ?? task.metric
            try await sql.raw("DELETE FROM programme_tasks WHERE code = \(bind: task.code)").run()
        }
        try await Self.insert(sql, task, by: username, at: time)
        return task
    }

    static func insert(_ sql: any SQLDatabase, _ task: ProgrammeTask, by username: String, at time: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO programme_tasks (code, directive_code, title, owner_agency, lead_official, co_agencies_json, budget_dong, staff,
                assigned_on, original_due_on, due_on, progress, done_on, parent_code, weight, metric_json, updated_at, updated_by)
            VALUES (\(bind: task.code), \(bind: task.directiveCode), \(bind: task.title), \(bind: task.ownerAgencyCode), \(bind: task.leadOfficial),
                \(bind: SharingStore.encoded(task.coAgencyCodes) ?? "[]"), \(bind: task.budgetDong), \(bind: task.staff),
                \(bind: task.assignedOn.description), \(bind: task.originalDueOn.description), \(bind: task.dueOn.description),
                \(bind: task.progress), \(bind: task.doneOn?.description), \(bind: task.parentCode), \(bind: task.weight),
                \(bind: SharingStore.encoded(task.metric)), \(bind: Timestamp.string(time)), \(bind: username))
            """
        ).run()
    }

    /// Every task, or an agency's, by code.
    public func tasks(ownerAgencyCode: String? = nil) async throws -> [ProgrammeTask] {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT * FROM programme_tasks"
            if let ownerAgencyCode { query += " WHERE owner_agency = \(bind: ownerAgencyCode)" }
            query += " ORDER BY code"
            return try await sql.raw(query).all().map(Self.task)
        }
    }

    public func task(_ code: String) async throws -> ProgrammeTask? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM programme_tasks WHERE code = \(bind: code)").first().map(Self.task)
        }
    }

    /// The owner reports progress (0–100) and, when `done`, the day it was done. A task done already, or one whose
    /// progress is rolled up from sub-tasks, refuses the report.
    public func report(_ code: String, progress: Int, doneOn: CivilDate?, by username: String, at time: Date = Date()) async throws -> ProgrammeTask {
        guard (0...100).contains(progress) else { throw ProgrammeError.invalid("progress", Messages.progressRange) }
        return try await database.write { sql in
            guard var task = try await sql.raw("SELECT * FROM programme_tasks WHERE code = \(bind: code)").first().map(Self.task) else {
                throw ProgrammeError.unknownTask(code)
            }
            // Done is done: a later report neither reopens the task nor moves its done day.
            if let done = task.doneOn { throw ProgrammeError.doneIsDone(done) }
            let children = try await sql.raw("SELECT code FROM programme_tasks WHERE parent_code = \(bind: code) ORDER BY code").all()
            if !children.isEmpty, doneOn == nil {
                let codes = try children.map { try $0.decode(column: "code", as: String.self) }.joined(separator: ", ")
                throw ProgrammeError.invalid("progress", Messages.parentProgress.format(codes))
            }
            task.progress = progress
            task.doneOn = doneOn
            try await sql.raw(
                """
                UPDATE programme_tasks SET progress = \(bind: task.progress), done_on = \(bind: task.doneOn?.description),
                    updated_at = \(bind: Timestamp.string(time)), updated_by = \(bind: username)
                WHERE code = \(bind: code)
                """
            ).run()
            return task
        }
    }

    /// Changes a task's deadline (`to`: an ISO day) or its metric's target (`to`: a number), with its ledger line, in
    /// one transaction. Who asked, who approved and why are required.
    public func change(
        _ code: String, _ field: TaskChange.Field, to value: String, requestedBy: String, approvedBy: String, reason: String, at time: Date = Date()
    )
        async throws -> ProgrammeTask
    {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        let requestedBy = requestedBy.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        var invalid: [String] = []
        if reason.isEmpty || reason.count > 2_000 { invalid.append("reason") }
        if requestedBy.isEmpty || requestedBy.count > 200 { invalid.append("requestedBy") }
        if !invalid.isEmpty { throw ProgrammeError.invalidFields(invalid) }
        return try await database.write { sql in
            guard var task = try await sql.raw("SELECT * FROM programme_tasks WHERE code = \(bind: code)").first().map(Self.task) else {
                throw ProgrammeError.unknownTask(code)
            }
            let from: String
            switch field {
            case .deadline:
                // A done task's deadline stays: moving it would turn a late task into an on-time one after the fact.
                if let done = task.doneOn { throw ProgrammeError.doneIsDone(done) }
                guard let day = CivilDate(iso: value), day >= task.assignedOn, ProgrammeTask.dates.contains(day) else {
                    throw ProgrammeError.invalid("to", Messages.deadlineBeforeAssigned.format(task.assignedOn.description))
                }
                from = task.dueOn.description
                task.dueOn = day
            case .target:
                guard var metric = task.metric else { throw ProgrammeError.invalid("field", Messages.noMetric) }
                guard let target = Double(value), target.isFinite, target > 0 else { throw ProgrammeError.invalid("to", Messages.targetNotValid) }
                from = String(metric.target)
                metric.target = target
                task.metric = metric
            }
            try await sql.raw(
                """
                UPDATE programme_tasks SET due_on = \(bind: task.dueOn.description), metric_json = \(bind: SharingStore.encoded(task.metric)),
                    updated_at = \(bind: Timestamp.string(time)), updated_by = \(bind: approvedBy)
                WHERE code = \(bind: code)
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO task_changes (id, task_code, field, from_value, to_value, requested_by, approved_by, reason, changed_at)
                VALUES (\(bind: UUID().lowercasedString), \(bind: code), \(bind: field.rawValue), \(bind: from), \(bind: value), \(bind: requestedBy),
                    \(bind: approvedBy), \(bind: reason), \(bind: Timestamp.string(time)))
                """
            ).run()
            return task
        }
    }

    /// A task's ledger, oldest first (or every task's).
    public func changes(of code: String? = nil) async throws -> [TaskChange] {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT * FROM task_changes"
            if let code { query += " WHERE task_code = \(bind: code)" }
            query += " ORDER BY changed_at, id"
            return try await sql.raw(query).all().map { row in
                TaskChange(
                    taskCode: try row.decode(column: "task_code", as: String.self),
                    field: TaskChange.Field(rawValue: try row.decode(column: "field", as: String.self)) ?? .deadline,
                    from: try row.decode(column: "from_value", as: String.self), to: try row.decode(column: "to_value", as: String.self),
                    requestedBy: try row.decode(column: "requested_by", as: String.self),
                    approvedBy: try row.decode(column: "approved_by", as: String.self), reason: try row.decode(column: "reason", as: String.self),
                    at: try row.date("changed_at"))
            }
        }
    }

    /// Refuses a metric whose subject is not on the platform (an agency, a dataset, a procedure, `city`): it would
    /// measure 0 forever and flag claims falsely.
    static func checkSubject(_ sql: any SQLDatabase, _ metric: MetricBinding) async throws {
        let table: String
        switch metric.kind {
        case .datasetsShared, .datasetsOpen, .requestsAnsweredOnTime: table = "agencies"
        case .qualityScore: table = "datasets"
        case .procedureOnTime: table = "procedures"
        case .catalogPublishedSince: return
        case .agenciesSharing:
            guard metric.subject == "city" else {
                throw ProgrammeError.invalid("metric", Messages.unknownMetricSubject.format(metric.kind.rawValue, metric.subject))
            }
            return
        }
        guard try await sql.raw("SELECT code FROM \(unsafeRaw: table) WHERE code = \(bind: metric.subject)").first() != nil else {
            throw ProgrammeError.invalid("metric", Messages.unknownMetricSubject.format(metric.kind.rawValue, metric.subject))
        }
    }

    static func task(_ row: any SQLRow) throws -> ProgrammeTask {
        ProgrammeTask(
            code: try row.decode(column: "code", as: String.self), directiveCode: try row.decode(column: "directive_code", as: String.self),
            title: try row.decode(column: "title", as: String.self), ownerAgencyCode: try row.decode(column: "owner_agency", as: String.self),
            leadOfficial: try row.decode(column: "lead_official", as: String.self),
            coAgencyCodes: try row.json("co_agencies_json", as: [String].self) ?? [], budgetDong: try row.decode(column: "budget_dong", as: Int.self),
            staff: try row.decode(column: "staff", as: Int.self), assignedOn: try CaseStore.civil(row, "assigned_on") ?? CivilDate(dayNumber: 0),
            originalDueOn: try CaseStore.civil(row, "original_due_on") ?? CivilDate(dayNumber: 0), dueOn: try CaseStore.civil(row, "due_on"),
            progress: try row.decode(column: "progress", as: Int.self), doneOn: try CaseStore.civil(row, "done_on"),
            parentCode: try row.optionalText("parent_code"), weight: try row.decode(column: "weight", as: Int.self),
            metric: try row.json("metric_json", as: MetricBinding.self))
    }
}

extension ProgrammeStore {
    /// Notifies owner agencies, once per task, deadline and kind, of open tasks due within `days` working days and of
    /// tasks that turned overdue; returns how many notices it wrote. Conditional inserts make it safe on every node.
    @discardableResult
    public func sendDeadlineAlerts(calendar: WorkingDayCalendar, days: Int = 5, at time: Date = Date()) async throws -> Int {
        let today = CivilDate(vietnam: time)
        let tasks = try await self.tasks().filter { $0.doneOn == nil }
        var sent = 0
        for task in tasks {
            let kind: String
            let text: LocalizedText
            if today > task.dueOn {
                kind = "overdue"
                text = Messages.taskOverdue.format(task.code, task.title, task.dueOn.vietnameseFormat)
            } else if calendar.workingDays(from: today, to: task.dueOn) <= days {
                kind = "due-soon"
                text = Messages.taskDueSoon.format(task.code, task.title, task.dueOn.vietnameseFormat)
            } else {
                continue
            }
            let wrote = try await database.write { sql in
                let claimed = try await sql.raw(
                    """
                    INSERT INTO task_alerts (task_code, kind, due_on, sent_at)
                    VALUES (\(bind: task.code), \(bind: kind), \(bind: task.dueOn.description), \(bind: Timestamp.string(time)))
                    ON CONFLICT DO NOTHING RETURNING task_code
                    """
                ).all()
                guard !claimed.isEmpty else { return false }
                try await SharingStore.notify(
                    sql,
                    SharingStore.Notification(
                        agencyCode: task.ownerAgencyCode, createdAt: time, kind: "task.\(kind)", text: text, link: "/programme/tasks/\(task.code)"))
                return true
            }
            if wrote { sent += 1 }
        }
        return sent
    }
}
