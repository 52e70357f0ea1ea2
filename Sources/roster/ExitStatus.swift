import LookerAPI
import RosterCore
import ScreenKit

/// The process exit codes, as `--help` and the README list them.
enum ExitStatus: Int32 {
    case ok = 0
    case other = 1
    case usage = 2          // usage or configuration
    case validation = 3     // 422
    case notFound = 4
    case forbidden = 5      // 403, or refused by read-only mode
    case rateLimited = 6    // still 429 after the retries
    case loginFailed = 7
    case network = 8
    case conflict = 9       // a bulk plan applied already or being applied, a run being run or undone
    case interrupted = 130  // a bulk run stopped by Ctrl-C (resumable), as shells report SIGINT

    static let helpText = """
        Exit codes: 0 ok, 1 other error, 2 usage or configuration, 3 validation failed (422),
        4 not found, 5 forbidden or refused in read-only mode, 6 still rate limited after retries,
        7 login failed, 8 network error.
        """

    /// `roster bulk`'s codes, which read "validation failed" as "some rows failed".
    static let bulkHelpText = """
        Exit codes: 0 every row applied or skipped, 1 other error (or the question answered no), 2 usage or \
        configuration (a bad --where, a bad CSV line, a plan for another instance, no terminal to ask on \
        and no --yes), 3 some rows failed (each as `user ID: field: message` on stderr), 4 run not found, \
        5 forbidden or refused in read-only mode, 6 still rate limited after retries, 7 login failed, \
        8 network error, 9 the plan was applied already or is being applied, or the run is being run or was undone, \
        130 stopped by Ctrl-C (the run is resumable).
        """

    init(_ error: LookerError) {
        switch error {
        case .validation: self = .validation
        case .notFound: self = .notFound
        case .forbidden, .readOnly: self = .forbidden
        case .rateLimited: self = .rateLimited
        case .loginFailed, .unauthorized: self = .loginFailed
        case .transport: self = .network
        case .badRequest, .conflict, .server, .undecodable: self = .other
        }
    }
}

/// A failure the CLI reports on stderr (already sanitized) with its exit code.
struct CLIFailure: Error {
    var code: ExitStatus
    var message: String

    init(_ code: ExitStatus, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The error's summary, sanitized, with the 422 details field by field on their own lines.
    init(_ error: LookerError) {
        code = ExitStatus(error)
        var lines = ["roster: " + DisplayText.fit(error.summary, width: 2000)]
        if case .validation(_, let fields) = error {
            lines = ["roster: " + DisplayText.fit(error.serverMessage?.message ?? "validation failed", width: 500)]
            for f in fields {
                lines.append("  \(DisplayText.fit(f.field.isEmpty ? "(form)" : f.field, width: 80)): \(DisplayText.fit(f.message, width: 500))")
            }
        }
        message = lines.joined(separator: "\n")
    }
}
