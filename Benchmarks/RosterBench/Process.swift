import Foundation
import LookerAPI
import Sandbox

/// Memory figures of this process from /proc/self/status, in bytes (0 where unavailable).
enum Memory {
    static func field(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    /// Resident set size now.
    static var rss: Int { field("VmRSS") }
    /// Peak resident set size so far.
    static var peak: Int { field("VmHWM") }

    /// Returns freed heap pages to the system (glibc's malloc_trim, looked up at run time because
    /// Swift's Glibc module does not export it), so RSS shows what is still in use.
    static func trim() {
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        typealias Trim = @convention(c) (Int) -> Int32
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
}

/// Where a sandbox answers and how to log in to it.
struct Endpoint: Sendable {
    var baseURL: String
    var clientID: String
    var clientSecret: String

    var config: LookerConfig { LookerConfig(baseURL: baseURL, clientID: clientID, clientSecret: clientSecret) }
}

/// A sandbox in a child process (this executable, `serve`), so its memory and CPU stay out of the
/// figures measured here. It stops when this process closes its stdin (also when this process dies).
final class ServerProcess {
    let process = Process()
    let input = Pipe()
    let endpoint: Endpoint

    init(users: Int) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: ServerProcess.selfPath())
        process.arguments = ["serve", "--users", String(users)]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The child prints one JSON line once it listens.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: String],
              let base = object["base_url"], let id = object["client_id"], let secret = object["client_secret"] else {
            throw BenchError.serverDidNotStart
        }
        endpoint = Endpoint(baseURL: base, clientID: id, clientSecret: secret)
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    static func selfPath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }
}

enum BenchError: Error, CustomStringConvertible {
    case serverDidNotStart
    case http(String)
    case pty

    var description: String {
        switch self {
        case .serverDidNotStart: "the sandbox child process did not start"
        case .http(let what): "HTTP: \(what)"
        case .pty: "cannot open a pseudo-terminal"
        }
    }
}

/// `roster-bench serve --users N`: the child side of `ServerProcess`.
func serve(users: Int) async throws {
    var options = SandboxOptions()
    options.users = users
    let sandbox = try await Sandbox.start(options)
    let ready = ["base_url": sandbox.baseURL, "client_id": sandbox.clientID, "client_secret": sandbox.clientSecret]
    let line = try JSONSerialization.data(withJSONObject: ready, options: [.sortedKeys, .withoutEscapingSlashes])
    FileHandle.standardOutput.write(line + Data("\n".utf8))
    // Serve until the parent closes our stdin; the wait blocks a thread of its own, not the task pool.
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        Thread {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            done.resume()
        }.start()
    }
    await sandbox.stop()
}
