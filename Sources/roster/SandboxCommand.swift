import ArgumentParser
import Dispatch
import Foundation
import Sandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the embedded Looker-compatible server alone, for scripts and tests.",
        discussion: """
            Prints one JSON line {"base_url", "client_id", "client_secret"} on stdout once it listens, then \
            serves until SIGINT or SIGTERM. Point roster at it with LOOKERSDK_BASE_URL, LOOKERSDK_CLIENT_ID \
            and LOOKERSDK_CLIENT_SECRET.
            """)

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).") var port = 0
    @Option(help: "How many users to seed.") var users = 500
    @Option(help: "Seed of the generated data.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("The moment seeded dates count back from (last logins fall in the two years before it), e.g. 2026-06-01T12:00:00Z; default: now.",
                               valueName: "ISO8601"))
    var now: String?
    @Flag(help: "Add users whose names carry escape sequences, control, bidi and zero-width characters.") var hostileNames = false
    @Option(help: "Delay added to every answer, in milliseconds.") var latencyMs = 0
    @Option(help: "Answer 429 to every Nth request (0: never).") var rateLimitEvery = 0
    @Option(help: "Send Retry-After: N with each 429.") var retryAfter: Int?
    @Option(name: .customLong("endpoint-limit"),
            help: ArgumentHelp("Let at most N requests to ENDPOINT through in any SECONDS (sliding window); more answer 429 with Retry-After (repeatable).",
                               discussion: "ENDPOINT is one of: " + EndpointLimit.Target.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ")
                                   + ". Independent of --rate-limit-every; refused requests change nothing.",
                               valueName: "ENDPOINT=N/SECONDS"))
    var endpointLimits: [String] = []
    @Option(help: "Lifetime of access tokens, in seconds.") var tokenTtl = 3600
    @Option(help: "Append one JSON line per request to FILE.") var requestLog: String?
    @Option(name: .customLong("trickle"),
            help: ArgumentHelp("Send the answers to matching paths one byte a second, e.g. 'users' for the listing (repeatable).",
                               discussion: "PATH is below /api/4.0; * matches one segment, as in users/*.",
                               valueName: "PATH"))
    var tricklePaths: [String] = []
    @Option(name: .customLong("hang"),
            help: ArgumentHelp("Read requests to matching paths and never answer them (repeatable).", valueName: "PATH"))
    var hangPaths: [String] = []
    @Option(help: "Answer DELETE /logout after this many milliseconds.") var logoutDelayMs = 0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard users >= 1 else { throw ValidationError("--users must be at least 1") }
        guard latencyMs >= 0, rateLimitEvery >= 0, tokenTtl > 0, logoutDelayMs >= 0 else { throw ValidationError("negative values are not allowed") }
        if let now, Self.instant(now) == nil {
            throw ValidationError("--now must be an ISO 8601 time such as 2026-06-01T12:00:00Z")
        }
        for text in endpointLimits {
            do {
                _ = try EndpointLimit(parsing: text)
            } catch {
                throw ValidationError("--endpoint-limit: \(error.description)")
            }
        }
    }

    private static func instant(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }

    func run() async throws {
        var options = SandboxOptions()
        options.port = port
        options.users = users
        options.seed = seed
        if let now, let instant = Self.instant(now) { options.now = instant }
        options.hostileNames = hostileNames
        options.latencyMs = latencyMs
        options.rateLimitEvery = rateLimitEvery
        options.retryAfterSeconds = retryAfter
        options.endpointLimits = try endpointLimits.map { try EndpointLimit(parsing: $0) }
        options.tokenTTL = tokenTtl
        options.requestLogPath = requestLog
        options.tricklePaths = tricklePaths
        options.hangPaths = hangPaths
        options.logoutDelayMs = logoutDelayMs
        let sandbox: Sandbox
        do {
            sandbox = try await Sandbox.start(options)
        } catch {
            throw CLIFailure(.other, "roster: sandbox: cannot start: \(error)")
        }
        let ready = ["base_url": sandbox.baseURL, "client_id": sandbox.clientID, "client_secret": sandbox.clientSecret]
        let line = try JSONSerialization.data(withJSONObject: ready, options: [.sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(line + Data("\n".utf8))
        let signo = await waitForTermination()
        await sandbox.stop()
        if signo == SIGTERM || signo == SIGINT { return }
    }
}

/// Waits for SIGINT or SIGTERM; returns which arrived.
func waitForTermination() async -> Int32 {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
        let queue = DispatchQueue(label: "roster.signals")
        let box = SignalSources()
        for signo in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
            source.setEventHandler {
                if box.fire() { continuation.resume(returning: signo) }
            }
            source.resume()
            box.keep(source)
        }
    }
}

private final class SignalSources: @unchecked Sendable {
    // Only touched on the signal queue after setup.
    private var sources: [any DispatchSourceSignal] = []
    private var fired = false
    func keep(_ s: any DispatchSourceSignal) { sources.append(s) }
    func fire() -> Bool {
        if fired { return false }
        fired = true
        return true
    }
}
