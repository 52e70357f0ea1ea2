import RosterCore
import Testing

/// `BulkPlan.problems`: a plan is data someone may have edited, so every written row is held to
/// what its action would write, and every id to the id rule.
@Suite struct PlanCheckTests {
    static func snap(_ email: String?, forced: Bool? = false, disabled: Bool? = false) -> BulkSnapshot {
        BulkSnapshot(email: email, forcedReset: forced, disabled: disabled)
    }

    static func row(_ id: String, _ op: BulkOp, _ before: BulkSnapshot, _ after: BulkSnapshot, skip: SkipReason? = nil) -> PlanRow {
        PlanRow(userID: id, name: "U", op: op, before: before, after: after, skip: skip)
    }

    static let rename = BulkAction.setDomain(from: "acme.com", to: "acme.io")

    @Test func aPlanThePlannerMadeHoldsTogether() {
        let subjects = (1...6).map { i in
            BulkSubject(id: "\(i)", name: "U\(i)", loginEmail: i == 3 ? nil : "u\(i)@acme.com", forcedReset: false,
                        disabled: i == 4, ssoEmail: "u\(i)@sso.io")
        }
        let actions: [BulkAction] = [Self.rename, .forceReset(true), .forceReset(false), .disable, .enable, .sendReset,
                                     .createFromSSO, .deleteLogin]
        for action in actions {
            let plan = BulkPlanner.plan(action, scope: "all", subjects: subjects, apiUserID: "2")
            #expect(plan.problems(apiUserID: "2") == [], "\(action)")
        }
    }

    @Test func eachKindOfEditIsNamedWithItsRow() {
        let good = Self.row("7", .patchEmail, Self.snap("a@acme.com"), Self.snap("a@acme.io"))
        func problems(_ rows: [PlanRow], _ action: BulkAction = Self.rename) -> [String] {
            BulkPlan(action: action, scope: "", rows: rows).problems(apiUserID: "1").map(\.text)
        }
        #expect(problems([good]) == [])
        #expect(problems([Self.row("7", .deleteLogin, Self.snap("a@acme.com"), Self.snap(nil))])
                == ["row 1 (user 7): a deleteLogin request does not belong in a plan to set domain acme.com → acme.io"])
        #expect(problems([Self.row("7", .patchEmail, Self.snap("a@acme.com"), Self.snap("m@evil.example"))])
                == ["row 1 (user 7): m@evil.example is not a@acme.com moved to acme.io"])
        #expect(problems([Self.row("7", .patchEmail, Self.snap("a@other.org"), Self.snap("a@acme.io"))])
                == ["row 1 (user 7): a@other.org is not at acme.com"])
        #expect(problems([good, good]) == ["row 2 (user 7): the same user appears more than once"])
        #expect(problems([Self.row("", .patchEmail, Self.snap("a@acme.com"), Self.snap("a@acme.io"))]).first?
                    .hasPrefix("row 1 (user \"\"): not a user id") == true)
        #expect(problems([Self.row("1/x", .patchEmail, Self.snap("a@acme.com"), Self.snap("a@acme.io"))]).count == 1)
        let hostile = problems([Self.row("7\u{1b}[2J\nrow 9 (user 1): fine", .patchEmail, Self.snap("a@acme.com"), Self.snap("a@acme.io"))])
        #expect(hostile.count == 1 && !hostile[0].contains("\u{1b}") && !hostile[0].contains("\n"), "\(hostile)")
        #expect(problems([Self.row("7", .patchEmail, Self.snap("a@acme.com"), Self.snap("a@acme.com"))], .setEmails)
                == ["row 1 (user 7): the new address is the old one: nothing to change"])
        #expect(problems([Self.row("7", .patchEmail, Self.snap("a@acme.com"), Self.snap("=1+2@x.org"))], .setEmails)
                == ["row 1 (user 7): the new address is not a valid email address: =1+2@x.org"])
        #expect(problems([Self.row("7", .setForcedReset, Self.snap("a@x.io"), Self.snap("a@x.io", forced: false))], .forceReset(true))
                .count == 1)
        #expect(problems([Self.row("7", .setDisabled, Self.snap(nil), Self.snap(nil, disabled: false))], .disable)
                == ["row 1 (user 7): enables a user in a plan to disable"])
        #expect(problems([Self.row("1", .setDisabled, Self.snap(nil), Self.snap(nil, disabled: true))], .disable)
                == ["row 1 (user 1): the API user Roster acts as is never disabled nor loses its email login"])
        #expect(problems([Self.row("7", .createLogin, Self.snap("a@x.io"), Self.snap("b@x.io"))], .createFromSSO).count == 1)
        // A skipped row sends nothing, so nothing in it is held to a rule (an unknown CSV address is "line 5").
        #expect(problems([Self.row("7", .deleteLogin, Self.snap(nil), Self.snap(nil), skip: .noEmailLogin),
                          Self.row("line 5", .patchEmail, Self.snap("x@y.org"), Self.snap("x@y.org"), skip: .unknownUser),
                          Self.row("line 5", .patchEmail, Self.snap("z@y.org"), Self.snap("z@y.org"), skip: .unknownUser)]) == [])
    }

    @Test func anUndoRowPutsBackWhateverWasThereButKeepsItsShape() {
        let undo = BulkAction.undo(runID: "r")
        let odd = Self.row("7", .patchEmail, Self.snap("a@acme.io"), Self.snap("\"odd\"@acme.com"))
        #expect(BulkPlan(action: undo, scope: "", rows: [odd]).problems() == [])
        let sent = Self.row("8", .sendReset, Self.snap("a@x.io"), Self.snap("a@x.io"))
        #expect(BulkPlan(action: undo, scope: "", rows: [sent]).problems().count == 1)
    }

    @Test func addressesASpreadsheetWouldRunOrThatNeedQuotesAreNotPlanned() {
        for bad in ["=1+2@x.org", "+1@x.org", "-a@x.org", "a\"b@example.org", "a,b@x.org", "a..b@x.org", ".a@x.org", "a.@x.org",
                    "a<b>@x.org"] {
            #expect(!BulkPlanner.isValidAddress(bad), "\(bad)")
        }
        for good in ["a+tag@x.org", "o'neil@x.org", "a.b-c_d@x.org", "名前@example.jp"] {
            #expect(BulkPlanner.isValidAddress(good), "\(good)")
        }
    }

    @Test func aLongAddressLeavesRoomForTheOtherSide() {
        let long = String(repeating: "a", count: 300) + "@acme.com"
        let row = Self.row("7", .patchEmail, Self.snap(long), Self.snap("b@acme.io"))
        #expect(row.change.hasSuffix(" → b@acme.io"))
        #expect(row.change.count <= 60 + 3 + 9)
        #expect(row.change(sideWidth: .max).hasPrefix(long), "whole for JSON")
        #expect(1.counted("row") == "1 row" && 1_204.counted("row") == "1,204 rows")
    }

    @Test func theUserIDRule() {
        #expect(UserIDRule.isValid("42") && UserIDRule.isValid("a_b-C9"))
        for bad in ["", "1/2", "1?x", "%2F", "1.2", " 1", String(repeating: "9", count: 65), "é"] {
            #expect(!UserIDRule.isValid(bad), "\(bad)")
        }
    }
}
