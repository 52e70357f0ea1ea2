import Testing
@testable import RosterCore
import ScreenKit

/// The list model: loading in pages, sorting, filtering and a selection that follows its user.
@Suite struct UserListTests {
    typealias P = People

    static func user(_ id: String, _ name: String, _ email: String = "", logins: [String] = ["email"], enabled: Bool = true) -> UserRow {
        UserRow(id: id, name: name, email: email.isEmpty ? name.lowercased().replacingSpaces + "@acme.co" : email,
                logins: logins, enabled: enabled)
    }

    static func list(_ rows: [UserRow]...) -> UserList {
        var list = UserList()
        for page in rows { list.add(page) }
        return list
    }

    @Test func pagesArrivingInOrderAreAppended() {
        let list = Self.list([P.alice, P.bob], [P.carol], [P.dave, P.alina])
        #expect(list.count == 5)
        #expect(list.visibleIDs == ["1", "2", "3", "4", "5"])
        #expect(list.selection == 0)
        #expect(list.selectedRow == P.alice)
    }

    @Test func pagesOutOfOrderAreMergedIntoPlace() {
        let list = Self.list([P.carol, P.alice], [P.bob], [P.alina, P.dave])
        #expect(list.visibleIDs == ["1", "2", "3", "4", "5"])
    }

    @Test func idsSortAsNumbersAndOthersAfterThem() {
        let list = Self.list([Self.user("10", "Ten"), Self.user("9", "Nine"), Self.user("x7", "Odd"), Self.user("100", "Hundred"),
                              Self.user("abc", "Letters")])
        #expect(list.visibleIDs == ["9", "10", "100", "abc", "x7"])
    }

    @Test func theSelectionFollowsItsUserWhenRowsArriveBeforeIt() {
        var list = Self.list([P.bob, P.carol, P.dave])
        list.select(index: 2)
        #expect(list.selectedRow == P.dave)
        list.add([P.alice])
        #expect(list.visibleIDs == ["1", "2", "3", "4"])
        #expect(list.selection == 3)
        #expect(list.selectedRow == P.dave)
    }

    @Test func aKnownIDIsReplacedAndResorted() {
        var list = Self.list(P.all)
        list.setSort(.name, descending: false)
        list.select(index: 0)
        #expect(list.selectedRow == P.alice)
        let renamed = UserRow(id: "1", name: "Zelda Smith", email: "zelda@acme.co", logins: ["email"], enabled: true)
        list.update(renamed)
        #expect(list.count == 5)
        #expect(list.visibleIDs == ["5", "2", "3", "4", "1"])
        #expect(list.selectedRow == renamed)
        #expect(list.selection == 4)
        #expect(list.row(id: "1") == renamed)
    }

    @Test func aPageMixingKnownAndNewIDsKeepsEveryoneOnce() {
        var list = Self.list([P.alice, P.bob])
        let bob2 = UserRow(id: "2", name: "Robert Jones", email: "bob@acme.co", logins: ["email"], enabled: false)
        list.add([bob2, P.carol, P.carol])
        #expect(list.visibleIDs == ["1", "2", "3"])
        #expect(list.row(id: "2") == bob2)
    }

    // MARK: Sorting

    @Test func sortingByNameIgnoresCaseAndBreaksTiesByID() {
        var list = Self.list([Self.user("3", "bob"), Self.user("1", "Bob"), Self.user("2", "alice"), Self.user("4", "ÉMILE")])
        list.setSort(.name, descending: false)
        #expect(list.visibleIDs == ["2", "1", "3", "4"])
        list.setSort(.name, descending: true)
        #expect(list.visibleIDs == ["4", "3", "1", "2"])
    }

    @Test func rowsArrivingWhileSortedByNameGoToTheirPlace() {
        var list = Self.list([P.bob, P.dave])
        list.setSort(.name, descending: false)
        list.add([P.carol, P.alice])
        #expect(list.visibleIDs == ["1", "2", "3", "4"])
        list.setSort(.name, descending: true)
        list.add([P.alina])
        #expect(list.visibleIDs == ["4", "3", "2", "5", "1"])
    }

    @Test func theSortColumnsCycleInOrder() {
        #expect(SortColumn.id.next == .name)
        #expect(SortColumn.name.next == .email)
        #expect(SortColumn.email.next == .logins)
        #expect(SortColumn.logins.next == .enabled)
        #expect(SortColumn.enabled.next == .id)
    }

    // MARK: Filtering

    @Test(arguments: [
        ("", ["1", "2", "3", "4", "5"]),
        ("ali", ["1", "5"]),
        ("ALI", ["1", "5"]),
        ("example.org", ["5"]),
        ("@acme.co", ["1", "2", "3", "4"]),
        ("díaz", ["3"]),
        ("DÍAZ", ["3"]),
        ("nobody", []),
    ])
    func theFilterIsACaseInsensitiveSubstringOfNameOrEmail(filter: String, ids: [String]) {
        var list = Self.list(P.all)
        list.setFilter(filter)
        #expect(list.visibleIDs == ids)
    }

    @Test func theFilterMatchesWideAndCombiningText() {
        let hanako = Self.user("7", "世蓮 花子", "hanako@acme.jp")
        let jose = Self.user("8", "Jose\u{301} Nu\u{303}n\u{303}ez", "jose@acme.es")
        var list = Self.list(P.all, [hanako, jose])
        list.setFilter("花子")
        #expect(list.visibleIDs == ["7"])
        list.setFilter("jose\u{301}")
        #expect(list.visibleIDs == ["8"])
    }

    @Test func narrowingAndWideningAgreeWithFilteringFromScratch() {
        var list = Self.list(P.all)
        var steps: [[String]] = []
        for text in ["a", "al", "ali", "alic", "ali", "al", "a", "", "o", "or", "ort", "xort", "ort"] {
            list.setFilter(text)
            var fresh = Self.list(P.all)
            fresh.setFilter(text)
            #expect(list.visibleIDs == fresh.visibleIDs, "filter \(text)")
            steps.append(list.visibleIDs)
        }
        #expect(steps[3] == ["1"])
        #expect(steps[10] == ["5"])
        #expect(steps[11] == [])
    }

    @Test func rowsArrivingUnderAFilterShowOnlyWhenTheyMatch() {
        var list = Self.list([P.bob])
        list.setFilter("i")
        #expect(list.visibleIDs == [])
        list.add([P.alice, P.dave])
        #expect(list.visibleIDs == ["1", "4"])
        list.add([P.carol, P.alina])   // "Carol Díaz" has an í, not an i
        #expect(list.visibleIDs == ["1", "4", "5"])
    }

    @Test func theSelectionStaysOnItsUserThroughFilterAndSort() {
        var list = Self.list(P.all)
        list.select(index: 3)   // Dave
        list.setFilter("li")
        #expect(list.visibleIDs == ["1", "4", "5"])
        #expect(list.selectedRow == P.dave)
        list.setSort(.email, descending: true)
        #expect(list.visibleIDs == ["4", "5", "1"])
        #expect(list.selectedRow == P.dave)
        // Filtered out: the selection stays at its index, clamped.
        list.setFilter("alin")
        #expect(list.selectedRow == P.alina)
        list.setFilter("nobody")
        #expect(list.selectedRow == nil)
        #expect(list.selection == 0)
    }

    // MARK: Reset, moving and scrolling

    @Test func resetDropsTheUsersButKeepsTheSortAndTheFilter() {
        var list = Self.list(P.all)
        list.setSort(.name, descending: true)
        list.setFilter("li")
        list.progress = .complete
        list.reset()
        #expect(list.count == 0)
        #expect(list.visibleIDs == [])
        #expect(list.sort == .name)
        #expect(list.descending)
        #expect(list.filter == "li")
        #expect(list.progress == .loading)
        list.add(P.all)
        #expect(list.visibleIDs == ["4", "5", "1"])
    }

    @Test func movingAndSelectingAreClamped() {
        var list = Self.list(P.all)
        list.move(by: 3)
        #expect(list.selection == 3)
        list.move(by: 10)
        #expect(list.selection == 4)
        list.move(by: -100)
        #expect(list.selection == 0)
        list.select(index: 99)
        #expect(list.selection == 4)
        list.select(index: -1)
        #expect(list.selection == 0)
        var empty = UserList()
        empty.move(by: 1)
        empty.select(index: 3)
        #expect(empty.selection == 0)
        #expect(empty.selectedRow == nil)
    }

    @Test func scrollingKeepsTheSelectionInView() {
        let many = (1...20).map { Self.user("\($0)", "User \($0)") }
        var list = Self.list(many)
        var tops: [Int] = []
        for index in [0, 4, 5, 12, 19, 10, 3, 0] {
            list.select(index: index)
            list.scrollToSelection(height: 5)
            tops.append(list.scrollTop)
        }
        #expect(tops == [0, 0, 1, 8, 15, 10, 3, 0])
        // A taller area never scrolls past the end.
        list.select(index: 19)
        list.scrollToSelection(height: 5)
        list.scrollToSelection(height: 30)
        #expect(list.scrollTop == 0)
    }
}

extension String {
    fileprivate var replacingSpaces: String { String(map { $0 == " " ? "." : $0 }) }
}

/// The filter compares case-folded, composed text: what is typed matches however the server spelled it.
@Suite struct UserListNormalizationTests {
    @Test func aComposedLetterMatchesItsDecomposedSpelling() {
        var list = UserList()
        list.add([
            UserRow(id: "1", name: "Jose\u{301} Nu\u{303}n\u{303}ez", email: "jnunez@acme.es", logins: ["email"], enabled: true),
            UserRow(id: "2", name: "ÉLODIE Martin", email: "elodie@acme.fr", logins: ["email"], enabled: true),
            UserRow(id: "3", name: "Joseph", email: "jo@acme.es", logins: ["email"], enabled: true),
        ])
        list.setFilter("josé")          // typed precomposed
        #expect(list.visibleIDs == ["1"])
        list.setFilter("e\u{301}lodie")  // typed decomposed, lower case
        #expect(list.visibleIDs == ["2"])
        list.setFilter("ÑEZ")
        #expect(list.visibleIDs == ["1"])
        list.setFilter("jose")           // plain e does not match é
        #expect(list.visibleIDs == ["3"])
    }
}
