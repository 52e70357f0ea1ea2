import Foundation
import LookerAPI
import RosterCore

/// `users list` written page by page in one format. A page is let go once written, so memory does
/// not grow with the number of users.
///
/// Every format starts from the server's bytes passed through `JSONPassThrough`: JSON is printed
/// from them as they are (valid, escaped, secrets masked); table and CSV decode from them only the
/// five columns (`ListRow`), so a page the JSON listing accepts is one the table accepts too.
struct Listing {
    let format: ListFormat
    private var out = Output()
    private var first = true
    private var table: TextTable?

    static let headers = ["ID", "NAME", "EMAIL", "LOGINS", "ENABLED"]
    static let maxWidths = [10, 32, 40, 24, 7]
    private static let separator = Array(",\n  ".utf8)

    init(format: ListFormat) {
        self.format = format
        switch format {
        case .json: out.passedThrough(Array("[\n  ".utf8))
        case .csv: out.line(CSV.row(Self.headers.map { $0.lowercased() }))
        case .table: break
        }
    }

    /// Writes one page (the server's JSON array); returns how many users it held.
    mutating func add(page raw: RawJSONPage) throws -> Int {
        if format == .json {
            // Local copies: the drain closure writes while `first` is passed inout.
            var sink = Output()
            swap(&sink, &out)
            var isFirst = first
            var piece: [UInt8] = []
            let count = try Self.passThrough(raw, into: &piece, first: &isFirst, separator: Self.separator) { bytes in
                sink.passedThrough(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
            sink.passedThrough(piece)
            sink.flush()
            swap(&sink, &out)
            first = isFirst
            return count
        }
        var safe: [UInt8] = [0x5B]
        var isFirst = true
        _ = try Self.passThrough(raw, into: &safe, first: &isFirst, separator: [0x2C])
        safe.append(0x5D)
        let rows: [ListRow]
        do {
            rows = try JSONDecoder().decode([ListRow].self, from: Data(safe))
        } catch {
            throw LookerError.undecodable(status: 200, firstLine: Self.firstLine(raw))
        }
        for row in rows {
            let cells = row.cells
            if format == .csv {
                out.line(CSV.row(cells))
                continue
            }
            if table == nil {
                let t = TextTable(headers: Self.headers, rows: rows.map(\.cells), maxWidths: Self.maxWidths)
                out.line(t.headerLine)
                table = t
            }
            out.line(table!.format(cells))
        }
        out.flush()
        return rows.count
    }

    mutating func finish() {
        switch format {
        case .json: out.passedThrough(Array((first ? "]\n" : "\n]\n").utf8))
        case .table where table == nil: out.line("no users")
        default: break
        }
        out.flush()
    }

    private static func passThrough(_ raw: RawJSONPage, into out: inout [UInt8], first: inout Bool, separator: [UInt8],
                                    drain: (inout [UInt8]) -> Void = { _ in }) throws(LookerError) -> Int {
        do {
            return try raw.withUnsafeBytes { buffer in
                try JSONPassThrough.appendElements(of: buffer, to: &out, first: &first, separator: separator,
                                                   secretKeys: JSONOut.secretKeys, mask: JSONOut.mask, drain: drain)
            }
        } catch {
            throw .undecodable(status: 200, firstLine: firstLine(raw))
        }
    }

    /// The start of a page that is not JSON (a proxy's HTML), for the error; sanitized when printed.
    private static func firstLine(_ raw: RawJSONPage) -> String {
        String(decoding: raw.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }
}
