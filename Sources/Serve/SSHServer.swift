import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSH

/// How `roster serve` runs; resolved by the command line.
public struct ServeSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 2222
    public var authorizedKeysPath: String
    public var hostKey: HostKey
    public var maxSessions = 16
    /// No input for this long ends a session; nil: never.
    public var idleTimeout: TimeAmount? = .minutes(30)
    /// Sessions running at once over one SSH connection (a multiplexing client opens several).
    public var maxSessionsPerConnection = 4
    /// Connections waiting to log in at once; more close the oldest waiting one (`LoginGate`).
    public var maxUnauthenticated = 32
    /// Connections per source address that may end without logging in in a minute before
    /// logins from it are taken one at a time (`LoginGate`).
    public var failedLoginsPerMinute = 30
    /// USERAUTH_REQUESTs per connection ("none" and each key offer count; a signed try counts twice).
    public var maxAuthAttempts = 12
    /// A connection that has not logged in by then is closed.
    public var authTimeout: TimeAmount = .seconds(30)
    /// The same, for an address over its failed-login budget.
    public var throttledAuthTimeout: TimeAmount = .seconds(5)
    /// The `roster` binary the sessions run.
    public var childExecutable: String
    public var handoff: Handoff
    /// The server's environment; only the state/config locations pass to children.
    public var serverEnvironment: [String: String]
    public var sessionLogPath: String

    public init(authorizedKeysPath: String, hostKey: HostKey, childExecutable: String, handoff: Handoff,
                serverEnvironment: [String: String], sessionLogPath: String) {
        self.authorizedKeysPath = authorizedKeysPath
        self.hostKey = hostKey
        self.childExecutable = childExecutable
        self.handoff = handoff
        self.serverEnvironment = serverEnvironment
        self.sessionLogPath = sessionLogPath
    }
}

/// The SSH server whose only service is the read-only TUI. One event loop carries every
/// connection, session and pty; each session's TUI is a child process, so a crash in one session
/// ends that session only.
public final class SSHServer: Sendable {
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: Channel
    private let registry: NIOLoopBound<SessionRegistry>
    private let sweeper: RepeatedTask

    /// Binds and starts accepting. `onEvent` gets one human line per session start and end.
    public static func start(_ settings: ServeSettings, logger: Logger,
                             onEvent: @escaping @Sendable (String) -> Void = { _ in }) async throws -> SSHServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let registry = try await loop.submit {
            NIOLoopBound(SessionRegistry(settings: settings, logger: logger, onEvent: onEvent), eventLoop: loop)
        }.get()
        let limits = LoginGate.Limits(maxUnauthenticated: settings.maxUnauthenticated,
                                      failedLoginsPerMinute: settings.failedLoginsPerMinute,
                                      loginTimeout: settings.authTimeout, throttledLoginTimeout: settings.throttledAuthTimeout)
        // Warnings already shown (at start, by the command); a line added later is reported once.
        let reported = KeyFileWarnings(AuthorizedKeys.load(path: settings.authorizedKeysPath).warnings)
        let gate = try await loop.submit {
            let gate = LoginGate(limits: limits)
            gate.onNotice = { logger.warning("\($0)") }
            return NIOLoopBound(gate, eventLoop: loop)
        }.get()
        let sweeper = loop.scheduleRepeatedTask(initialDelay: .milliseconds(500), delay: .milliseconds(500)) { _ in
            gate.value.sweep()
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // No half-closure on the TCP connection: a client's EOF (or its death) must close the
            // connection and so every session on it. The SSH session channels do allow it.
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.setUpConnection(channel, settings: settings, registry: registry.value, gate: gate.value,
                                             reported: reported, logger: logger, onEvent: onEvent)
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.bind(host: settings.host, port: settings.port).get()
        } catch {
            sweeper.cancel()
            try? await group.shutdownGracefully()
            throw ServeError.listen("\(settings.host):\(settings.port): \(error)")
        }
        return SSHServer(port: channel.localAddress?.port ?? settings.port, group: group, channel: channel, registry: registry,
                         sweeper: sweeper)
    }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: Channel, registry: NIOLoopBound<SessionRegistry>,
                 sweeper: RepeatedTask) {
        self.port = port
        self.group = group
        self.channel = channel
        self.registry = registry
        self.sweeper = sweeper
    }

    /// Called on the loop for each accepted TCP connection.
    static func setUpConnection(_ channel: Channel, settings: ServeSettings, registry: SessionRegistry, gate: LoginGate,
                                reported: KeyFileWarnings, logger: Logger, onEvent: @escaping @Sendable (String) -> Void) throws {
        let address = channel.remoteAddress?.ipAddress ?? "?"
        let remote = "\(address):\(channel.remoteAddress?.port ?? 0)"
        let id: Int
        switch gate.admit(address, close: { channel.close(promise: nil) }) {
        case .refused(let reason):
            logger.warning("connection refused", metadata: ["remote": "\(remote)", "reason": "\(reason)"])
            channel.closeFuture.assumeIsolated().whenComplete { _ in gate.refusalEnded() }
            try channel.pipeline.syncOperations.addHandler(SSHRefusalHandler(reason: reason))
            return
        case .dropped:
            channel.close(promise: nil)
            return
        case .admitted(let admitted):
            id = admitted
        }
        channel.closeFuture.assumeIsolated().whenComplete { _ in gate.ended(id) }
        // Re-read on every connection: removing a line revokes access for new sessions.
        let keys = AuthorizedKeys.load(path: settings.authorizedKeysPath)
        for warning in reported.new(keys.warnings) {
            logger.warning("authorized_keys: \(warning)")
            onEvent("warning: " + warning)
        }
        let login = LoginState()
        let delegate = KeyAuthDelegate(keys: keys, login: login, address: address, remote: remote, logger: logger,
                                       loggedIn: { gate.loggedIn(id) })
        var configuration = SSHServerConfiguration(hostKeys: [settings.hostKey.privateKey], userAuthDelegate: delegate)
        configuration.maxAuthAttempts = settings.maxAuthAttempts
        let sessions = ConnectionSessions(registry: registry, limit: settings.maxSessionsPerConnection)
        let handler = NIOSSHHandler(role: .server(configuration), allocator: channel.allocator) { child, type in
            guard case .session = type, let key = login.key else {
                logger.info("channel refused", metadata: ["remote": "\(remote)", "type": "\(type)"])
                return child.eventLoop.makeFailedFuture(SessionRefusal("only sessions are offered"))
            }
            // Channels beyond what the per-connection cap can explain are dropped outright; the
            // first ones over it get a shell refusal that says why (see ConnectionSessions).
            guard sessions.openChannels < sessions.limit + ConnectionSessions.slack else {
                logger.info("channel refused: too many on one connection", metadata: ["remote": "\(remote)"])
                return child.eventLoop.makeFailedFuture(SessionRefusal("too many channels"))
            }
            sessions.openChannels += 1
            child.closeFuture.assumeIsolated().whenComplete { _ in sessions.openChannels -= 1 }
            let identity = SessionIdentity(remote: remote, viewer: key.viewer, fingerprint: key.fingerprint)
            return child.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).flatMapThrowing {
                try child.pipeline.syncOperations.addHandler(
                    SessionHandler(identity: identity, launcher: sessions, idleTimeout: settings.idleTimeout, logger: logger))
            }
        }
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.pipeline.syncOperations.addHandler(ConnectionErrorHandler(remote: remote, logger: logger))
    }

    /// Ends every session (children hung up: their terminals are restored and exit statuses sent),
    /// waits for them (bounded by the children's kill timeout), then stops listening.
    public func shutdown() async {
        let loop = channel.eventLoop
        let registry = self.registry
        sweeper.cancel()
        _ = try? await channel.close()
        let drained = try? await loop.flatSubmit { registry.value.shutDown(on: loop) }.get()
        _ = drained
        // Give the last exit statuses a moment to leave before the connections go.
        try? await Task.sleep(for: .milliseconds(200))
        try? await group.shutdownGracefully()
    }

    /// The sessions running now.
    public func sessionCount() async -> Int {
        let registry = self.registry
        return (try? await channel.eventLoop.submit { registry.value.runningCount }.get()) ?? 0
    }
}

/// Which key logged in on a connection (set by the auth delegate, read when a session opens).
final class LoginState {
    var key: AuthorizedKey?
}

/// Public keys only, checked against the authorized_keys read for this connection. NIOSSH has
/// verified the signature before asking; an unsigned key query never reaches here.
final class KeyAuthDelegate: NIOSSHServerUserAuthenticationDelegate {
    let keys: AuthorizedKeys
    let login: LoginState
    /// The client's IP address, for `from=`.
    let address: String
    let remote: String
    let logger: Logger
    let loggedIn: () -> Void

    init(keys: AuthorizedKeys, login: LoginState, address: String, remote: String, logger: Logger, loggedIn: @escaping () -> Void) {
        self.keys = keys
        self.login = login
        self.address = address
        self.remote = remote
        self.logger = logger
        self.loggedIn = loggedIn
    }

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(request: NIOSSHUserAuthenticationRequest,
                         responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>) {
        guard case .publicKey(let offer) = request.request else {
            responsePromise.succeed(.failure)
            return
        }
        let (found, listed) = keys.lookup(offer.publicKey, from: address)
        guard let entry = found else {
            let why = listed ? "from= does not allow this address" : "not in authorized_keys"
            logger.info("key refused: \(why)", metadata: ["remote": "\(remote)", "fingerprint": "\(Fingerprint.sha256(offer.publicKey))"])
            responsePromise.succeed(.failure)
            return
        }
        login.key = entry
        loggedIn()
        logger.info("key accepted", metadata: ["remote": "\(remote)", "viewer": "\(entry.viewer)", "fingerprint": "\(entry.fingerprint)"])
        responsePromise.succeed(.success)
    }
}

/// Closes a connection on any protocol error (a bad client must not linger) and logs why.
final class ConnectionErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    let remote: String
    let logger: Logger

    init(remote: String, logger: Logger) {
        self.remote = remote
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.info("connection closed on error", metadata: ["remote": "\(remote)", "error": "\(error)"])
        context.close(promise: nil)
    }
}
