import CNcursesw
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension NcursesTerminal {
    /// The most a clipboard copy may carry; longer text is refused rather than cut.
    public static let clipboardLimit = 4096

    /// Puts `text` on the terminal's clipboard with OSC 52. Only text the app chose goes here (a
    /// reset URL the admin asked to copy), base64-encoded so nothing in it is interpreted, and
    /// size-capped. Returns false when the text is too long or contains control characters.
    @discardableResult
    public func copyToClipboard(_ text: String) -> Bool {
        guard !ended, text.utf8.count <= Self.clipboardLimit,
              !text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return false }
        let sequence = "\u{1b}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        if let out = files.out { fflush(out) }
        var bytes = Array(sequence.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(outputFD, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}
