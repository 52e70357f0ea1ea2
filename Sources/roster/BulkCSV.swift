import Foundation
import RosterCore

/// A CSV mapping for `roster bulk plan --csv`: a header `user_id,email` or `old_email,new_email`,
/// then one user per record. Parsed per RFC 4180 (quoted fields, `""` for a quote, CRLF or LF),
/// and checked whole before anything is planned: every bad record is reported as
/// `FILE:LINE: reason` (the line its record starts on), and one bad record plans nothing.
struct BulkCSV: Equatable {
    enum Kind: Equatable {
        /// `user_id,email`: the key is a user id.
        case byID
        /// `old_email,new_email`: the key is the current email login address.
        case byEmail
    }

    /// One mapped user: what names them (`key`) and the address they get.
    struct Entry: Equatable {
        var line: Int
        var key: String
        var email: String
    }

    var kind: Kind
    var entries: [Entry]

    /// Addresses compare case-insensitively and in one Unicode form, as the filter compares them.
    static func fold(_ text: String) -> String {
        text.lowercased().precomposedStringWithCanonicalMapping
    }

    /// The largest mapping file read (a CSV of 100,000 users is about 5 MB).
    static let maxBytes = 64 << 20

    /// Reads and checks `path`; the errors are `FILE:LINE: reason`, in file order.
    static func read(path: String) -> Result<BulkCSV, BulkProblems> {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular,
              let data = FileManager.default.contents(atPath: path) else {
            return .failure(BulkProblems(["\(path): cannot read the file"]))
        }
        guard data.count <= maxBytes else { return .failure(BulkProblems(["\(path): larger than \(maxBytes >> 20) MiB"])) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(BulkProblems(["\(path): not UTF-8 text"])) }
        return parse(text, file: path)
    }

    /// Parses and checks the text of a mapping; `file` names it in the errors.
    static func parse(_ text: String, file: String) -> Result<BulkCSV, BulkProblems> {
        var errors: [String] = []
        var records = Records(text)
        var header: (line: Int, fields: [String])?
        var entries: [Entry] = []
        var kind = Kind.byID
        var seenKeys: [String: Int] = [:]
        var seenTargets: [String: Int] = [:]
        while let record = records.next() {
            if let problem = record.problem {
                errors.append("\(file):\(record.line): \(problem)")
                continue
            }
            // Blank lines (a trailing newline, spacing) are not records.
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            guard header != nil else {
                header = (record.line, record.fields)
                switch record.fields.map({ $0.lowercased() }) {
                case ["user_id", "email"]: kind = .byID
                case ["old_email", "new_email"]: kind = .byEmail
                default:
                    return .failure(BulkProblems(["\(file):\(record.line): the header must be user_id,email or old_email,new_email"]))
                }
                continue
            }
            guard record.fields.count == 2 else {
                errors.append("\(file):\(record.line): expected 2 fields, found \(record.fields.count)")
                continue
            }
            let key = record.fields[0], email = record.fields[1]
            if let problem = check(key: key, email: email, kind: kind) {
                errors.append("\(file):\(record.line): \(problem)")
                continue
            }
            let keyFold = kind == .byEmail ? BulkCSV.fold(key) : key
            if let first = seenKeys[keyFold] {
                let what = kind == .byID ? "user \(key)" : "'\(key)'"
                errors.append("\(file):\(record.line): \(what) is already mapped on line \(first)")
                continue
            }
            let targetFold = BulkCSV.fold(email)
            if let first = seenTargets[targetFold] {
                errors.append("\(file):\(record.line): '\(email)' is already the new address on line \(first)")
                continue
            }
            seenKeys[keyFold] = record.line
            seenTargets[targetFold] = record.line
            entries.append(Entry(line: record.line, key: key, email: email))
        }
        guard header != nil else { return .failure(BulkProblems(["\(file):1: empty: the header must be user_id,email or old_email,new_email"])) }
        if errors.isEmpty && entries.isEmpty { errors.append("\(file): no users after the header") }
        return errors.isEmpty ? .success(BulkCSV(kind: kind, entries: entries)) : .failure(BulkProblems(errors))
    }

    private static func check(key: String, email: String, kind: Kind) -> String? {
        switch kind {
        case .byID:
            if (try? ArgumentCheck.userID(key)) == nil { return "'\(key)' is not a user id (letters, digits, _ and - only)" }
        case .byEmail:
            if key.isEmpty { return "old_email is empty" }
        }
        if email.isEmpty { return "the new address is empty" }
        if !BulkPlanner.isValidAddress(email) { return "'\(email)' is not a valid email address" }
        return nil
    }

    /// The records of a CSV text, each with the line it starts on. Unquoted fields are trimmed of
    /// spaces and tabs (hand-edited files have them); quoted fields are taken exactly.
    struct Records {
        struct Record {
            var line: Int
            var fields: [String]
            var problem: String?
        }

        private let scalars: [Unicode.Scalar]
        private var i = 0
        private var line = 1

        init(_ text: String) {
            var s = Array(text.unicodeScalars)
            if s.first == "\u{FEFF}" { s.removeFirst() }   // a byte-order mark some spreadsheets write
            scalars = s
        }

        mutating func next() -> Record? {
            guard i < scalars.count else { return nil }
            let start = line
            var fields: [String] = []
            var problem: String?
            while true {
                let (field, fieldProblem) = nextField()
                fields.append(field)
                if problem == nil { problem = fieldProblem }
                if i < scalars.count && scalars[i] == "," {
                    i += 1
                    continue
                }
                endRecord()
                return Record(line: start, fields: fields, problem: problem)
            }
        }

        /// Skips to the start of the next record (past CR LF, LF or CR).
        private mutating func endRecord() {
            while i < scalars.count, scalars[i] != "\n", scalars[i] != "\r" { i += 1 }
            if i < scalars.count, scalars[i] == "\r" { i += 1 }
            if i < scalars.count, scalars[i] == "\n" { i += 1 }
            line += 1
        }

        private func atFieldEnd(_ j: Int) -> Bool {
            j >= scalars.count || scalars[j] == "," || scalars[j] == "\n" || scalars[j] == "\r"
        }

        private mutating func nextField() -> (String, String?) {
            var j = i
            while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
            if j < scalars.count, scalars[j] == "\"" {
                i = j + 1
                var value = String.UnicodeScalarView()
                while true {
                    guard i < scalars.count else { return (String(value), "a quoted field is not closed") }
                    let c = scalars[i]
                    i += 1
                    if c == "\"" {
                        if i < scalars.count, scalars[i] == "\"" {
                            value.append("\"")
                            i += 1
                            continue
                        }
                        break
                    }
                    if c == "\n" { line += 1 } else if c == "\r" && !(i < scalars.count && scalars[i] == "\n") { line += 1 }
                    value.append(c)
                }
                while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
                if !atFieldEnd(i) {
                    while !atFieldEnd(i) { i += 1 }
                    return (String(value), "text after a closing quote")
                }
                return (String(value), nil)
            }
            var value = String.UnicodeScalarView()
            var problem: String?
            while !atFieldEnd(i) {
                if scalars[i] == "\"" { problem = "a quote inside an unquoted field (quote the field and double the quote)" }
                value.append(scalars[i])
                i += 1
            }
            return (String(String(value).trimmingCharacters(in: CharacterSet(charactersIn: " \t"))), problem)
        }
    }
}

/// Lines reported as `FILE:LINE: reason`, all of them: a file is fixed in one go, not one error a run.
struct BulkProblems: Error, Equatable {
    var lines: [String]

    init(_ lines: [String]) {
        self.lines = lines
    }
}
