import RosterCore

extension Policy {
    /// Decides the policy at start. Precedence: a `roster serve` session (always read-only), the
    /// `--read-only` / `--write` flags, then the profile's `read_only`, then the SSH default
    /// (read-only when `SSH_CONNECTION` is set).
    public static func decide(readOnlyFlag: Bool, writeFlag: Bool, profileValue: Bool?,
                              environment: [String: String], servedAs viewer: String? = nil) -> Policy {
        if let viewer { return Policy(readOnly: true, reason: "a roster serve session", viewer: viewer) }
        if readOnlyFlag { return Policy(readOnly: true, reason: "--read-only") }
        if writeFlag { return Policy(readOnly: false, reason: "--write") }
        if let profileValue { return Policy(readOnly: profileValue, reason: "read_only = \(profileValue) in the profile") }
        if let ssh = environment["SSH_CONNECTION"], !ssh.isEmpty {
            return Policy(readOnly: true, reason: "running over SSH (use --write to allow changes)")
        }
        return Policy(readOnly: false, reason: "default")
    }
}
