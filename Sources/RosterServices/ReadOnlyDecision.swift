/// Whether Roster may change anything, and why: Roster's own policy (the Looker SDKs know nothing of
/// it), decided once at start. Precedence: `--read-only` / `--write` flags, then the profile's
/// `read_only`, then the SSH default (read-only when `SSH_CONNECTION` is set).
public struct ReadOnlyDecision: Sendable, Equatable {
    public var readOnly: Bool
    public var reason: String

    public static func resolve(readOnlyFlag: Bool, writeFlag: Bool, profileValue: Bool?,
                               environment: [String: String]) -> ReadOnlyDecision {
        if readOnlyFlag { return .init(readOnly: true, reason: "--read-only") }
        if writeFlag { return .init(readOnly: false, reason: "--write") }
        if let profileValue { return .init(readOnly: profileValue, reason: "read_only = \(profileValue) in the profile") }
        if let ssh = environment["SSH_CONNECTION"], !ssh.isEmpty {
            return .init(readOnly: true, reason: "running over SSH (use --write to allow changes)")
        }
        return .init(readOnly: false, reason: "default")
    }
}
