import RosterCore
import Testing

/// Every operation says what it is in one place; a case that misses a fact, or a bulk request
/// that is no operation, fails here.
@Suite struct UserOperationTests {
    @Test(arguments: UserOperation.allCases)
    func eachOperationSaysWhatItIs(_ operation: UserOperation) {
        #expect(!operation.label.isEmpty && operation.progress.hasSuffix("…"))
        #expect(operation.changesServer, "read-only refuses every operation")
        #expect(!operation.journalName.isEmpty && operation.journalName.allSatisfy { $0.isLowercase || $0 == "_" })
        switch operation.inverse {
        case .success(let inverse) where operation == .setAttribute || operation == .clearAttribute:
            // An attribute goes back to its value before, or is cleared when it had none of its own:
            // `UserWrite.accessInverse` decides from what was read (see AccessUndoTests).
            #expect(inverse == .setAttribute)
        case .success(let inverse):
            // Undoing the inverse gives the operation back.
            #expect((try? inverse.inverse.get()) == operation)
        case .failure(let why):
            #expect(!why.reason.isEmpty)
        }
        if operation.revealsSecret { #expect(!operation.bulkPlannable, "no secret is minted in bulk") }
        if operation == .deleteAPIKey { #expect(!operation.bulkPlannable, "API keys are deleted one at a time, confirmed") }
    }

    @Test func namesAreOneEach() {
        #expect(Set(UserOperation.allCases.map(\.label)).count == UserOperation.allCases.count)
        #expect(Set(UserOperation.allCases.map(\.journalName)).count == UserOperation.allCases.count)
    }

    @Test func everyBulkRequestIsAPlannableOperation() {
        let snapshot = BulkSnapshot(email: "a@x.io", forcedReset: false, disabled: false)
        for op in [BulkOp.patchEmail, .setForcedReset, .setDisabled, .sendReset, .createLogin, .deleteLogin] {
            #expect(op.operation.bulkPlannable, "\(op)")
        }
        var enable = PlanRow(userID: "1", name: "", op: .setDisabled, before: snapshot, after: snapshot)
        enable.before.disabled = true
        #expect(enable.operation == .enable)
        enable.after.disabled = true
        #expect(enable.operation == .disable)
    }

    @Test func writesInFlightAreKeyedByOperationAndUser() {
        var state = AppState(instance: "i", policy: .readWrite, size: .init(cols: 80, rows: 24))
        state.lifecycle.writes[PendingWrite(.disable, "42")] = UserOperation.disable.progress
        state.lifecycle.writes[PendingWrite(.enable, "42")] = nil
        #expect(state.writeStatus == "disabling…", "another operation's answer does not clear it")
        state.lifecycle.writes[PendingWrite(.disable, "42")] = nil
        #expect(state.writeStatus == nil)
    }
}
