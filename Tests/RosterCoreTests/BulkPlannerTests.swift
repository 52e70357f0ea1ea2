import Testing
import RosterCore

/// The bulk planner: for every action, which rows are written (before → after) and which are
/// skipped and why; duplicates; what counts as an address.
@Suite struct BulkPlannerTests {
    static func subject(_ id: String, _ email: String?, forced: Bool? = false, disabled: Bool? = false,
                        sso: String? = nil) -> BulkSubject {
        BulkSubject(id: id, name: "User \(id)", loginEmail: email, forcedReset: forced, disabled: disabled, ssoEmail: sso)
    }

    /// Each row as "id: before → after" or "id: skipped (reason)", for whole-plan comparisons.
    static func lines(_ plan: BulkPlan) -> [String] {
        plan.rows.map { row in
            if let skip = row.skip { return "\(row.userID): skipped (\(skip.text))" }
            func show(_ s: BulkSnapshot) -> String {
                "\(s.email ?? "-") \(s.forcedReset.map { $0 ? "forced" : "free" } ?? "?") \(s.disabled.map { $0 ? "off" : "on" } ?? "?")"
            }
            return "\(row.userID): \(row.op.rawValue) \(show(row.before)) → \(show(row.after))"
        }
    }

    @Test func setDomainRenamesOnlyTheMatchingDomainKeepingTheLocalPart() {
        let plan = BulkPlanner.plan(.setDomain(from: "acme.com", to: "acme.io"), scope: "5 marked", subjects: [
            Self.subject("1", "Alice.Smith@ACME.com"),
            Self.subject("2", nil),
            Self.subject("3", "bob@other.com"),
            Self.subject("4", "carol@sub.acme.com"),
            Self.subject("5", "dave@acme.com", forced: true, disabled: true),
        ])
        #expect(Self.lines(plan) == [
            "1: patchEmail Alice.Smith@ACME.com free on → Alice.Smith@acme.io free on",
            "2: skipped (no email login)",
            "3: skipped (email login at another domain)",
            "4: skipped (email login at another domain)",
            "5: patchEmail dave@acme.com forced off → dave@acme.io forced off",
        ])
        #expect(plan.writeCount == 2)
        #expect(plan.skipCount == 3)
        #expect(plan.scope == "5 marked")
        #expect(plan.action == .setDomain(from: "acme.com", to: "acme.io"))
    }

    @Test func setDomainToAnInvalidDomainSkipsAsInvalidTarget() {
        let plan = BulkPlanner.plan(.setDomain(from: "acme.com", to: "acme"), scope: "", subjects: [Self.subject("1", "a@acme.com")])
        #expect(plan.rows[0].skip == .invalidTarget("a@acme"))
        #expect(plan.rows[0].after == plan.rows[0].before)
    }

    @Test func setDomainToTheSameAddressIsAlreadySoButACaseChangeIsWritten() {
        let same = BulkPlanner.plan(.setDomain(from: "ACME.com", to: "acme.com"), scope: "", subjects: [
            Self.subject("1", "a@acme.com"), Self.subject("2", "b@Acme.Com"),
        ])
        #expect(Self.lines(same) == ["1: skipped (already so)", "2: patchEmail b@Acme.Com free on → b@acme.com free on"])
    }

    @Test func setEmailsTakesEachTargetFromTheMapping() {
        let plan = BulkPlanner.plan(.setEmails, scope: "CSV users.csv", subjects: [
            Self.subject("1", "a@acme.com"), Self.subject("2", "b@acme.com"), Self.subject("3", nil),
            Self.subject("4", "d@acme.com"), Self.subject("5", "e@acme.com"), Self.subject("6", "F@acme.com"),
        ], targets: ["1": "alice@acme.io", "2": "b@acme.com", "3": "c@acme.io", "5": "not an address", "6": "f@acme.com"])
        #expect(Self.lines(plan) == [
            "1: patchEmail a@acme.com free on → alice@acme.io free on",
            "2: skipped (already so)",
            "3: skipped (no email login)",
            "4: skipped (unknown user)",
            "5: skipped (target address not valid: not an address)",
            "6: patchEmail F@acme.com free on → f@acme.com free on",
        ])
    }

    @Test func forceResetNeedsAnEmailLoginAndSkipsRowsAlreadySo() {
        let subjects = [Self.subject("1", "a@x.io", forced: false), Self.subject("2", "b@x.io", forced: true),
                        Self.subject("3", nil), Self.subject("4", "d@x.io", forced: nil)]
        #expect(Self.lines(BulkPlanner.plan(.forceReset(true), scope: "", subjects: subjects)) == [
            "1: setForcedReset a@x.io free on → a@x.io forced on",
            "2: skipped (already so)",
            "3: skipped (no email login)",
            "4: setForcedReset d@x.io ? on → d@x.io forced on",
        ])
        #expect(Self.lines(BulkPlanner.plan(.forceReset(false), scope: "", subjects: subjects)) == [
            "1: skipped (already so)",
            "2: setForcedReset b@x.io forced on → b@x.io free on",
            "3: skipped (no email login)",
            "4: setForcedReset d@x.io ? on → d@x.io free on",
        ])
    }

    @Test func disableAndEnableSkipRowsAlreadySoAndNeedNoEmailLogin() {
        let subjects = [Self.subject("1", "a@x.io", disabled: false), Self.subject("2", nil, forced: nil, disabled: true)]
        #expect(Self.lines(BulkPlanner.plan(.disable, scope: "", subjects: subjects)) == [
            "1: setDisabled a@x.io free on → a@x.io free off",
            "2: skipped (already so)",
        ])
        #expect(Self.lines(BulkPlanner.plan(.enable, scope: "", subjects: subjects)) == [
            "1: skipped (already so)",
            "2: setDisabled - ? off → - ? on",
        ])
    }

    @Test func sendResetNeedsAnEmailLoginAndSkipsDisabledUsers() {
        let plan = BulkPlanner.plan(.sendReset, scope: "", subjects: [
            Self.subject("1", "a@x.io"), Self.subject("2", nil), Self.subject("3", "c@x.io", disabled: true),
        ])
        #expect(Self.lines(plan) == [
            "1: sendReset a@x.io free on → a@x.io free on",
            "2: skipped (no email login)",
            "3: skipped (disabled)",
        ])
    }

    @Test func createFromSSOUsesTheSSOEmailForUsersWithoutAnEmailLogin() {
        let plan = BulkPlanner.plan(.createFromSSO, scope: "", subjects: [
            Self.subject("1", nil, forced: nil, sso: "a@corp.io"),
            Self.subject("2", "b@x.io", sso: "b@corp.io"),
            Self.subject("3", nil, forced: nil),
            Self.subject("4", nil, forced: nil, sso: "d at corp"),
            Self.subject("5", nil, forced: nil, sso: ""),
        ])
        #expect(Self.lines(plan) == [
            "1: createLogin - ? on → a@corp.io ? on",
            "2: skipped (already has an email login)",
            "3: skipped (no SSO email)",
            "4: skipped (target address not valid: d at corp)",
            "5: skipped (no SSO email)",
        ])
        #expect(plan.rows.map(\.op) == Array(repeating: .createLogin, count: 5))
    }

    @Test func deleteLoginSkipsUsersWithoutOne() {
        let plan = BulkPlanner.plan(.deleteLogin, scope: "", subjects: [Self.subject("1", "a@x.io", forced: true), Self.subject("2", nil)])
        #expect(Self.lines(plan) == ["1: deleteLogin a@x.io forced on → - ? on", "2: skipped (no email login)"])
    }

    @Test func rowsThatWouldGetTheSameAddressAreAllSkipped() {
        let plan = BulkPlanner.plan(.setEmails, scope: "", subjects: [
            Self.subject("1", "a@x.io"), Self.subject("2", "b@x.io"), Self.subject("3", "c@x.io"),
        ], targets: ["1": "same@x.io", "2": "SAME@x.io", "3": "same@X.io"])
        #expect(Self.lines(plan) == [
            "1: skipped (another row also gets same@x.io)",
            "2: skipped (another row also gets SAME@x.io)",
            "3: skipped (another row also gets same@X.io)",
        ])
    }

    @Test func anAddressAnotherRowKeepsIsTakenWhereverThatRowIs() {
        // Row 2 is at another domain and keeps its address; row 1 would take it (Looker would refuse).
        let plan = BulkPlanner.plan(.setDomain(from: "acme.com", to: "acme.io"), scope: "", subjects: [
            Self.subject("1", "ann@acme.com"), Self.subject("2", "Ann@acme.io"), Self.subject("3", "bob@acme.com"),
        ])
        #expect(Self.lines(plan) == [
            "1: skipped (another row also gets ann@acme.io)",
            "2: skipped (email login at another domain)",
            "3: patchEmail bob@acme.com free on → bob@acme.io free on",
        ])
    }

    @Test func createFromSSODuplicatesAreSkippedToo() {
        let plan = BulkPlanner.plan(.createFromSSO, scope: "", subjects: [
            Self.subject("1", nil, sso: "x@corp.io"), Self.subject("2", nil, sso: "X@corp.io"), Self.subject("3", "x@corp.io"),
        ])
        #expect(plan.rows.map(\.skip) == [.duplicateTarget("x@corp.io"), .duplicateTarget("X@corp.io"), .hasEmailLogin])
    }

    @Test func theAPIUserIsNeverDisabledNorLosesItsLogin() {
        let subjects = [Self.subject("1", "api@x.io"), Self.subject("2", "b@x.io")]
        let disable = BulkPlanner.plan(.disable, scope: "", subjects: subjects, apiUserID: "1")
        #expect(disable.rows.map(\.skip) == [.apiUser, nil])
        let delete = BulkPlanner.plan(.deleteLogin, scope: "", subjects: subjects, apiUserID: "1")
        #expect(delete.rows.map(\.skip) == [.apiUser, nil])
        // Anything else is fine for it: a rename, a forced reset.
        let rename = BulkPlanner.plan(.setDomain(from: "x.io", to: "y.io"), scope: "", subjects: subjects, apiUserID: "1")
        #expect(rename.rows.map(\.skip) == [nil, nil])
    }

    @Test func undoIsNotPlannedFromSubjects() {
        let plan = BulkPlanner.plan(.undo(runID: "20261130-153012-4f2a"), scope: "", subjects: [Self.subject("1", "a@x.io")])
        #expect(plan.rows.map(\.skip) == [.cannotUndo])
        #expect(plan.writeCount == 0)
    }

    @Test func rowsKeepTheirOrderNamesAndIDs() {
        let subjects = (1...50).map { Self.subject("\($0)", $0.isMultiple(of: 3) ? nil : "u\($0)@acme.com") }
        let plan = BulkPlanner.plan(.setDomain(from: "acme.com", to: "acme.io"), scope: "", subjects: subjects)
        #expect(plan.rows.map(\.userID) == subjects.map(\.id))
        #expect(plan.rows.map(\.name) == subjects.map(\.name))
        #expect(plan.writeCount == 34)
    }

    @Test(arguments: [
        "a@b.co", "alice.smith+tag@acme.example.com", "o'brien@x-y.io", "用户@例子.公司", "a@b-c.d", "UPPER@CASE.COM",
        String(repeating: "l", count: 64) + "@" + String(repeating: "d", count: 63) + ".com",
    ])
    func validAddresses(_ address: String) {
        #expect(BulkPlanner.isValidAddress(address))
    }

    @Test(arguments: [
        "", "a", "@b.co", "a@", "a@b", "a@@b.co", "a@b@c.co", "a b@c.co", "a@b c.co", "a\t@b.co", "a\u{1B}[31m@b.co",
        "a\u{200B}@b.co", "a\u{202E}@b.co", "a@b..co", "a@.b.co", "a@b.co.", "a@-b.co", "a@b-.co", "a@b_c.co",
        "a@b.c\u{0}o", " a@b.co", "a@b.co\n",
        String(repeating: "l", count: 65) + "@b.co",
        "a@" + String(repeating: "d", count: 64) + ".co",
        "a@" + Array(repeating: String(repeating: "d", count: 60), count: 5).joined(separator: ".") + ".com",
    ])
    func invalidAddresses(_ address: String) {
        #expect(!BulkPlanner.isValidAddress(address))
    }
}
