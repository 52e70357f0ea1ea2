import Foundation
import RosterApp
import RosterServices
import RosterCore
import Testing

/// The store's side of "once": a plan is applied once per instance (compared whole), an undo marks
/// its run undone before anything is sent, and a lost index of applied plans is rebuilt, never
/// taken as "nothing applied".
@Suite struct BulkOnceStoreTests {
    typealias S = BulkRunStoreTests
    static let here = "https://i:443"

    @Test func aPlanIsAppliedOncePerInstanceUnlessAskedAgain() throws {
        try S.withStore { store, _ in
            let running = try store.create(plan: S.plan, instance: "i", instanceURL: Self.here)
            #expect(throws: RunStoreError.alreadyApplied(by: running.id, running: true, started: running.started ?? "")) {
                try store.create(plan: S.plan, instance: "i", instanceURL: Self.here, again: true)
            }
            try running.phase(.finished)
            running.close()
            #expect(throws: RunStoreError.alreadyApplied(by: running.id, running: false, started: running.started ?? "")) {
                try store.create(plan: S.plan, instance: "i", instanceURL: Self.here)
            }
            // The scope is words, not writes: the same rows chosen another way are the same plan.
            var reworded = S.plan
            reworded.scope = "filter domain:acme.com"
            #expect(throws: RunStoreError.self) { try store.create(plan: reworded, instance: "i", instanceURL: Self.here) }
            // Another instance on the same host, or other rows, is another plan.
            try store.create(plan: S.plan, instance: "i", instanceURL: "https://i:8443").close()
            var fewer = S.plan
            fewer.rows.removeLast()
            try store.create(plan: fewer, instance: "i", instanceURL: Self.here).close()
            try store.create(plan: S.plan, instance: "i", instanceURL: Self.here, again: true).close()
        }
    }

    @Test func aDeletedIndexIsRebuiltFromTheRuns() throws {
        try S.withStore { store, _ in
            let first = try store.create(plan: S.plan, instance: "i", instanceURL: Self.here)
            first.close()
            try FileManager.default.removeItem(atPath: store.directory + "/plans.idx")
            #expect(throws: RunStoreError.self) { try store.create(plan: S.plan, instance: "i", instanceURL: Self.here) }
            #expect(FileManager.default.fileExists(atPath: store.directory + "/plans.idx"))
            #expect(try S.mode(store.directory + "/plans.idx") == 0o600)
        }
    }

    @Test func undoingAnInterruptedRunMarksItUndoneSoItIsNeverResumed() throws {
        try S.withStore { store, _ in
            let run = try store.create(plan: S.plan, instance: "i", instanceURL: Self.here)
            try run.intent(key: "1")
            try run.outcome(key: "1", .applied)
            try run.intent(key: "2")
            run.close()
            #expect(try store.load(id: run.id).summary.phase == .interrupted)
            let undo = try store.undoPlan(of: run.id)
            #expect(undo.rows.map(\.userID) == ["2", "1"])
            let undoFile = try store.create(plan: undo, instance: "i", instanceURL: Self.here)
            undoFile.close()
            let marked = try store.load(id: run.id)
            #expect(marked.summary.phase == .undone)
            #expect(marked.summary.undoneBy == undoFile.id)
            #expect(try store.list().filter { $0.phase == .interrupted }.map(\.id) == [undoFile.id],
                    "the resume offer sees only the undo run")
            #expect(throws: RunStoreError.undone(id: run.id, by: undoFile.id)) { try store.undoPlan(of: run.id) }
            #expect(throws: RunStoreError.undone(id: run.id, by: undoFile.id)) {
                try store.create(plan: undo, instance: "i", instanceURL: Self.here, again: true)
            }
        }
    }

    @Test func anUndoOfARunThatMovedOnSincePlanningIsRefused() throws {
        try S.withStore { store, _ in
            let run = try store.create(plan: S.plan, instance: "i", instanceURL: Self.here)
            try run.outcome(key: "1", .applied)
            run.close()
            let undo = try store.undoPlan(of: run.id)
            // Resumed elsewhere after the undo was planned: one more row applied.
            let resumed = try store.open(id: run.id)
            try resumed.outcome(key: "2", .applied)
            resumed.close()
            #expect(throws: RunStoreError.changedSincePlanned(run.id)) {
                try store.create(plan: undo, instance: "i", instanceURL: Self.here)
            }
            #expect(try store.load(id: run.id).summary.undoneBy == nil, "a refused undo marks nothing")
            // An undo on another instance is refused too.
            let fresh = try store.undoPlan(of: run.id)
            #expect(throws: RunStoreError.otherInstance(id: run.id, run: Self.here, here: "https://i:8443")) {
                try store.create(plan: fresh, instance: "i", instanceURL: "https://i:8443")
            }
        }
    }

    @Test func aRunThatRecordedOnlyItsHostBelongsToNoInstance() {
        let old = RunSummary(id: "r", action: .disable, scope: "", instance: "127.0.0.1", started: "", phase: .interrupted,
                             total: 1, applied: 0, failed: 0, skipped: 0)
        #expect(!old.belongs(to: "http://127.0.0.1:8080"))
        var new = old
        new.instanceURL = "http://127.0.0.1:8080"
        #expect(new.belongs(to: "http://127.0.0.1:8080"))
        #expect(!new.belongs(to: "http://127.0.0.1:8081"))
    }
}
