import Foundation
import RosterApp
import RosterServices
import RosterCore
import Synchronization
import Testing
import TestSupport

/// The run files: format, permissions, locking, reading back after a kill, and the undo and retry
/// plans made from them.
@Suite struct BulkRunStoreTests {
    static func row(_ id: String, _ op: BulkOp, _ before: BulkSnapshot, _ after: BulkSnapshot, skip: SkipReason? = nil) -> PlanRow {
        PlanRow(userID: id, name: "User \(id)", op: op, before: before, after: after, skip: skip)
    }

    static func snap(_ email: String?, forced: Bool? = false, disabled: Bool? = false) -> BulkSnapshot {
        BulkSnapshot(email: email, forcedReset: forced, disabled: disabled)
    }

    static let plan = BulkPlan(action: .setDomain(from: "acme.com", to: "acme.io"), scope: "4 marked", rows: [
        row("1", .patchEmail, snap("a@acme.com"), snap("a@acme.io")),
        row("2", .patchEmail, snap("b@acme.com"), snap("b@acme.io")),
        row("3", .patchEmail, snap(nil), snap(nil), skip: .noEmailLogin),
        row("4", .patchEmail, snap("d@acme.com"), snap("d@acme.io")),
    ])

    /// A store in a fresh directory with a clock that moves a second per call.
    static func withStore(_ body: (RunStore, String) throws -> Void) throws {
        let temporary = try TemporaryDirectory("roster-runstore-tests")
        defer { temporary.remove() }
        let root = temporary.path
        let tick = Mutex(1_796_000_000.0)
        let store = RunStore(directory: root + "/roster/runs", now: {
            Date(timeIntervalSince1970: tick.withLock { $0 += 1; return $0 })
        })
        try body(store, root)
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func theDefaultDirectoryFollowsXDGStateHome() {
        #expect(RunStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/roster/runs")
        #expect(RunStore.defaultDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/roster/runs")
        #expect(RunStore.defaultDirectory(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.local/state/roster/runs")
    }

    @Test func aNewRunIsAPrivateFileWithASortableIDAndTheWholePlan() throws {
        try Self.withStore { store, _ in
            let file = try store.create(plan: Self.plan, instance: "acme.looker.com", instanceURL: "https://acme.looker.com:443")
            #expect(file.id.wholeMatch(of: /\d{8}-\d{6}-[0-9a-f]{4}/) != nil, "\(file.id)")
            #expect(file.id.hasPrefix("20261130-0053"))
            #expect(try Self.mode(store.directory) == 0o700)
            #expect(try Self.mode(file.path) == 0o600)
            let run = try store.load(id: file.id)
            #expect(run.plan == Self.plan)
            #expect(run.summary.instance == "acme.looker.com")
            #expect(run.summary.action == .setDomain(from: "acme.com", to: "acme.io"))
            #expect(run.summary.scope == "4 marked")
            #expect(run.summary.started.hasPrefix("2026-11-30T00:53:2"))
            #expect(run.summary.phase == .running, "its lock is held")
            #expect(run.summary.total == 4)
            #expect(run.summary.skipped == 1)
            #expect(run.summary.remaining == 3)
            #expect(run.outcomes == ["3": .skipped(.noEmailLogin)])
            #expect(run.inDoubt.isEmpty)
        }
    }

    @Test func serverTextInARunFileIsEscapedAndReadsBackTheSame() throws {
        // Names come from the server; someone will `cat` the run file in a terminal.
        let hostile = "C1\u{9b}31m \u{1b}[2J Bidi\u{202E}gpj.exe Zero\u{200B}Width"
        let plan = BulkPlan(action: .disable, scope: "all", rows: [
            PlanRow(userID: "7", name: hostile, op: .setDisabled, before: Self.snap(nil), after: Self.snap(nil, disabled: true)),
        ])
        try Self.withStore { store, _ in
            let file = try store.create(plan: plan, instance: "i", instanceURL: "https://i:443")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.unicodeScalars.contains { $0.value < 0x0A || (0x0B..<0x20).contains($0.value) || (0x7F...0x9F).contains($0.value)
                || $0.value == 0x202E || $0.value == 0x200B }, "nothing a terminal acts on")
            let lower = text.lowercased()
            #expect(lower.contains(#"\u009b"#) && lower.contains(#"\u202e"#) && lower.contains(#"\u200b"#), "escaped, not dropped")
            file.close()
            #expect(try store.load(id: file.id).plan.rows.first?.name == hostile, "read back exactly")
        }
    }

    @Test func intentsWithoutOutcomesAreInDoubtAndAnUnlockedRunIsInterrupted() throws {
        try Self.withStore { store, _ in
            let file = try store.create(plan: Self.plan, instance: "i", instanceURL: "https://i:443")
            try file.intent(key: "1")
            try file.intent(key: "2")
            try file.outcome(key: "1", .applied)
            try file.intent(key: "4")
            try file.refused(key: "4")
            file.close()
            let run = try store.load(id: file.id)
            #expect(run.outcomes == ["1": .applied, "3": .skipped(.noEmailLogin)])
            #expect(run.inDoubt == ["2"], "4 was refused with a 429: nothing happened")
            #expect(run.summary.phase == .interrupted)
            #expect(run.summary.applied == 1)
        }
    }

    @Test func phasesOnDisk() throws {
        try Self.withStore { store, _ in
            let file = try store.create(plan: Self.plan, instance: "i", instanceURL: "https://i:443")
            try file.phase(.paused)
            #expect(try store.load(id: file.id).summary.phase == .paused)
            try file.phase(.running)
            try file.phase(.stopped)
            file.close()
            #expect(try store.load(id: file.id).summary.phase == .stopped)
            let again = try store.open(id: file.id)
            try again.phase(.running)
            #expect(try store.load(id: file.id).summary.phase == .running)
            try again.phase(.finished)
            again.close()
            #expect(try store.load(id: file.id).summary.phase == .finished)
        }
    }

    @Test func aTornLastLineIsIgnoredAndTheNextLineStartsAfresh() throws {
        try Self.withStore { store, _ in
            let file = try store.create(plan: Self.plan, instance: "i", instanceURL: "https://i:443")
            try file.intent(key: "1")
            try file.intent(key: "2")
            file.close()
            // A kill -9 in the middle of writing the outcome of row 1.
            let handle = try #require(FileHandle(forWritingAtPath: file.path))
            handle.seekToEndOfFile()
            handle.write(Data(#"{"outcome":{"applied":{}},"time":"2026-"#.utf8))
            try handle.close()
            let torn = try store.load(id: file.id)
            #expect(torn.inDoubt == ["1", "2"])
            let resumed = try store.open(id: file.id)
            try resumed.outcome(key: "2", .failed(status: 422, message: "'x' is already in use", field: "email"))
            resumed.close()
            let run = try store.load(id: file.id)
            #expect(run.inDoubt == ["1"])
            #expect(run.outcomes["2"] == .failed(status: 422, message: "'x' is already in use", field: "email"))
        }
    }

    @Test func aSecondOpenOfARunningRunIsRefusedClearly() throws {
        try Self.withStore { store, _ in
            let file = try store.create(plan: Self.plan, instance: "i", instanceURL: "https://i:443")
            #expect(throws: RunStoreError.busy(file.id)) { try store.open(id: file.id) }
            #expect(RunStoreError.busy(file.id).description.contains("another Roster process"))
            #expect(throws: RunStoreError.busy(file.id)) { try store.undoPlan(of: file.id) }
            file.close()
            let second = try store.open(id: file.id)
            second.close()
        }
    }

    @Test func idsThatAreNotRunsAreRefused() throws {
        try Self.withStore { store, _ in
            #expect(throws: RunStoreError.invalidID("../journal")) { try store.load(id: "../journal") }
            #expect(throws: RunStoreError.invalidID("")) { try store.open(id: "") }
            #expect(throws: RunStoreError.notFound("20261130-000000-0000")) { try store.load(id: "20261130-000000-0000") }
            #expect(throws: RunStoreError.notFound("20261130-000000-0000")) { try store.open(id: "20261130-000000-0000") }
        }
    }

    @Test func listGivesEveryRunNewestFirstAndLeavesOtherFilesOut() throws {
        try Self.withStore { store, _ in
            #expect(try store.list().isEmpty)
            let first = try store.create(plan: Self.plan, instance: "i", instanceURL: "https://i:443")
            try first.outcome(key: "1", .applied)
            try first.phase(.finished)
            first.close()
            let second = try store.create(plan: BulkPlan(action: .disable, scope: "filter is:enabled", rows: []), instance: "i", instanceURL: "https://i:443")
            second.close()
            try Data("not a run\n".utf8).write(to: URL(fileURLWithPath: store.directory + "/20200101-000000-0000.jsonl"))
            try Data("{}".utf8).write(to: URL(fileURLWithPath: store.directory + "/notes.txt"))
            let runs = try store.list()
            #expect(runs.map(\.id) == [second.id, first.id])
            #expect(runs.map(\.phase) == [.interrupted, .finished])
            #expect(runs[1].applied == 1)
            #expect(runs[1].skipped == 1)
            #expect(throws: RunStoreError.corrupt(store.directory + "/20200101-000000-0000.jsonl")) {
                try store.load(id: "20200101-000000-0000")
            }
        }
    }

    @Test func undoInvertsTheAppliedRowsLastFirstAndCannotUnsendAnEmail() throws {
        try Self.withStore { store, _ in
            let plan = BulkPlan(action: .setEmails, scope: "CSV", rows: [
                Self.row("1", .patchEmail, Self.snap("a@x.io"), Self.snap("a@y.io")),
                Self.row("2", .setForcedReset, Self.snap("b@x.io", forced: false), Self.snap("b@x.io", forced: true)),
                Self.row("3", .setDisabled, Self.snap(nil, disabled: false), Self.snap(nil, disabled: true)),
                Self.row("4", .createLogin, Self.snap(nil, forced: nil), Self.snap("d@sso.io", forced: nil)),
                Self.row("5", .deleteLogin, Self.snap("e@x.io"), Self.snap(nil, forced: nil)),
                Self.row("6", .sendReset, Self.snap("f@x.io"), Self.snap("f@x.io")),
                Self.row("7", .patchEmail, Self.snap("g@x.io"), Self.snap("g@y.io")),
                Self.row("8", .patchEmail, Self.snap("h@x.io"), Self.snap("h@y.io")),
                Self.row("9", .patchEmail, Self.snap("i@x.io"), Self.snap("i@x.io"), skip: .alreadySo),
                Self.row("10", .patchEmail, Self.snap("j@x.io"), Self.snap("j@y.io")),
            ])
            let file = try store.create(plan: plan, instance: "i", instanceURL: "https://i:443")
            for id in ["1", "2", "3", "4", "5", "6"] { try file.outcome(key: id, .applied) }
            try file.outcome(key: "7", .failed(status: 422, message: "taken", field: "email"))
            try file.outcome(key: "8", .skipped(.changedElsewhere))
            try file.intent(key: "10")
            file.close()
            let undo = try store.undoPlan(of: file.id)
            #expect(undo.action == .undo(runID: file.id))
            #expect(undo.scope == "undo of run \(file.id)")
            #expect(undo.rows == [
                Self.row("10", .patchEmail, Self.snap("j@y.io"), Self.snap("j@x.io")),
                Self.row("6", .sendReset, Self.snap("f@x.io"), Self.snap("f@x.io"), skip: .cannotUndo),
                Self.row("5", .createLogin, Self.snap(nil, forced: nil), Self.snap("e@x.io")),
                Self.row("4", .deleteLogin, Self.snap("d@sso.io", forced: nil), Self.snap(nil, forced: nil)),
                Self.row("3", .setDisabled, Self.snap(nil, disabled: true), Self.snap(nil, disabled: false)),
                Self.row("2", .setForcedReset, Self.snap("b@x.io", forced: true), Self.snap("b@x.io", forced: false)),
                Self.row("1", .patchEmail, Self.snap("a@y.io"), Self.snap("a@x.io")),
            ])
            let retry = try store.retryPlan(of: file.id)
            #expect(retry.action == .setEmails)
            #expect(retry.rows == [plan.rows[6]])
        }
    }
}
