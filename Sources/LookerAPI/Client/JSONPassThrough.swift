import NIOCore

/// Streams JSON from the server to the output without decoding it into models, and makes it safe
/// on the way: the result is always valid JSON that a terminal cannot act on.
///
/// `roster users list --format json` uses it: decoding 100,000 users only to encode them again
/// costs most of the time, and the server's JSON is nearly what we print. What it guarantees:
/// - the input is checked against the JSON grammar (depth at most `maxDepth`); anything else throws;
/// - inside strings, raw bytes below 0x20 and 0x7F, C1 controls (U+0080–U+009F), bidi controls,
///   zero-width and other invisible format characters are written as `\uXXXX`; invalid UTF-8 and
///   unpaired surrogate escapes become `\ufffd`; everything else is copied byte for byte;
/// - outside strings only space and newline remain (CR and tab become spaces);
/// - the string value of a secret key is replaced by `mask`, the key compared on its decoded name
///   (`"password\u005freset_url"` is `password_reset_url`).
public enum JSONPassThrough {
    public struct Malformed: Error, Equatable {
        public var offset: Int
    }

    /// Nesting deeper than this is refused (Looker's users are four levels deep).
    public static let maxDepth = 128

    /// Appends the elements of the JSON array `input` to `out`; returns how many there were.
    /// `first` says whether nothing was written yet (no separator before the first element) and is
    /// updated. `drain` is called between elements once `out` holds 64 KiB or more, so a large page
    /// need not be held twice; it may empty `out`.
    public static func appendElements(of input: UnsafeRawBufferPointer, to out: inout [UInt8], first: inout Bool,
                                      separator: [UInt8], secretKeys: Set<[UInt8]>, mask: [UInt8],
                                      drain: (inout [UInt8]) -> Void = { _ in }) throws(Malformed) -> Int {
        var s = SafeJSONScanner(input: input, secretKeys: secretKeys, mask: mask)
        swap(&s.out, &out)
        defer { swap(&s.out, &out) }
        s.skipSpace(copy: false)
        guard s.i < s.n, input[s.i] == 0x5B else { throw Malformed(offset: s.i) }   // [
        s.i += 1
        s.skipSpace(copy: false)
        if s.i < s.n, input[s.i] == 0x5D {   // ]
            s.i += 1
            s.skipSpace(copy: false)
            guard s.i == s.n else { throw Malformed(offset: s.i) }
            return 0
        }
        var count = 0
        while true {
            s.skipSpace(copy: false)
            if !first { s.out.append(contentsOf: separator) }
            first = false
            s.runStart = s.i
            try s.value(depth: 1)
            s.flushRun(to: s.i)
            count += 1
            if s.out.count >= 1 << 16 { drain(&s.out) }
            s.skipSpace(copy: false)
            guard s.i < s.n else { throw Malformed(offset: s.i) }
            if input[s.i] == 0x2C { s.i += 1; continue }   // ,
            guard input[s.i] == 0x5D else { throw Malformed(offset: s.i) }
            s.i += 1
            s.skipSpace(copy: false)
            guard s.i == s.n else { throw Malformed(offset: s.i) }
            return count
        }
    }

    /// A whole JSON document (any value, as an encoder wrote it) made safe the same way; its
    /// spaces and newlines are kept, so pretty-printed input stays pretty.
    public static func sanitize(document input: UnsafeRawBufferPointer, secretKeys: Set<[UInt8]> = [],
                                mask: [UInt8] = []) throws(Malformed) -> [UInt8] {
        var s = SafeJSONScanner(input: input, secretKeys: secretKeys, mask: mask)
        s.out.reserveCapacity(input.count)
        s.skipSpace(copy: true)
        try s.value(depth: 1)
        s.skipSpace(copy: true)
        guard s.i == s.n else { throw Malformed(offset: s.i) }
        s.flushRun(to: s.n)
        return s.out
    }

    /// Whether a scalar is written as `\uXXXX` inside strings: controls a terminal acts on, and
    /// characters that reorder or hide text (bidi controls, zero-width and invisible formatting).
    public static func mustEscape(_ v: UInt32) -> Bool {
        switch v {
        case 0..<0x20, 0x7F...0x9F, 0xAD, 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF,
             0xFFF9...0xFFFB:
            true
        default:
            false
        }
    }
}

/// The validating, escaping copier behind `JSONPassThrough`. Copies runs of input unchanged and
/// only writes its own bytes where something is replaced, so clean JSON costs one scan and one copy.
struct SafeJSONScanner {
    let input: UnsafeRawBufferPointer
    let n: Int
    let secretKeys: Set<[UInt8]>
    let mask: [UInt8]
    var i = 0
    /// Where the not yet copied input starts.
    var runStart = 0
    var out: [UInt8] = []

    init(input: UnsafeRawBufferPointer, secretKeys: Set<[UInt8]>, mask: [UInt8]) {
        self.input = input
        n = input.count
        self.secretKeys = secretKeys
        self.mask = mask
    }

    typealias Malformed = JSONPassThrough.Malformed

    mutating func flushRun(to end: Int) {
        if end > runStart { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[runStart..<end])) }
        runStart = end
    }

    /// Writes `bytes` instead of input[start..<end].
    mutating func replace(_ start: Int, _ end: Int, with bytes: [UInt8]) {
        flushRun(to: start)
        out.append(contentsOf: bytes)
        runStart = end
    }

    /// Skips JSON whitespace; when copying, CR and tab become spaces (a lone CR moves the cursor).
    mutating func skipSpace(copy: Bool) {
        while i < n {
            let b = input[i]
            if b == 0x20 || b == 0x0A {
                i += 1
            } else if b == 0x0D || b == 0x09 {
                if copy { replace(i, i + 1, with: [0x20]) }
                i += 1
            } else {
                return
            }
        }
    }

    mutating func value(depth: Int) throws(Malformed) {
        guard depth <= JSONPassThrough.maxDepth else { throw Malformed(offset: i) }
        skipSpace(copy: true)
        guard i < n else { throw Malformed(offset: i) }
        switch input[i] {
        case 0x7B: try object(depth: depth)
        case 0x5B: try array(depth: depth)
        case 0x22: _ = try string(decode: false)
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x2D, 0x30...0x39: try number()
        default: throw Malformed(offset: i)
        }
    }

    private mutating func object(depth: Int) throws(Malformed) {
        i += 1
        skipSpace(copy: true)
        if i < n, input[i] == 0x7D { i += 1; return }
        while true {
            skipSpace(copy: true)
            guard i < n, input[i] == 0x22 else { throw Malformed(offset: i) }
            let key = try string(decode: true) ?? []
            skipSpace(copy: true)
            guard i < n, input[i] == 0x3A else { throw Malformed(offset: i) }
            i += 1
            skipSpace(copy: true)
            if secretKeys.contains(key), i < n, input[i] == 0x22 {
                // Validate the secret like any string, then drop what was written for it.
                flushRun(to: i)
                let mark = out.count
                _ = try string(decode: false)
                flushRun(to: i)
                out.removeSubrange(mark...)
                out.append(contentsOf: mask)
            } else {
                try value(depth: depth + 1)
            }
            skipSpace(copy: true)
            guard i < n else { throw Malformed(offset: i) }
            if input[i] == 0x2C { i += 1; continue }
            guard input[i] == 0x7D else { throw Malformed(offset: i) }
            i += 1
            return
        }
    }

    private mutating func array(depth: Int) throws(Malformed) {
        i += 1
        skipSpace(copy: true)
        if i < n, input[i] == 0x5D { i += 1; return }
        while true {
            try value(depth: depth + 1)
            skipSpace(copy: true)
            guard i < n else { throw Malformed(offset: i) }
            if input[i] == 0x2C { i += 1; continue }
            guard input[i] == 0x5D else { throw Malformed(offset: i) }
            i += 1
            return
        }
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard i + count <= n else { throw Malformed(offset: i) }
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for k in 0..<count where input[i + k] != bytes[k] { throw Malformed(offset: i + k) }
        i += count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func number() throws(Malformed) {
        func digits() -> Int {
            let start = i
            while i < n, (0x30...0x39).contains(input[i]) { i += 1 }
            return i - start
        }
        if input[i] == 0x2D { i += 1 }
        guard i < n else { throw Malformed(offset: i) }
        if input[i] == 0x30 { i += 1 } else if digits() == 0 { throw Malformed(offset: i) }
        if i < n, input[i] == 0x2E {
            i += 1
            guard digits() > 0 else { throw Malformed(offset: i) }
        }
        if i < n, input[i] == 0x65 || input[i] == 0x45 {
            i += 1
            if i < n, input[i] == 0x2B || input[i] == 0x2D { i += 1 }
            guard digits() > 0 else { throw Malformed(offset: i) }
        }
    }

    /// Scans the string at `i` (escaping what must be); with `decode`, returns its decoded UTF-8.
    mutating func string(decode: Bool) throws(Malformed) -> [UInt8]? {
        let start = i
        i += 1
        var decoded: [UInt8]? = decode ? [] : nil
        while i < n {
            let b = input[i]
            if b == 0x22 {
                i += 1
                return decoded
            }
            if b == 0x5C {
                try escape(&decoded)
            } else if b < 0x20 || b == 0x7F {
                replace(i, i + 1, with: Self.unicodeEscape(UInt32(b)))
                decoded?.append(b)
                i += 1
            } else if b < 0x80 {
                decoded?.append(b)
                i += 1
            } else if let (scalar, length) = utf8Scalar(at: i) {
                if JSONPassThrough.mustEscape(scalar) { replace(i, i + length, with: Self.unicodeEscape(scalar)) }
                decoded?.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<(i + length)]))
                i += length
            } else {
                replace(i, i + 1, with: Self.replacementEscape)
                decoded?.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            }
        }
        throw Malformed(offset: start)
    }

    /// One backslash escape at `i`: validated, decoded, unpaired surrogates replaced.
    private mutating func escape(_ decoded: inout [UInt8]?) throws(Malformed) {
        guard i + 1 < n else { throw Malformed(offset: i) }
        let e = input[i + 1]
        let simple: UInt8? = switch e {
        case 0x22, 0x5C, 0x2F: e
        case 0x62: 0x08
        case 0x66: 0x0C
        case 0x6E: 0x0A
        case 0x72: 0x0D
        case 0x74: 0x09
        default: nil
        }
        if let simple {
            decoded?.append(simple)
            i += 2
            return
        }
        guard e == 0x75, let unit = hex4(at: i + 2) else { throw Malformed(offset: i) }
        var end = i + 6
        var scalar: UInt32? = unit
        if (0xD800...0xDBFF).contains(unit) {
            if end + 1 < n, input[end] == 0x5C, input[end + 1] == 0x75, let low = hex4(at: end + 2), (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                end += 6
            } else {
                scalar = nil
            }
        } else if (0xDC00...0xDFFF).contains(unit) {
            scalar = nil
        }
        if let scalar, let s = Unicode.Scalar(scalar) {
            decoded?.append(contentsOf: Array(String(s).utf8))
        } else {
            replace(i, end, with: Self.replacementEscape)
            decoded?.append(contentsOf: [0xEF, 0xBF, 0xBD])
        }
        i = end
    }

    private func hex4(at k: Int) -> UInt32? {
        guard k + 4 <= n else { return nil }
        var v: UInt32 = 0
        for j in k..<(k + 4) {
            let c = input[j]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// The scalar of a well-formed UTF-8 sequence at `k` (no overlongs, no surrogates, ≤ U+10FFFF).
    private func utf8Scalar(at k: Int) -> (UInt32, Int)? {
        let b0 = input[k]
        let length: Int
        let minimum: UInt32
        var v: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; minimum = 0x80; v = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; v = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; v = UInt32(b0 & 0x07)
        default: return nil
        }
        guard k + length <= n else { return nil }
        for j in (k + 1)..<(k + length) {
            let c = input[j]
            guard c & 0xC0 == 0x80 else { return nil }
            v = v << 6 | UInt32(c & 0x3F)
        }
        guard v >= minimum, v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { return nil }
        return (v, length)
    }

    static let replacementEscape = Array("\\ufffd".utf8)

    static func unicodeEscape(_ v: UInt32) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        return [0x5C, 0x75, hex[Int(v >> 12 & 0xF)], hex[Int(v >> 8 & 0xF)], hex[Int(v >> 4 & 0xF)], hex[Int(v & 0xF)]]
    }
}

/// A page of the server's JSON as it was received, not copied: a large page is held once.
public struct RawJSONPage: Sendable {
    let buffer: ByteBuffer

    public var count: Int { buffer.readableBytes }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes(body)
    }

    /// The first `n` bytes (for an error message about a page that is not JSON).
    public func prefix(_ n: Int) -> [UInt8] {
        Array(buffer.readableBytesView.prefix(n))
    }
}

extension LookerClient {
    /// One page of users as the server's raw JSON (for pass-through output).
    public func usersPageJSON(search: UserSearch?, limit: Int, offset: Int, fields: String?, sorts: String) async throws(LookerError) -> RawJSONPage {
        var query: [(String, String?)] = [("fields", fields), ("limit", String(limit)), ("offset", String(offset)), ("sorts", sorts)]
        var path = "/users"
        if let search {
            path = "/users/search"
            query += search.query
        }
        let answer = try await send(.GET, path, query: query)
        return RawJSONPage(buffer: answer.body)
    }
}
