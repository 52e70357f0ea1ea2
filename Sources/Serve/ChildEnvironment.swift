import Foundation

/// The environment of a session's child, built from scratch: nothing the SSH client sends
/// (`env` requests, LD_PRELOAD, …) reaches it, and nothing secret is in it.
public enum ChildEnvironment {
    /// The TERM to use for a client's pty-req value: kept when it is a plain name with a terminfo
    /// entry on this machine, else xterm-256color (a bad or unknown TERM must not break the UI).
    public static func term(requested: String, terminfoDirectories: [String] = defaultTerminfoDirectories()) -> String {
        let fallback = "xterm-256color"
        guard isPlainName(requested) else { return fallback }
        return hasTerminfo(requested, in: terminfoDirectories) ? requested : fallback
    }

    /// `[A-Za-z0-9._+-]{1,64}`, not starting with a dot: no paths, no escapes.
    static func isPlainName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), !name.hasPrefix(".") else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2E || c == 0x5F || c == 0x2B || c == 0x2D
        }
    }

    static func hasTerminfo(_ name: String, in directories: [String]) -> Bool {
        guard let first = name.utf8.first else { return false }
        let letter = String(UnicodeScalar(first))
        let hex = String(first, radix: 16)
        return directories.contains { dir in
            FileManager.default.fileExists(atPath: "\(dir)/\(letter)/\(name)") || FileManager.default.fileExists(atPath: "\(dir)/\(hex)/\(name)")
        }
    }

    public static func defaultTerminfoDirectories(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var dirs: [String] = []
        if let t = environment["TERMINFO"], !t.isEmpty { dirs.append(t) }
        if let home = environment["HOME"], !home.isEmpty { dirs.append(home + "/.terminfo") }
        if let list = environment["TERMINFO_DIRS"] { dirs += list.split(separator: ":").map(String.init) }
        return dirs + ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"]
    }

    /// TERM, a UTF-8 locale, a fixed PATH, and from the server's own environment only where the
    /// child keeps its log and finds themes.
    public static func build(term: String, server: [String: String]) -> [String: String] {
        var env = ["TERM": term, "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin"]
        for key in ["HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "ROSTER_LOG_LEVEL", "NO_COLOR", "TERMINFO", "TERMINFO_DIRS"] {
            if let value = server[key], !value.isEmpty { env[key] = value }
        }
        return env
    }
}
