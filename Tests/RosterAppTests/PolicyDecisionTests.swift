import RosterCore
import RosterServices
import Testing

@Suite struct PolicyDecisionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var readOnlyFlag: Bool
        var writeFlag: Bool
        var profile: Bool?
        var ssh: Bool
        var readOnly: Bool
        var reason: String
        var testDescription: String { "ro=\(readOnlyFlag) w=\(writeFlag) profile=\(String(describing: profile)) ssh=\(ssh)" }
    }

    static let sshReason = "running over SSH (use --write to allow changes)"
    static let table: [Row] = [
        Row(readOnlyFlag: false, writeFlag: false, profile: nil, ssh: false, readOnly: false, reason: "default"),
        Row(readOnlyFlag: false, writeFlag: false, profile: nil, ssh: true, readOnly: true, reason: sshReason),
        Row(readOnlyFlag: false, writeFlag: false, profile: false, ssh: true, readOnly: false,
            reason: "read_only = false in the profile"),
        Row(readOnlyFlag: false, writeFlag: false, profile: true, ssh: false, readOnly: true,
            reason: "read_only = true in the profile"),
        Row(readOnlyFlag: false, writeFlag: true, profile: true, ssh: true, readOnly: false, reason: "--write"),
        Row(readOnlyFlag: false, writeFlag: true, profile: nil, ssh: true, readOnly: false, reason: "--write"),
        Row(readOnlyFlag: true, writeFlag: false, profile: false, ssh: false, readOnly: true, reason: "--read-only"),
        // Both flags: the safe one wins.
        Row(readOnlyFlag: true, writeFlag: true, profile: false, ssh: false, readOnly: true, reason: "--read-only"),
    ]

    @Test(arguments: table)
    func precedence(_ row: Row) {
        let env = row.ssh ? ["SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22"] : ["TERM": "xterm"]
        let decision = Policy.decide(readOnlyFlag: row.readOnlyFlag, writeFlag: row.writeFlag,
                                                profileValue: row.profile, environment: env)
        #expect(decision.readOnly == row.readOnly)
        #expect(decision.reason == row.reason)
    }

    @Test func emptySSHConnectionIsNotSSH() {
        let decision = Policy.decide(readOnlyFlag: false, writeFlag: false, profileValue: nil,
                                                environment: ["SSH_CONNECTION": ""])
        #expect(decision.readOnly == false)
    }

    @Test func aServedSessionIsReadOnlyWhateverTheFlagsSayAndKeepsItsSecrets() {
        let policy = Policy.decide(readOnlyFlag: false, writeFlag: true, profileValue: false, environment: [:], servedAs: "alice")
        #expect(policy.readOnly)
        #expect(policy.viewer == "alice")
        #expect(policy.refusal(.change("saving")) == "read-only: saving is off")
        #expect(!policy.canRevealSecrets)
        #expect(!policy.canUseClipboard)
        let own = Policy.decide(readOnlyFlag: true, writeFlag: false, profileValue: nil, environment: [:])
        #expect(own.canRevealSecrets && own.canUseClipboard, "read-only alone hides nothing from the admin")
    }
}
