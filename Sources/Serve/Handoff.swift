import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LookerAPI
import RosterServices

/// What a served session's child needs to reach Looker, handed over on an inherited pipe (fd 3),
/// never in argv or the environment, where other local users could read it (/proc/PID/cmdline and,
/// for the same user, /proc/PID/environ). The child reads it once and never reads looker.ini.
public struct Handoff: Codable, Sendable, Equatable {
    public var baseURL: String
    public var clientID: String
    public var clientSecret: String
    public var verifySSL: Bool
    public var timeoutSeconds: Int
    public var theme: String?
    /// The embedded demo sandbox: the child shows the DEMO badge.
    public var demo: Bool

    /// The descriptor the child finds the handoff on.
    public static let descriptor: Int32 = 3
    /// More than any real configuration; a bound so a wrong fd cannot make the child read forever.
    static let maximumSize = 64 * 1024

    public init(config: RosterConfig, demo: Bool) {
        baseURL = config.looker.baseURL
        clientID = config.looker.clientID
        clientSecret = config.looker.clientSecret
        verifySSL = config.looker.verifySSL
        timeoutSeconds = config.looker.timeoutSeconds
        theme = config.theme
        self.demo = demo
    }

    /// A served session is read-only whatever the profile says (`Policy.decide` makes it so).
    public var config: RosterConfig {
        RosterConfig(looker: LookerConfig(baseURL: baseURL, clientID: clientID, clientSecret: clientSecret, verifySSL: verifySSL,
                                          timeoutSeconds: timeoutSeconds),
                     readOnly: true, theme: theme)
    }

    public func encoded() -> Data {
        (try? JSONEncoder().encode(self)) ?? Data()
    }

    /// Reads the handoff from `fd` to its end and closes it. The error text never contains the data.
    public static func read(fd: Int32 = descriptor) throws(ServeError) -> Handoff {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count <= maximumSize {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                throw .spawn("no credentials on fd \(fd) (\(String(cString: strerror(errno)))): --served-as is for roster serve's sessions")
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        close(fd)
        guard let handoff = try? JSONDecoder().decode(Handoff.self, from: data) else {
            throw .spawn("the credentials on fd \(fd) are not readable")
        }
        return handoff
    }
}
