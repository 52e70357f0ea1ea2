import Crypto
import Foundation
import NIOSSH
import ScreenKit
import Synchronization

/// One usable line of an authorized_keys file: the key, the viewer it names, where it was.
public struct AuthorizedKey: Sendable, Equatable {
    public var key: NIOSSHPublicKey
    /// The line's comment (`alice@laptop`); the viewer's name in the header and the session log.
    /// Empty comments fall back to the key's fingerprint.
    /// Sanitized like the screen (no control, bidi or zero-width character survives, a NUL
    /// included) and at most `maxViewer` characters: it reaches argv, the log and serve.jsonl.
    public var viewer: String
    public var fingerprint: String
    public var line: Int
    /// The line's `from=` and other options, all of which are applied.
    public var options = KeyOptions()

    /// The longest viewer name kept from a comment (a 10,000-character comment is cut, marked `…`).
    public static let maxViewer = 64

    /// A comment as the viewer's name: sanitized, then cut to `maxViewer` characters.
    public static func viewerName(_ comment: String) -> String {
        let safe = DisplayText.sanitize(comment)
        return safe.count > maxViewer ? String(safe.prefix(maxViewer - 1)) + "…" : safe
    }
}

/// An authorized_keys file as Roster reads it. NIOSSH's own parser rejects options before the key
/// and is confused by tabs, so lines are tokenized here (quotes respected) and the key is taken
/// from the first token that names a key type. Only ed25519 and ECDSA keys can log in; options
/// before the key are applied (`KeyOptions`) or make the line refused. Every line that is not
/// blank or a comment and grants nothing becomes a warning naming its line.
public struct AuthorizedKeys: Sendable {
    public var keys: [AuthorizedKey]
    /// `file:line: reason`, for lines that grant nothing.
    public var warnings: [String]

    /// Key types NIOSSH can verify.
    static let supported: Set<String> = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]

    /// The first line that grants `key`, whatever the address (for tests and tools).
    public func lookup(_ key: NIOSSHPublicKey) -> AuthorizedKey? { keys.first { $0.key == key } }

    /// The first line that grants `key` to a client at `address`, as sshd tries each line of the
    /// key in turn; `listed` says whether some line names the key at all.
    public func lookup(_ key: NIOSSHPublicKey, from address: String) -> (entry: AuthorizedKey?, listed: Bool) {
        let lines = keys.filter { $0.key == key }
        return (lines.first { $0.options.from?.allows(address) ?? true }, !lines.isEmpty)
    }

    /// Reads `path`; a missing file is an empty list (nobody can log in) with a warning.
    public static func load(path: String) -> AuthorizedKeys {
        guard let data = FileManager.default.contents(atPath: path) else {
            return AuthorizedKeys(keys: [], warnings: ["\(path): cannot be read: nobody can log in"])
        }
        return parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String = "authorized_keys") -> AuthorizedKeys {
        var result = AuthorizedKeys(keys: [], warnings: [])
        // Split on scalars: as Characters, "\r\n" is one grapheme and would never match "\n".
        for (index, raw) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let tokens = tokenize(Substring(String(raw)))
            guard let first = tokens.first, !first.hasPrefix("#") else { continue }
            func warn(_ reason: String) { result.warnings.append(DisplayText.sanitize("\(file):\(number): \(reason)")) }
            guard let typeIndex = tokens.firstIndex(where: looksLikeKeyType) else {
                warn("no key type found (expected ssh-ed25519 or ecdsa-sha2-nistp256/384/521)")
                continue
            }
            let type = tokens[typeIndex]
            guard supported.contains(type) else {
                warn("\(type) keys are not supported (ed25519 and ecdsa only); line ignored")
                continue
            }
            guard typeIndex + 1 < tokens.count else { warn("\(type) without key data"); continue }
            let key: NIOSSHPublicKey
            do {
                key = try NIOSSHPublicKey(openSSHPublicKey: type + " " + tokens[typeIndex + 1])
            } catch {
                warn("not a valid \(type) key")
                continue
            }
            // Options are restrictions the admin relies on: applied, or the line grants nothing.
            var options = KeyOptions()
            if typeIndex > 1 {
                warn("options must be one field before the key (spaces only inside quotes); line refused")
                continue
            } else if typeIndex == 1 {
                switch KeyOptions.parse(tokens[0]) {
                case .success(let parsed): options = parsed
                case .failure(let error):
                    warn(error.reason + "; line refused")
                    continue
                }
            }
            let fingerprint = Fingerprint.sha256(key)
            let comment = AuthorizedKey.viewerName(tokens[(typeIndex + 2)...].joined(separator: " "))
            result.keys.append(AuthorizedKey(key: key, viewer: comment.isEmpty ? fingerprint : comment,
                                             fingerprint: fingerprint, line: number, options: options))
        }
        return result
    }

    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, `sk-ssh-ed25519@openssh.com`, `…-cert-v01@openssh.com`.
    static func looksLikeKeyType(_ token: String) -> Bool {
        token.hasPrefix("ssh-") || token.hasPrefix("ecdsa-") || token.hasPrefix("sk-")
    }

    /// Splits on spaces and tabs outside double quotes (`from="a, b" ssh-ed25519 …`); a trailing CR is whitespace.
    static func tokenize(_ line: Substring) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for ch in line {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && quoted { current.append(ch); escaped = true; continue }
            if ch == "\"" { quoted.toggle(); current.append(ch); continue }
            if !quoted && (ch == " " || ch == "\t" || ch == "\r") {
                if !current.isEmpty { tokens.append(current); current = "" }
                continue
            }
            current.append(ch)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}

/// Key fingerprints as `ssh-keygen -lf` prints them.
public enum Fingerprint {
    /// `SHA256:` + unpadded base64 of the SHA-256 of the key's wire blob.
    public static func sha256(_ key: NIOSSHPublicKey) -> String {
        let parts = String(openSSHPublicKey: key).split(separator: " ")
        guard parts.count >= 2, let blob = Data(base64Encoded: String(parts[1])) else { return "SHA256:?" }
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }
}

/// The authorized_keys warnings already reported, so that a line added or broken while the server
/// runs is reported once, when the file is next read, and not on every connection.
final class KeyFileWarnings: Sendable {
    private let seen: Mutex<Set<String>>

    init(_ initial: [String]) { seen = Mutex(Set(initial)) }

    /// The warnings in `warnings` not reported before (now remembered).
    func new(_ warnings: [String]) -> [String] {
        seen.withLock { seen in
            let fresh = warnings.filter { !seen.contains($0) }
            if seen.count > 10_000 { seen.removeAll() }
            seen.formUnion(fresh)
            return fresh
        }
    }
}
