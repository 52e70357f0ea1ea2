import Foundation
import Hummingbird
import Logging

/// An embedded Looker-compatible API server (the subset Roster uses) on loopback, seeded with users.
///
/// `start` returns once the server is listening. All state lives in one actor, so the control methods
/// (`inject`, `expireAllTokens`, ...) take effect for the very next request. Call `stop` when done.
public final class Sandbox: Sendable {
    /// `http://HOST:PORT`, without `/api/4.0`, as `base_url` in `looker.ini` expects.
    public let baseURL: String
    public let clientID: String
    public let clientSecret: String

    private let emulator: LookerEmulator
    private let server: Task<Void, Never>
    private let stopping: StopSignal

    private init(baseURL: String, options: SandboxOptions, emulator: LookerEmulator, server: Task<Void, Never>,
                 stopping: StopSignal) {
        self.baseURL = baseURL
        self.clientID = options.clientID
        self.clientSecret = options.clientSecret
        self.emulator = emulator
        self.server = server
        self.stopping = stopping
    }

    /// Seeds the users, binds `host:port` (port 0 picks a free one) and returns once requests are accepted.
    public static func start(_ options: SandboxOptions) async throws -> Sandbox {
        let emulator = try LookerEmulator(options: options)
        let bridge = HTTPBridge(emulator: emulator, options: options, stopping: StopSignal())
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await bridge.respond(to: request)
        }
        let (events, continuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? 0)) },
            logger: Logger(label: "roster.sandbox") { _ in SwiftLogNoOpLogHandler() }
        )
        let server = Task {
            do {
                try await app.run()
                continuation.yield(.failure(SandboxError.stoppedBeforeListening))
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        var iterator = events.makeAsyncIterator()
        let port: Int
        do {
            guard let first = await iterator.next() else { throw SandboxError.stoppedBeforeListening }
            port = try first.get()
        } catch {
            bridge.stopping.fire()
            server.cancel()
            await emulator.close()
            throw error
        }
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        let baseURL = "http://\(host):\(port)"
        await emulator.setBaseURL(baseURL)
        return Sandbox(baseURL: baseURL, options: options, emulator: emulator, server: server, stopping: bridge.stopping)
    }

    /// `GET` on a path under this prefix is a marker: the sandbox logs it like any request and answers
    /// 200 with no body, past every fault, rate limit and endpoint limit (it counts toward none). A test
    /// sends one once it is done and waits for it in the log: every request answered before it is
    /// logged before it, so "nothing was sent" can be checked on a complete log.
    public static let markerPathPrefix = "/sandbox/marker/"

    /// A copy of every request seen so far, oldest first.
    public func requests() async -> [LoggedRequest] {
        await emulator.requests()
    }

    public func clearRequests() async {
        await emulator.clearRequests()
    }

    /// Adds a canned answer for matching requests; see ``Fault``.
    public func inject(_ fault: Fault) async {
        await emulator.inject(fault)
    }

    /// Makes every issued access token stale, so the next authenticated request answers 401.
    public func expireAllTokens() async {
        await emulator.expireAllTokens()
    }

    /// The stored user with this id, or nil.
    public func user(id: String) async -> SandboxUser? {
        await emulator.user(id: id)
    }

    /// Suspends until the server stops (after ``stop()`` or a failure); for running the sandbox alone.
    public func waitUntilStopped() async {
        await server.value
    }

    /// Stops accepting connections, ends the answers held back by faults, ends the server and closes
    /// the request log.
    public func stop() async {
        // Held-back answers first: the server's graceful shutdown waits for requests in flight.
        stopping.fire()
        server.cancel()
        await server.value
        await emulator.close()
    }
}

/// Why a sandbox could not start.
public enum SandboxError: Error, Sendable, CustomStringConvertible {
    case stoppedBeforeListening

    public var description: String {
        switch self {
        case .stoppedBeforeListening: "the sandbox server stopped before it was listening"
        }
    }
}
