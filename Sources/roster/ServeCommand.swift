import ArgumentParser
import Foundation
import ScreenKit
import LookerAPI
import Logging
import NIOCore
import RosterServices
import RosterCore
import Sandbox
import Serve

/// `roster serve`: the read-only TUI over SSH, without handing out the API secret.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the read-only UI over SSH (public keys only; nothing else is offered).",
        discussion: """
            Viewers connect with their own key (ssh -p 2222 HOST) and get the UI, read-only, as a child \
            process on a pseudo-terminal of its own; the Looker credentials stay with this process and reach \
            each child on a pipe. Keys come from the authorized_keys file (re-read on every connection; the \
            comment names the viewer); the host key is created on first start. Every session is logged to \
            $XDG_STATE_HOME/roster/serve.jsonl. SIGINT or SIGTERM ends every session cleanly and exits.
            """)

    @Option(help: ArgumentHelp("Address and port to listen on (port 0 picks a free one).", valueName: "HOST:PORT"))
    var listen = "127.0.0.1:2222"
    @Option(help: ArgumentHelp("The keys that may connect (default: $XDG_CONFIG_HOME/roster/authorized_keys).", valueName: "FILE"))
    var authorizedKeys: String?
    @Option(help: ArgumentHelp("The ed25519 host key, created on first start (default: $XDG_STATE_HOME/roster/ssh_host_ed25519_key).",
                               valueName: "FILE"))
    var hostKey: String?
    @Option(help: "Sessions open at once; more are refused with a reason.") var maxSessions = 16
    @Option(help: ArgumentHelp("End a session after this long without input: 90s, 30m, 2h; 0 never.", valueName: "DURATION"))
    var idleTimeout = "30m"
    @Option(help: "Sessions at once over one SSH connection (a multiplexing client opens several).")
    var maxSessionsPerConnection = 4
    @Option(help: "Connections waiting to log in at once; a new one closes the oldest waiting one.") var maxUnauthenticated = 32
    @Option(help: ArgumentHelp("Connections from one address that may end without logging in, per minute, before logins from it go one at a time.",
                               valueName: "N"))
    var failedLoginsPerMinute = 30
    @Option(help: "The looker.ini section to serve (default: the first).") var profile: String?
    @Option(help: "The looker.ini to read (default: ./looker.ini, then $XDG_CONFIG_HOME/roster/looker.ini).") var config: String?
    @Flag(help: "Serve the embedded demo sandbox instead of a Looker instance.") var demo = false
    @Option(help: "Users in the demo sandbox.") var demoUsers = 500

    func validate() throws {
        guard Self.parseListen(listen) != nil else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:2222") }
        guard Self.parseDuration(idleTimeout) != nil else { throw ValidationError("--idle-timeout: expected 90s, 30m, 2h or 0") }
        guard maxSessions >= 1, maxSessionsPerConnection >= 1, maxUnauthenticated >= 1, failedLoginsPerMinute >= 1, demoUsers >= 1 else {
            throw ValidationError("--max-sessions, --max-sessions-per-connection, --max-unauthenticated, --failed-logins-per-minute "
                + "and --demo-users must be at least 1")
        }
        if demo && (profile != nil || config != nil) { throw ValidationError("--demo serves the sandbox: no --config or --profile") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = Logger(label: "roster.serve")
        let (host, port) = Self.parseListen(listen)!
        let keysPath = authorizedKeys ?? Self.configDirectory(environment) + "/authorized_keys"
        let keyPath = hostKey ?? StatePaths.directory(environment: environment) + "/ssh_host_ed25519_key"

        let key: HostKey
        do { key = try HostKey.loadOrCreate(path: keyPath) } catch { throw CLIFailure(.usage, "roster serve: \(error)") }

        var sandbox: Sandbox?
        let lookerConfig: RosterConfig
        if demo {
            var options = SandboxOptions()
            options.users = demoUsers
            do { sandbox = try await Sandbox.start(options) } catch {
                throw CLIFailure(.other, "roster serve: cannot start the demo sandbox: \(error)")
            }
            lookerConfig = RosterConfig(looker: LookerConfig(baseURL: sandbox!.baseURL, clientID: sandbox!.clientID,
                                                             clientSecret: sandbox!.clientSecret))
        } else {
            // Read once here; children get the result on a pipe and never read looker.ini.
            do {
                lookerConfig = try RosterConfig.load(configPath: config, profile: profile, environment: environment,
                                                     currentDirectory: FileManager.default.currentDirectoryPath)
            } catch {
                throw CLIFailure(.usage, "roster serve: config: \(error)")
            }
            for warning in lookerConfig.warnings { Self.err("roster serve: warning: \(warning)") }
        }

        let keys = AuthorizedKeys.load(path: keysPath)
        for warning in keys.warnings { Self.err("roster serve: warning: \(warning)") }

        var settings = ServeSettings(authorizedKeysPath: keysPath, hostKey: key, childExecutable: Self.executablePath(),
                                     handoff: Handoff(config: lookerConfig, demo: demo), serverEnvironment: environment,
                                     sessionLogPath: StatePaths.directory(environment: environment) + "/serve.jsonl")
        settings.host = host
        settings.port = port
        settings.maxSessions = maxSessions
        settings.idleTimeout = Self.parseDuration(idleTimeout)!
        settings.maxSessionsPerConnection = maxSessionsPerConnection
        settings.maxUnauthenticated = maxUnauthenticated
        settings.failedLoginsPerMinute = failedLoginsPerMinute

        let server: SSHServer
        do {
            server = try await SSHServer.start(settings, logger: logger, onEvent: { line in
                Self.err("roster serve: " + DisplayText.sanitize(line))
            })
        } catch {
            await sandbox?.stop()
            throw CLIFailure(.other, "roster serve: \(error)")
        }
        let what = demo ? "the demo sandbox (\(demoUsers) users)" : DisplayText.sanitize(lookerConfig.looker.host)
        Self.out("""
            roster serve: listening on \(host):\(server.port), serving \(what) read-only
            host key \(key.fingerprint)\(key.created ? " (created \(keyPath))" : "")
            known_hosts: \(key.knownHostsLine(host: host, port: server.port))
            authorized keys: \(DisplayText.sanitize(keysPath)) (\(keys.keys.count) usable)
            connect: ssh -p \(server.port) \(host)
            """)
        logger.info("listening", metadata: ["address": "\(host):\(server.port)", "host_key": "\(key.fingerprint)"])

        let signo = await waitForTermination()
        Self.err("roster serve: signal \(signo): ending every session")
        await server.shutdown()
        await sandbox?.stop()
        logger.info("stopped")
    }

    static func out(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    static func err(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    static func configDirectory(_ environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/roster" }
        return (environment["HOME"] ?? NSTemporaryDirectory()) + "/.config/roster"
    }

    /// This binary, for the sessions' children.
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    static func parseListen(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        return (host, port)
    }

    /// "90s", "30m", "2h", "45" (seconds); "0" turns the timeout off (`.some(nil)`).
    static func parseDuration(_ text: String) -> TimeAmount?? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        var digits = Substring(text)
        var factor: Int64 = 1
        if let last = text.last, let unit = units[last] {
            factor = unit
            digits = digits.dropLast()
        }
        guard let value = Int64(digits), value >= 0 else { return nil }
        return .some(value == 0 ? nil : .seconds(value * factor))
    }
}
