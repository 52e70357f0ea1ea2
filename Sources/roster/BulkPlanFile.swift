import Foundation
import LookerAPI
import RosterServices
import RosterCore
import ScreenKit

/// The plan file `roster bulk plan --out` writes and `roster bulk apply` reads: a format name and
/// version, the instance it was planned against, when, how the users were chosen, the totals, and
/// the plan itself row by row. Keys are snake_case like the rest of Roster's JSON; the action and
/// the skip reasons keep the shape of their Swift types so a plan reads back exactly.
struct BulkPlanFile: Codable, Equatable {
    static let formatName = "roster-bulk-plan"
    static let currentVersion = 1

    /// How the users were chosen: a filter (`where`) or a CSV mapping (`csv`, the file's name).
    struct ChosenBy: Codable, Equatable {
        var kind: String
        var value: String
    }

    struct Totals: Codable, Equatable {
        var rows: Int
        var write: Int
        var skip: Int
    }

    struct Snapshot: Codable, Equatable {
        var email: String?
        var forcedReset: Bool?
        var disabled: Bool?
        /// Access rows: the direct role ids and group ids, when read at planning (absent otherwise).
        var roles: [String]?
        var groups: [String]?
        /// Offboarding rows: a schedule's or alert's owner, a dashboard's or look's folder.
        var owner: String?
        var folder: String?

        enum CodingKeys: String, CodingKey {
            case email, forcedReset = "forced_reset", disabled, roles = "role_ids", groups = "group_ids", owner = "owner_id",
                 folder = "folder_id"
        }

        init(_ s: BulkSnapshot) {
            email = s.email
            forcedReset = s.forcedReset
            disabled = s.disabled
            roles = s.roles
            groups = s.groups
            owner = s.owner
            folder = s.folder
        }

        var snapshot: BulkSnapshot {
            var s = BulkSnapshot(email: email, forcedReset: forcedReset, disabled: disabled, roles: roles, groups: groups)
            s.owner = owner
            s.folder = folder
            return s
        }
    }

    struct Row: Codable, Equatable {
        var userID: String
        var name: String
        var op: BulkOp
        var before: Snapshot
        var after: Snapshot
        var skip: SkipReason?
        /// The skip reason in words, for people and scripts reading the file; not read back.
        var skipped: String?
        /// An access row's role, group or attribute (absent for the other rows).
        var target: AccessTarget?
        /// An offboarding row's schedule, alert, dashboard, look, session or API key (absent for the other rows).
        var item: OwnedItem?

        enum CodingKeys: String, CodingKey {
            case userID = "user_id", name, op, before, after, skip, skipped, target, item
        }
    }

    /// The file's keys but the rows (they sit beside the rows in one JSON object).
    var head: Head
    var rows: [Row]

    private enum RowsKey: String, CodingKey { case rows }

    init(from decoder: any Decoder) throws {
        head = try Head(from: decoder)
        rows = try decoder.container(keyedBy: RowsKey.self).decode([Row].self, forKey: .rows)
    }

    func encode(to encoder: any Encoder) throws {
        try head.encode(to: encoder)
        var container = encoder.container(keyedBy: RowsKey.self)
        try container.encode(rows, forKey: .rows)
    }

    /// Everything in the file but the rows, as `plan --out` writes it.
    struct Head: Codable, Equatable {
        var format = BulkPlanFile.formatName
        var version = BulkPlanFile.currentVersion
        /// The instance's host, as runs and the journal name it.
        var instance: String
        /// The API address the plan was made against; `apply` refuses another instance.
        var baseURL: String
        /// ISO 8601 UTC.
        var plannedAt: String
        var chosenBy: ChosenBy
        var scope: String
        var action: BulkAction
        var title: String
        var totals: Totals

        enum CodingKeys: String, CodingKey {
            case format, version, instance, baseURL = "base_url", plannedAt = "planned_at", chosenBy = "chosen_by", scope, action,
                 title, totals
        }

        init(plan: BulkPlan, config: LookerConfig, chosenBy: ChosenBy, now: Date = Date()) {
            instance = config.host
            baseURL = config.baseURL
            plannedAt = ISO8601DateFormatter().string(from: now)
            self.chosenBy = chosenBy
            scope = plan.scope
            action = plan.action
            title = plan.action.title
            totals = Totals(rows: plan.rows.count, write: plan.writeCount, skip: plan.skipCount)
        }
    }

    /// The file's bytes for `plan`, in pieces: the head pretty-printed, then one row a line, each
    /// piece made terminal-safe like every JSON output (lossless escapes, so the plan reads back
    /// exactly). Streamed, so 100,000 rows are never encoded at once.
    static func encode(_ plan: BulkPlan, head: Head, _ emit: ([UInt8]) throws -> Void) throws {
        var top = try JSONOut.safe(head)
        // `{ … }` without its closing brace, then the rows as the last key.
        while let last = top.last, last == 0x0A || last == 0x20 { top.removeLast() }
        guard top.last == 0x7D else { throw CLIFailure(.other, "roster: the plan could not be encoded") }
        top.removeLast()
        while let last = top.last, last == 0x0A || last == 0x20 { top.removeLast() }
        try emit(top + Array(",\n  \"rows\" : [\n".utf8))
        for (index, planned) in plan.rows.enumerated() {
            let row = Row(userID: planned.userID, name: planned.name, op: planned.op, before: Snapshot(planned.before),
                          after: Snapshot(planned.after), skip: planned.skip, skipped: planned.skip?.text, target: planned.target,
                          item: planned.item)
            var line = Array("    ".utf8) + (try JSONOut.safe(row, encoder: JSONOut.compact))
            line.removeLast()
            line += Array((index + 1 < plan.rows.count ? ",\n" : "\n").utf8)
            try emit(line)
        }
        try emit(Array("  ]\n}\n".utf8))
    }

    var plan: BulkPlan {
        BulkPlan(action: head.action, scope: head.scope, rows: rows.map {
            PlanRow(userID: $0.userID, name: $0.name, op: $0.op, before: $0.before.snapshot, after: $0.after.snapshot, skip: $0.skip,
                    target: $0.target, item: $0.item)
        })
    }

    /// Writes the file of `plan` (`encode`), created 0600 (it lists people's addresses), whole or
    /// not at all: a temporary file renamed into place once synced.
    static func write(_ plan: BulkPlan, head: Head, to path: String) throws {
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIFailure(.other, "roster: cannot write \(path): \(String(cString: strerror(errno)))") }
        var ok = true
        var pending: [UInt8] = []
        func drain() {
            ok = ok && pending.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    offset += n
                }
                return true
            }
            pending.removeAll(keepingCapacity: true)
        }
        do {
            try encode(plan, head: head) { piece in
                pending += piece
                if pending.count >= 1 << 16 { drain() }
            }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        drain()
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw CLIFailure(.other, "roster: cannot write \(path): \(why)")
        }
    }

    /// Reads a plan file; anything that is not one Roster wrote (another format, a newer version,
    /// broken JSON) is a usage error naming the file.
    static func read(path: String) throws -> BulkPlanFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(.usage, "roster: cannot read the plan file \(path)")
        }
        struct Probe: Decodable {
            var format: String?
            var version: Int?
        }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data), probe.format == formatName else {
            throw CLIFailure(.usage, "roster: \(path) is not a plan file of roster bulk plan")
        }
        guard probe.version == currentVersion else {
            throw CLIFailure(.usage, "roster: \(path) is a plan file of version \(probe.version.map(String.init) ?? "?"); "
                             + "this roster reads version \(currentVersion): plan again")
        }
        do {
            return try JSONDecoder().decode(BulkPlanFile.self, from: data)
        } catch {
            throw CLIFailure(.usage, "roster: \(path): the plan file is damaged: \(DisplayText.fit(String(describing: error), width: 300))")
        }
    }

    /// Refuses a plan made against another instance: ids are per instance, so user 42 here is
    /// somebody else there.
    func checkInstance(_ config: LookerConfig, path: String) throws {
        guard Self.sameInstance(head.baseURL, config.baseURL) else {
            throw CLIFailure(.usage, "roster: \(path) was planned for \(head.baseURL), not \(config.baseURL) (the configured instance); "
                             + "plan again against this one")
        }
    }

    /// The same instance, compared whole: scheme, host (any case), port and path; a trailing slash
    /// or `/api/4.0` does not matter (`LookerConfig.instanceURL`).
    static func sameInstance(_ a: String, _ b: String) -> Bool {
        LookerConfig.instanceURL(a) == LookerConfig.instanceURL(b)
    }
}

extension Output {
    /// `value` as one line of JSON (JSON lines for scripts), made safe like `json(_:)`.
    mutating func jsonLine<T: Encodable>(_ value: T) throws {
        passedThrough(try JSONOut.safe(value, encoder: JSONOut.compact))
    }
}

extension JSONOut {
    static var compact: JSONEncoder { JSONLines.encoder }

    /// `value` encoded, then made safe like every JSON output (C0/C1, DEL, bidi and zero-width
    /// characters escaped, which is lossless; secret URLs masked), ending in a newline.
    static func safe<T: Encodable>(_ value: T, encoder: JSONEncoder = pretty) throws -> [UInt8] {
        let encoded = try encoder.encode(value)
        var safe = try encoded.withUnsafeBytes { raw throws(JSONPassThrough.Malformed) in
            try JSONPassThrough.sanitize(document: raw, secretKeys: secretKeys, mask: mask)
        }
        safe.append(0x0A)
        return safe
    }
}
