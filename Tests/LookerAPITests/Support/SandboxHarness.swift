import Foundation
import Testing
import LookerAPI
import Sandbox
import TestSupport

/// A running sandbox and a client logged into it, torn down together whatever the test does.
struct Harness {
    let sandbox: Sandbox
    let client: LookerClient
    /// Every delay the client asked its retry policy to sleep; the sleep itself returns at once.
    let sleeps: Recorder<Duration>
    let events: Recorder<ClientEvent>

    /// Starts a sandbox with `configure` applied to the default options, runs `body` with a client
    /// for it, then shuts the client down and stops the sandbox, also when `body` throws.
    static func run(users: Int = 60,
                    configure: (inout SandboxOptions) -> Void = { _ in },
                    readOnly: Bool = false,
                    clientSecret: String? = nil,
                    _ body: (Harness) async throws -> Void) async throws {
        var options = SandboxOptions()
        options.users = users
        configure(&options)
        let sleeps = Recorder<Duration>()
        let events = Recorder<ClientEvent>()
        try await SandboxRun.with(options, client: {
            makeClient(for: $0, readOnly: readOnly, clientSecret: clientSecret, sleeps: sleeps, events: events)
        }) { sandbox, client in
            try await body(Harness(sandbox: sandbox, client: client, sleeps: sleeps, events: events))
        }
    }

    static func makeClient(for sandbox: Sandbox, readOnly: Bool = false, clientSecret: String? = nil,
                           timeoutSeconds: Int = 10,
                           sleeps: Recorder<Duration>, events: Recorder<ClientEvent>) -> LookerClient {
        makeClient(baseURL: sandbox.baseURL, clientID: sandbox.clientID,
                   clientSecret: clientSecret ?? sandbox.clientSecret, readOnly: readOnly,
                   timeoutSeconds: timeoutSeconds, sleeps: sleeps, events: events)
    }

    /// A client whose retry policy records its sleeps instead of waiting. The HTTP library keeps trying
    /// a refused connection until the connect timeout, so tests of a closed port pass a short one.
    static func makeClient(baseURL: String, clientID: String, clientSecret: String, readOnly: Bool,
                           timeoutSeconds: Int = 10,
                           sleeps: Recorder<Duration>, events: Recorder<ClientEvent>) -> LookerClient {
        let config = LookerConfig(baseURL: baseURL, clientID: clientID, clientSecret: clientSecret,
                                  timeoutSeconds: timeoutSeconds)
        let retry = RetryPolicy(sleep: { sleeps.append($0) })
        return LookerClient(config: config, readOnly: readOnly, retry: retry, onEvent: { events.append($0) })
    }

    /// The requests the sandbox saw, as `METHOD /path status` lines, for exact comparisons.
    func trace() async -> [String] {
        await sandbox.requests().map { "\($0.method) \($0.path) \($0.status)" }
    }

    /// The value of `name` in a logged query string, percent-decoded.
    static func queryValue(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init) == name {
                return parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
            }
        }
        return nil
    }
}

extension Duration {
    /// The duration in seconds, for range checks.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

/// The `LookerError` a call threw, or nil after recording an issue when it succeeded or threw
/// something else.
func failure<T>(of call: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async -> LookerError? {
    do {
        _ = try await call()
        Issue.record("the call was expected to fail", sourceLocation: sourceLocation)
        return nil
    } catch let error as LookerError {
        return error
    } catch {
        Issue.record("expected a LookerError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
