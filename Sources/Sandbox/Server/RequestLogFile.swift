import Foundation
#if canImport(Glibc)
import Glibc
private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let closeDescriptor = Darwin.close
#endif

/// Appends one JSON line per request to a file, creating it when missing.
///
/// Lines never interleave or overwrite each other, however many writers share the file: within a sandbox
/// the emulator actor serialises the calls, and the file is opened with `O_APPEND` and each line goes out
/// in one `write(2)`, so the kernel places every line whole at the end even when other sandboxes (other
/// processes) append to the same file at the same time.
final class RequestLogFile: @unchecked Sendable {
    // Only ever touched from inside the `LookerEmulator` actor, which serialises all access.
    private var descriptor: Int32

    struct OpenError: Error, CustomStringConvertible {
        let path: String
        let errno: Int32
        var description: String { "cannot open request log \(path): \(String(cString: strerror(errno)))" }
    }

    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OpenError(path: path, errno: errno) }
        self.descriptor = descriptor
    }

    func append(_ entry: LoggedRequest) {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("method")
        writer.string(entry.method)
        writer.key("path")
        writer.string(entry.path)
        writer.key("query")
        writer.string(entry.query)
        writer.key("body")
        writer.string(entry.body)
        writer.key("status")
        writer.int(entry.status)
        writer.endObject()
        var line = writer.bytes
        line.append(UInt8(ascii: "\n"))
        guard descriptor >= 0 else { return }
        line.withUnsafeBytes { bytes in
            var offset = 0
            // One call writes the whole line on a local file; the loop only guards against a short write.
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    func close() {
        guard descriptor >= 0 else { return }
        _ = closeDescriptor(descriptor)
        descriptor = -1
    }
}
