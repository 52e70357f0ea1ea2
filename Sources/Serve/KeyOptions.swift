import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The options field of an authorized_keys line (`restrict,pty,from="10.0.0.0/8,!10.0.0.9"`), as
/// far as Roster applies it. A line is usable only when every restriction it states is applied:
///
/// - `from="pattern-list"` is enforced on the client's address (`AddressPatternList`);
/// - `no-port-forwarding`, `no-agent-forwarding`, `no-X11-forwarding`, `no-user-rc` are what serve
///   does anyway; `port-forwarding`, `agent-forwarding`, `X11-forwarding`, `user-rc` grant nothing here;
/// - a served session always needs a terminal, so `no-pty`, and `restrict` without a later `pty`,
///   mean the key could never get a session: the line is refused (`restrict,pty` is accepted);
/// - anything else (`command=`, `environment=`, `permitopen=`, `permitlisten=`, `tunnel=`,
///   `expiry-time=`, `principals=`, `cert-authority`, unknown options) is a restriction or a grant
///   Roster does not implement: the line is refused rather than let in without it.
public struct KeyOptions: Sendable, Equatable {
    /// Where the key may connect from; nil: anywhere.
    public var from: AddressPatternList?

    /// Options that restrict nothing serve offers, or grant something serve never offers.
    static let harmless: Set<String> = [
        "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc",
        "port-forwarding", "agent-forwarding", "x11-forwarding", "user-rc",
    ]

    /// Parses the options field; the error is the reason the line is refused.
    public static func parse(_ field: String) -> Result<KeyOptions, KeyOptionError> {
        var options = KeyOptions()
        var ptyAllowed = true
        let items: [String]
        switch split(field) {
        case .success(let list): items = list
        case .failure(let error): return .failure(error)
        }
        for item in items {
            let name: String, value: String?
            if let equals = item.firstIndex(of: "=") {
                name = item[..<equals].lowercased()
                let raw = item[item.index(after: equals)...]
                guard raw.count >= 2, raw.first == "\"", raw.last == "\"" else {
                    return .failure(KeyOptionError("\(name)= needs a value in double quotes"))
                }
                value = String(raw.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            } else {
                name = item.lowercased()
                value = nil
            }
            switch (name, value) {
            case ("from", let patterns?):
                guard options.from == nil else { return .failure(KeyOptionError("from= is given twice")) }
                switch AddressPatternList.parse(patterns) {
                case .success(let list): options.from = list
                case .failure(let error): return .failure(error)
                }
            case ("no-pty", nil), ("restrict", nil):
                ptyAllowed = false
            case ("pty", nil):
                ptyAllowed = true
            case (let plain, nil) where harmless.contains(plain):
                break
            case (let other, _):
                let shown = other.count > 40 ? String(other.prefix(40)) + "…" : other
                return .failure(KeyOptionError("option \(shown)\(value == nil ? "" : "=") is not applied by roster serve"))
            }
        }
        guard ptyAllowed else {
            return .failure(KeyOptionError(
                "no-pty (or restrict without a later pty) leaves no terminal, and a session needs one (restrict,pty is accepted)"))
        }
        return .success(options)
    }

    /// Splits on commas outside double quotes; a quote left open is an error.
    static func split(_ field: String) -> Result<[String], KeyOptionError> {
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for ch in field {
            if escaped { current.append(ch); escaped = false; continue }
            if quoted && ch == "\\" { current.append(ch); escaped = true; continue }
            if ch == "\"" { quoted.toggle() }
            if ch == "," && !quoted {
                items.append(current)
                current = ""
                continue
            }
            current.append(ch)
        }
        guard !quoted else { return .failure(KeyOptionError("an option's value has no closing quote")) }
        items.append(current)
        guard !items.contains(where: \.isEmpty) else { return .failure(KeyOptionError("an empty option (two commas in a row?)")) }
        return .success(items)
    }
}

/// Why an authorized_keys line's options keep it from granting anything.
public struct KeyOptionError: Error, Sendable, Equatable {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A `from=` pattern list with OpenSSH's meaning (sshd with `UseDNS no`, its default: the
/// client's name is its address). Comma-separated entries; `!` negates; an entry is an address
/// or network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`), else a wildcard pattern (`*`, `?`)
/// matched against the address text (`192.168.1.*`). The client is allowed when some entry
/// matches and no negated entry does. A network whose address has bits outside its mask
/// (`10.0.0.1/8`) makes sshd deny the key; here it refuses the line.
public struct AddressPatternList: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var negated: Bool
        var text: String
        var network: Network?
    }

    var entries: [Entry]

    public static func parse(_ list: String) -> Result<AddressPatternList, KeyOptionError> {
        var entries: [Entry] = []
        for raw in list.split(separator: ",", omittingEmptySubsequences: false) {
            var text = raw.trimmingCharacters(in: .whitespaces)
            let negated = text.hasPrefix("!")
            if negated { text.removeFirst() }
            guard !text.isEmpty else { return .failure(KeyOptionError("from= has an empty pattern")) }
            switch Network.parse(text) {
            case .some(.success(let network)):
                entries.append(Entry(negated: negated, text: text.lowercased(), network: network))
            case .some(.failure(let error)):
                return .failure(error)
            case nil:
                entries.append(Entry(negated: negated, text: text.lowercased(), network: nil))
            }
        }
        return .success(AddressPatternList(entries: entries))
    }

    /// Whether a client at `address` (as the socket reports it: `127.0.0.1`, `::1`,
    /// `::ffff:10.0.0.5`) may use the key.
    public func allows(_ address: String) -> Bool {
        guard let client = IPAddress(address) else { return false }
        let text = client.text
        var matched = false
        for entry in entries {
            let hit = entry.network.map { $0.contains(client) } ?? wildcardMatch(text, entry.text)
            guard hit else { continue }
            if entry.negated { return false }
            matched = true
        }
        return matched
    }
}

/// An IPv4 or IPv6 address as bytes; IPv4-mapped IPv6 addresses are taken as IPv4, as sshd does.
struct IPAddress: Sendable, Equatable {
    var bytes: [UInt8]

    init?(_ text: String) {
        let bare = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, bare, &v6) == 1 {
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            bytes = all.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] ? Array(all.suffix(4)) : all
        } else {
            return nil
        }
    }

    /// The canonical text (`10.0.0.5`, `2001:db8::1`), what wildcard patterns are matched against.
    var text: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(cString: buffer)
    }
}

/// An address with a prefix length (a bare address is a /32 or /128).
struct Network: Sendable, Equatable {
    var address: [UInt8]
    var prefix: Int

    /// nil: not an address (a wildcard pattern); a failure: an address with a bad mask.
    static func parse(_ text: String) -> Result<Network, KeyOptionError>? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        let bits = address.bytes.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...bits).contains(length), parts[1].allSatisfy(\.isNumber) else {
                return .failure(KeyOptionError("from= pattern \(text.prefix(60)) has a bad mask length"))
            }
            prefix = length
        }
        let network = Network(address: address.bytes, prefix: prefix)
        guard network.masked(address.bytes) == address.bytes else {
            return .failure(KeyOptionError("from= network \(text.prefix(60)) has bits set outside its mask"))
        }
        return .success(network)
    }

    func contains(_ client: IPAddress) -> Bool {
        client.bytes.count == address.count && masked(client.bytes) == address
    }

    private func masked(_ bytes: [UInt8]) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = min(max(prefix - index * 8, 0), 8)
            return keep == 8 ? byte : byte & ~(UInt8(0xFF) >> keep)
        }
    }
}

/// OpenSSH's `match_pattern`: `*` any run, `?` any one character, the rest literal.
func wildcardMatch(_ text: String, _ pattern: String) -> Bool {
    let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
    var ti = 0, pi = 0, star = -1, mark = 0
    while ti < t.count {
        if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
            ti += 1
            pi += 1
        } else if pi < p.count && p[pi] == "*" {
            star = pi
            mark = ti
            pi += 1
        } else if star >= 0 {
            pi = star + 1
            mark += 1
            ti = mark
        } else {
            return false
        }
    }
    while pi < p.count && p[pi] == "*" { pi += 1 }
    return pi == p.count
}
