import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOSSH

/// The server's ed25519 host key, kept as its 32 raw bytes (NIOSSH cannot read OpenSSH private key
/// files). Created on first start with mode 0600 (O_EXCL, so two servers never race to different
/// keys); a file readable or writable by group or others is refused, not used.
public struct HostKey: Sendable {
    public let privateKey: NIOSSHPrivateKey
    public let publicKey: NIOSSHPublicKey
    /// Whether this start created the file.
    public let created: Bool

    /// `ssh-ed25519 AAAA…`.
    public var openSSH: String { String(openSSHPublicKey: publicKey) }
    public var fingerprint: String { Fingerprint.sha256(publicKey) }

    /// The line to put in known_hosts for a server on `host:port`.
    public func knownHostsLine(host: String, port: Int) -> String {
        (port == 22 ? host : "[\(host)]:\(port)") + " " + openSSH
    }

    public static func loadOrCreate(path: String) throws(ServeError) -> HostKey {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw .hostKey("\(path) is not a regular file (a directory?); give the key file's path")
            }
            let mode = info.st_mode & 0o777
            if mode & 0o077 != 0 {
                throw .hostKey("\(path) is open to group or others (mode \(String(mode, radix: 8))); run chmod 600 \(path)")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw .hostKey("\(path) cannot be read") }
            guard data.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
                throw .hostKey("\(path) is not a Roster host key (32 raw ed25519 bytes)")
            }
            return HostKey(key, created: false)
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .hostKey("cannot create \(directory): \(error.localizedDescription)")
        }
        let key = Curve25519.Signing.PrivateKey()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .hostKey("cannot create \(path): \(String(cString: strerror(errno)))") }
        let bytes = [UInt8](key.rawRepresentation)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            unlink(path)
            throw .hostKey("cannot write \(path)")
        }
        return HostKey(key, created: true)
    }

    init(_ key: Curve25519.Signing.PrivateKey, created: Bool) {
        privateKey = NIOSSHPrivateKey(ed25519Key: key)
        publicKey = privateKey.publicKey
        self.created = created
    }
}

/// Why the server cannot start or a session cannot run; the text is for the operator.
public enum ServeError: Error, CustomStringConvertible, Sendable {
    case hostKey(String)
    case listen(String)
    case spawn(String)

    public var description: String {
        switch self {
        case .hostKey(let s): "host key: " + s
        case .listen(let s): "listen: " + s
        case .spawn(let s): "session: " + s
        }
    }
}
