import Testing
@testable import RosterCore

/// The decisions the shell only performs: a bulk row's step from its re-read, the outcome of a
/// write whose answer was lost, undo and retry plans, and the refusal of a write already in flight.
@Suite struct CoreDecisionTests {
    static let rename = PlanRow(userID: "7", name: "Ann", op: .patchEmail,
                                before: BulkSnapshot(email: "ann@old.co", forcedReset: false, disabled: false),
                                after: BulkSnapshot(email: "ann@new.co", forcedReset: false, disabled: false))
    static let reset = PlanRow(userID: "8", name: "Bo", op: .sendReset,
                               before: BulkSnapshot(email: "bo@old.co", forcedReset: nil, disabled: false),
                               after: BulkSnapshot(email: "bo@old.co", forcedReset: nil, disabled: false))
    static func snap(_ email: String?) -> BulkSnapshot { BulkSnapshot(email: email, forcedReset: false, disabled: false) }

    @Test func aRowIsSentOnlyWhileTheUserHoldsItsBefore() {
        #expect(Self.rename.step(current: Self.snap("ann@old.co"), inDoubt: false) == .send)
        #expect(Self.rename.step(current: Self.snap("ann@else.co"), inDoubt: false) == .skip(.changedElsewhere))
        // Not in doubt: holding the after already means someone else did it; it is not ours to claim.
        #expect(Self.rename.step(current: Self.snap("ann@new.co"), inDoubt: false) == .skip(.changedElsewhere))
    }

    @Test func aRowInDoubtIsAppliedWhenItsAfterHoldsAndAResetEmailIsNeverSentTwice() {
        #expect(Self.rename.step(current: Self.snap("ann@new.co"), inDoubt: true) == .alreadyApplied)
        #expect(Self.rename.step(current: Self.snap("ann@old.co"), inDoubt: true) == .send)
        #expect(Self.reset.step(current: Self.snap("bo@old.co"), inDoubt: true) == .skip(.maybeSent))
        #expect(Self.reset.step(current: Self.snap("bo@old.co"), inDoubt: false) == .send)
    }

    @Test func aLostAnswerIsSettledByTheReread() {
        let net = "network error: connection reset"
        #expect(Self.rename.settle(afterLostAnswer: Self.snap("ann@new.co"), network: net) == .applied)
        #expect(Self.rename.settle(afterLostAnswer: Self.snap("ann@old.co"), network: net) == .failed(status: 0, message: net, field: nil))
        #expect(Self.rename.settle(afterLostAnswer: Self.snap("x@y.co"), network: net) == .skipped(.changedElsewhere))
        #expect(Self.rename.settle(afterLostAnswer: nil, network: net)
                == .failed(status: 0, message: net + " (not known whether it was applied)", field: nil))
        #expect(Self.reset.settle(afterLostAnswer: Self.snap("bo@old.co"), network: net) == .skipped(.maybeSent))
    }

    static func summary(_ phase: RunPhase, undoneBy: String? = nil) -> RunSummary {
        RunSummary(id: "20261202-120000-abcd", action: .setDomain(from: "old.co", to: "new.co"), scope: "2 users",
                   instance: "acme", started: "2026-12-02T12:00:00Z", phase: phase, total: 2, applied: 0, failed: 0,
                   skipped: 0, undoneBy: undoneBy)
    }

    @Test func anUndoTakesBackAppliedAndDoubtfulRowsNewestFirstAndIsRefusedWhileRunningOrOnceUndone() throws {
        let other = PlanRow(userID: "9", name: "Cy", op: .createLogin, before: Self.snap(nil), after: Self.snap("cy@new.co"))
        let plan = BulkPlan(action: .setDomain(from: "old.co", to: "new.co"), scope: "3 users",
                            rows: [Self.rename, Self.reset, other])
        let undo = try BulkPlan.undo(of: Self.summary(.interrupted), plan: plan,
                                     outcomes: ["7": .applied, "8": .applied], inDoubt: ["9"])
        #expect(undo.rows.map(\.userID) == ["9", "8", "7"])
        #expect(undo.rows[0].op == .deleteLogin)
        #expect(undo.rows[1].skip == .cannotUndo)
        #expect(undo.rows[2].after.email == "ann@old.co")
        #expect(throws: RunPlanRefusal.busy("20261202-120000-abcd")) {
            try BulkPlan.undo(of: Self.summary(.running), plan: plan, outcomes: [:], inDoubt: [])
        }
        #expect(throws: RunPlanRefusal.undone(id: "20261202-120000-abcd", by: "u1")) {
            try BulkPlan.undo(of: Self.summary(.finished, undoneBy: "u1"), plan: plan, outcomes: [:], inDoubt: [])
        }
        let retry = try BulkPlan.retry(of: Self.summary(.finished), plan: plan,
                                       outcomes: ["7": .failed(status: 422, message: "taken", field: "email"), "8": .applied])
        #expect(retry.rows.map(\.userID) == ["7"])
    }

    @Test func theSameWriteForTheSameUserIsRefusedUntilItIsAnswered() {
        var book = WritesInFlight()
        #expect(book.begin(PendingWrite(.disable, "4")) == nil)
        #expect(book.begin(PendingWrite(.disable, "4")) == "already disabling user #4: not sent twice")
        #expect(book.begin(PendingWrite(.disable, "5")) == nil, "another user")
        #expect(book.begin(PendingWrite(.sendResetEmail, "4")) == nil, "another operation")
        book.end(PendingWrite(.disable, "4"))
        #expect(book.begin(PendingWrite(.disable, "4")) == nil)
        #expect(book.count == 3)
    }

    @Test func everyOperationSaysWhatItIsDoing() {
        for operation in UserOperation.allCases {
            #expect(!operation.doing.isEmpty)
            // Hand-overs are offboarding rows only; every other operation is a write of its own.
            #expect(UserWrite.allExamples.contains { $0.operation == operation } != operation.isHandOver, "\(operation) has a write")
        }
    }
}

extension UserWrite {
    static let allExamples: [UserWrite] = [
        .updateCredential(before: Credential(email: "a@b.co"), draft: CredentialDraft(email: "c@d.co")),
        .createLogin(email: "a@b.co"), .deleteLogin, .createResetURL(expires: true), .sendResetEmail,
        .setDisabled(true), .setDisabled(false),
        .addRole(roleID: "4", expected: ["3"]), .removeRole(roleID: "3", expected: nil), .addToGroup(groupID: "2"),
        .removeFromGroup(groupID: "2"), .setAttribute(attributeID: "2", name: "max_rows", value: "10", hidden: false),
        .clearAttribute(attributeID: "2", name: "max_rows", hidden: false), .logout(sessionID: nil), .deleteAPIKey(keyID: "9"),
    ]
}
