import Testing
@testable import RosterCore
import ScreenKit

/// The bulk panel from the keyboard: the menu, the preview and its confirmation, the run's pause,
/// stop and results, retry and undo, quitting during a run, and the resume offer.
@Suite struct BulkFlowTests {
    func work(_ effects: [Effect]) -> [Effect] {
        effects.filter { if case .expireFlash = $0 { false } else { true } }
    }

    /// A plan of `writes` email renames and one skipped row.
    func plan(writes: Int) -> BulkPlan {
        var rows = (0..<writes).map { i in
            PlanRow(userID: "\(100 + i)", name: "User \(i)", op: .patchEmail,
                    before: BulkSnapshot(email: "u\(i)@acme.com", forcedReset: false, disabled: false),
                    after: BulkSnapshot(email: "u\(i)@acme.io", forcedReset: false, disabled: false))
        }
        rows.append(PlanRow(userID: "99", name: "Sso Only", op: .patchEmail,
                            before: BulkSnapshot(email: nil, forcedReset: nil, disabled: false),
                            after: BulkSnapshot(email: nil, forcedReset: nil, disabled: false), skip: .noEmailLogin))
        return BulkPlan(action: .setDomain(from: "acme.com", to: "acme.io"), scope: "the 3 filtered rows", rows: rows)
    }

    /// The bulk panel open on a preview of `plan`, drawn (so keys typed now count).
    func previewing(_ plan: BulkPlan, readOnly: Bool = false) -> AppState {
        var state = People.loaded(readOnly: readOnly)
        state.bulk = BulkSession(stage: .menu, targetIDs: ["1"], scope: "all 5 users")
        state.overlay = .bulk
        _ = reduce(&state, .bulk(.planned(plan)))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        return state
    }

    @Test func bOpensTheMenuOnTheFilteredRowsAndEscClosesIt() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("/")))
        for c in "acme" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        #expect(work(reduce(&state, .key(.char("b")))) == [])
        #expect(state.keyContext == .bulk(.menu))
        #expect(state.bulk?.targetIDs == ["1", "2", "3", "4"])
        #expect(state.bulk?.scope == "the 4 filtered rows")
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.escape))
        #expect(state.overlay == .none)
        #expect(state.bulk == nil)
    }

    @Test func aDomainRenameIsPlannedFromTheListAndPreviewedRowByRow() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("b")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.char("1")))
        #expect(state.keyContext == .bulk(.domain))
        #expect(state.bulk?.domainFrom.text == "acme.co", "the targets' most common domain is suggested")
        #expect(state.bulk?.domainFocusTo == true)
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        // An invalid new domain is caught before planning.
        for c in "acme io" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.bulk?.domainError == "'acme io' is not a valid email domain")
        _ = reduce(&state, .key(.ctrl("u")))
        for c in "acme.io" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.keyContext == .bulk(.preview))
        let plan = state.bulk?.plan
        #expect(plan?.action == .setDomain(from: "acme.co", to: "acme.io"))
        #expect(plan?.writeCount == 3)
        #expect(plan?.rows.map(\.userID) == ["1", "2", "3", "4", "5"])
        let lines = render(state).grid.lines
        #expect(lines.contains { $0.contains("Alice Smith") && $0.contains("alice@acme.co → alice@acme.io") })
        #expect(lines.contains { $0.contains("Carol Díaz") && $0.contains("skipped: no email login") })
        #expect(lines.contains { $0.contains("5 rows (all 5 users) · 3 to change · 2 skipped") })
        #expect(lines.contains { $0.contains("Nothing has been sent. 3 rows will change.") })
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(work(reduce(&state, .key(.char("y")))) == [.startBulk(plan!, concurrency: 4)])

        // The run's results go into the list at once, and the selected user's credential is read again.
        _ = reduce(&state, .bulk(.started(runID: "r1")))
        for id in ["1", "2", "4"] { _ = reduce(&state, .bulk(.rowFinished(key: id, .applied))) }
        for id in ["3", "5"] { _ = reduce(&state, .bulk(.rowFinished(key: id, .skipped(.noEmailLogin)))) }
        let summary = RunSummary(id: "r1", action: plan!.action, scope: "all 5 users", instance: "acme.looker.com", started: "",
                                 phase: .finished, total: 5, applied: 3, failed: 0, skipped: 2)
        let effects = work(reduce(&state, .bulk(.ended(summary))))
        #expect(effects == [.fetchCredential(request: state.detailRequest, userID: "1", delayMs: 0)])
        #expect(state.list.row(id: "1")?.email == "alice@acme.io")
        #expect(state.list.row(id: "1")?.emailLogin == "alice@acme.io")
        #expect(state.list.row(id: "4")?.emailLogin == "dli@acme.io")
        #expect(state.list.row(id: "3")?.email == "carol@acme.co", "skipped rows stay")
        #expect(state.list.selectedRow?.id == "1", "the place in the list is kept")
    }

    @Test func markedRowsAreTheTargetsWhateverTheFilterShows() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char(" ")))          // Alice, then on to Bob
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char(" ")))          // Dave
        _ = reduce(&state, .key(.char("/")))
        for c in "alina" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .key(.char("b")))
        #expect(state.bulk?.targetIDs == ["1", "4"])
        #expect(state.bulk?.scope == "the 2 marked")
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.char("3")))           // stop forcing a password reset
        #expect(state.bulk?.plan?.rows.map(\.skip) == [.alreadySo, nil], "Alice is not forced; Dave is")
    }

    @Test func disablingEveryoneLeavesTheAPIUserAlone() {
        var state = People.loaded()
        _ = reduce(&state, .meLoaded(name: "alice@acme.co", id: "1"))
        _ = reduce(&state, .key(.char("b")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.char("4")))
        #expect(state.bulk?.plan?.rows.map(\.skip) == [.apiUser, nil, .alreadySo, nil, nil])
        #expect(render(state).grid.lines.contains { $0.contains("Alice Smith") && $0.contains("skipped: the API user Roster acts as") })
    }

    @Test func theFilteredRowsAreNoTargetUntilEveryUserIsLoaded() {
        var state = AppState(instance: "acme.looker.com", policy: .readWrite, size: Size(cols: 80, rows: 24))
        _ = reduce(&state, .started)
        _ = reduce(&state, .usersLoaded(generation: 1, rows: [People.alice, People.bob], done: false))
        _ = reduce(&state, .key(.char("b")))
        #expect(state.overlay == .none)
        #expect(state.flash?.text == "not every user is loaded yet: wait, or mark the users to act on")
        // Marked users are an explicit choice: they may be acted on while the rest loads.
        _ = reduce(&state, .key(.char(" ")))
        _ = reduce(&state, .key(.char("b")))
        #expect(state.keyContext == .bulk(.menu))
        #expect(state.bulk?.targetIDs == ["1"])
    }

    @Test func marksOfUsersGoneAfterAReloadAreDropped() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("*")))
        #expect(state.marked.count == 5)
        _ = reduce(&state, .key(.char("r")))
        _ = reduce(&state, .usersLoaded(generation: state.loadGeneration, rows: [People.alice, People.bob], done: true))
        #expect(state.marked == ["1", "2"])
        #expect(render(state).grid.lines[0].contains("2 marked"))
    }

    @Test func theRunsListResumesAStoppedRunAndUndoesAnother() {
        var state = People.loaded()
        #expect(work(reduce(&state, .key(.char("B")))) == [.listRuns])
        #expect(state.keyContext == .bulk(.runs))
        #expect(render(state).grid.lines.contains { $0.contains("reading the runs…") })
        let stopped = RunSummary(id: "20261130-120000-aaaa", action: .disable, scope: "the 3 marked", instance: "acme.looker.com",
                                 started: "2026-11-30T12:00:00Z", phase: .stopped, total: 3, applied: 1, failed: 0, skipped: 0)
        let finished = RunSummary(id: "20261129-090000-bbbb", action: .setDomain(from: "acme.com", to: "acme.io"), scope: "all 5 users",
                                  instance: "acme.looker.com", started: "2026-11-29T09:00:00Z", phase: .finished,
                                  total: 5, applied: 3, failed: 0, skipped: 2)
        _ = reduce(&state, .bulk(.runsListed([stopped, finished])))
        let lines = render(state).grid.lines
        #expect(lines.contains { $0.contains("20261130-120000-aaaa  stopped") && $0.contains("✓1 ✗0 –0 left 2") && $0.contains("disable, the 3 marked") })
        #expect(lines.contains { $0.contains("20261129-090000-bbbb  finished") && $0.contains("set domain acme.com") })
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        // A finished run has nothing to resume; it can be undone.
        _ = reduce(&state, .key(.char("j")))
        #expect(work(reduce(&state, .key(.char("r")))) == [])
        #expect(state.flash?.text == "run 20261129-090000-bbbb is finished: nothing to resume")
        #expect(work(reduce(&state, .key(.char("u")))) == [.planUndo(runID: "20261129-090000-bbbb")])
        #expect(state.keyContext == .bulk(.planning))
        // The stopped one resumes.
        _ = reduce(&state, .bulk(.failed("x")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .key(.char("B")))
        _ = reduce(&state, .bulk(.runsListed([stopped, finished])))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(work(reduce(&state, .key(.char("r")))) == [.resumeBulk(runID: "20261130-120000-aaaa", concurrency: 4)])
        #expect(state.keyContext == .bulk(.running))
    }

    @Test func aKeyTypedBeforeTheMenuShowedDoesNotChooseAnAction() {
        var state = People.loaded()
        _ = reduce(&state, .frameShown(7))
        _ = reduce(&state, .key(.char("b"), seen: 7))
        // "4" (disable) typed in the same burst, before the menu was drawn.
        #expect(work(reduce(&state, .key(.char("4"), seen: 7))) == [])
        #expect(state.keyContext == .bulk(.menu))
        #expect(state.staleKeys == 1)
        #expect(render(state).grid.lines.contains { $0.contains("typed before this showed was ignored") })
    }

    @Test func aBigPlanNeedsItsCountTyped() {
        let plan = plan(writes: 25)
        var state = previewing(plan)
        #expect(state.keyContext == .bulk(.preview))
        #expect(work(reduce(&state, .key(.char("y")))) == [], "y does not confirm 25 writes")
        #expect(state.bulk?.confirmError == "type 25 to confirm")
        for c in "24" { _ = reduce(&state, .key(.char(c))) }
        #expect(work(reduce(&state, .key(.enter))) == [])
        #expect(state.bulk?.confirmError == "24 is not 25: type the number of rows to change")
        #expect(state.bulk?.typed.text == "")
        _ = reduce(&state, .key(.char("x")))
        #expect(state.bulk?.typed.text == "", "only digits go into the count")
        for c in "25" { _ = reduce(&state, .key(.char(c))) }
        #expect(work(reduce(&state, .key(.enter))) == [.startBulk(plan, concurrency: 4)])
        #expect(state.keyContext == .bulk(.running))
        #expect(state.bulk?.progress?.total == 26)
    }

    @Test func aSmallPlanTakesY() {
        let plan = plan(writes: 3)
        var state = previewing(plan)
        #expect(work(reduce(&state, .key(.char("y")))) == [.startBulk(plan, concurrency: 4)])
    }

    @Test func theCountTypedBeforeThePreviewShowedIsIgnored() {
        let plan = plan(writes: 25)
        var state = People.loaded()
        state.bulk = BulkSession(stage: .menu, targetIDs: ["1"], scope: "all")
        state.overlay = .bulk
        _ = reduce(&state, .frameShown(3))
        _ = reduce(&state, .bulk(.planned(plan)))
        for c in "25" { _ = reduce(&state, .key(.char(c), seen: 3)) }
        #expect(work(reduce(&state, .key(.enter, seen: 3))) == [])
        #expect(state.bulk?.typed.text == "")
        #expect(state.keyContext == .bulk(.preview))
    }

    @Test func aPlanWithNothingToChangeDoesNotRun() {
        var empty = plan(writes: 0)
        empty.rows = empty.rows.filter { $0.skip != nil }
        var state = previewing(empty)
        #expect(work(reduce(&state, .key(.char("y")))) == [])
        #expect(state.bulk?.confirmError == "nothing to change: every row is skipped")
    }

    @Test func anUndoFromTheRunsListThatCannotBePlannedGoesBackToTheListWithTheError() {
        var state = People.loaded()
        _ = reduce(&state, .key(.char("B")))
        let running = RunSummary(id: "20261130-120000-aaaa", action: .disable, scope: "the 3 marked", instance: "acme.looker.com",
                                 started: "2026-11-30T12:00:00Z", phase: .running, total: 3, applied: 1, failed: 0, skipped: 0)
        _ = reduce(&state, .bulk(.runsListed([running])))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(work(reduce(&state, .key(.char("u")))) == [.planUndo(runID: running.id)])
        _ = reduce(&state, .bulk(.failed("run \(running.id) is being run by another Roster process")))
        #expect(state.keyContext == .bulk(.runs), "back to the list, not a result")
        #expect(state.flash?.text == "run \(running.id) is being run by another Roster process")
        let lines = render(state).grid.lines
        #expect(!lines.contains { $0.contains("Done") }, "\(lines.joined(separator: "\n"))")
    }

    @Test func anUndoWithNothingLeftToWriteStillRunsToMarkItsRunUndone() {
        let undo = BulkPlan(action: .undo(runID: "r1"), scope: "undo of run r1", rows: plan(writes: 0).rows.filter { $0.skip != nil })
        var state = previewing(undo)
        #expect(work(reduce(&state, .key(.char("y")))) == [.startBulk(undo, concurrency: state.bulkConcurrency)])
        #expect(state.bulk?.confirmError == nil)
    }

    @Test func escPausesThenResumeOrStop() {
        var state = previewing(plan(writes: 3))
        _ = reduce(&state, .key(.char("y")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(reduce(&state, .key(.escape)) == [.pauseBulk])
        #expect(state.keyContext == .bulk(.paused))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(reduce(&state, .key(.char("r"))) == [.proceedBulk])
        #expect(state.keyContext == .bulk(.running))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(reduce(&state, .key(.char("s"))) == [.stopBulk])
        #expect(state.keyContext == .bulk(.stopping))
        #expect(state.isWriting, "requests may be in flight until the run ends")
    }

    @Test func resultsShowPerRowAndOfferRetryAndUndo() {
        var state = previewing(plan(writes: 3))
        _ = reduce(&state, .key(.char("y")))
        _ = reduce(&state, .bulk(.started(runID: "20261130-120000-abcd")))
        _ = reduce(&state, .bulk(.rowFinished(key: "100", .applied)))
        _ = reduce(&state, .bulk(.rowFinished(key: "101", .failed(status: 422, message: "Email is already taken", field: "email"))))
        _ = reduce(&state, .bulk(.rowFinished(key: "102", .skipped(.changedElsewhere))))
        _ = reduce(&state, .bulk(.rowFinished(key: "99", .skipped(.noEmailLogin))))
        let summary = RunSummary(id: "20261130-120000-abcd", action: .setDomain(from: "acme.com", to: "acme.io"), scope: "x",
                                 instance: "acme.looker.com", started: "2026-11-30T12:00:00Z", phase: .finished,
                                 total: 4, applied: 1, failed: 1, skipped: 2)
        let effects = work(reduce(&state, .bulk(.ended(summary))))
        #expect(effects == [], "none of these rows is in the list")
        #expect(state.keyContext == .bulk(.done))
        #expect(state.flash?.text == "bulk run finished: 1 changed, 1 failed, 2 skipped")
        #expect(!state.isWriting)
        let lines = render(state).grid.lines
        #expect(lines.contains { $0.contains("101") && $0.contains("422 email: Email is already taken") })
        #expect(lines.contains { $0.contains("102") && $0.contains("skipped: changed elsewhere") })
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.char("f")))
        #expect(state.bulk?.shownRows.map(\.userID) == ["101"])
        #expect(reduce(&state, .key(.char("R"))) == [.planRetry(runID: "20261130-120000-abcd")])
        #expect(state.keyContext == .bulk(.planning))
        _ = reduce(&state, .bulk(.planned(plan(writes: 1))))
        #expect(state.keyContext == .bulk(.preview))
        #expect(state.bulk?.outcomes == [:])
    }

    @Test func theTabOnShowIsReadAgainWhenTheRunChangedItsUser() {
        let admin = AccessTarget(id: "2", name: "Admin")
        let rows = ["1", "2"].map { id in
            PlanRow(userID: id, name: "User \(id)", op: .addRole, before: .roles(["5"]), after: .roles(["5", "2"]), target: admin)
        }
        var state = previewing(BulkPlan(action: .addRole(id: "2", name: "Admin"), scope: "2 marked", rows: rows))
        state.tabs.current = .access
        state.tabs.userID = state.list.selectedRow?.id
        let shown = try? #require(state.tabs.userID)
        _ = reduce(&state, .key(.char("y")))
        _ = reduce(&state, .bulk(.started(runID: "20261130-120000-abcd")))
        _ = reduce(&state, .bulk(.rowFinished(key: "1", .applied)))
        _ = reduce(&state, .bulk(.rowFinished(key: "2", .skipped(.changedElsewhere))))
        let summary = RunSummary(id: "20261130-120000-abcd", action: .addRole(id: "2", name: "Admin"), scope: "x",
                                 instance: "acme.looker.com", started: "2026-11-30T12:00:00Z", phase: .finished,
                                 total: 2, applied: 1, failed: 0, skipped: 1)
        let effects = work(reduce(&state, .bulk(.ended(summary))))
        #expect(shown == "1")
        #expect(effects.contains(.loadTab(request: state.tabs.request, userID: "1", tab: .access, delayMs: 0)))
        // A run that left the shown user alone reads nothing.
        state.tabs.userID = "2"
        #expect(!work(reduce(&state, .bulk(.ended(summary)))).contains { if case .loadTab = $0 { true } else { false } })
    }

    @Test func quittingDuringARunStopsItFirst() {
        var state = previewing(plan(writes: 3))
        _ = reduce(&state, .key(.char("y")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(work(reduce(&state, .key(.char("q")))) == [.stopBulk])
        #expect(state.quitWhenDone)
        #expect(!state.quitting)
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        let summary = RunSummary(id: "r1", action: .disable, scope: "x", instance: "acme.looker.com", started: "",
                                 phase: .stopped, total: 4, applied: 0, failed: 0, skipped: 1)
        #expect(work(reduce(&state, .bulk(.ended(summary)))).last == .quit)
        #expect(state.quitting)
    }

    @Test func aRunCoveredByAMessageIsShownAgainByBOrCapitalB() {
        var state = previewing(plan(writes: 3))
        _ = reduce(&state, .key(.char("y")))
        for key: Key in [.char("b"), .char("B")] {
            state.overlay = .dialog(.message(title: "Not saved", text: "500"))
            _ = reduce(&state, .frameShown(state.shownFrame + 1))
            _ = reduce(&state, .key(.escape))
            #expect(state.overlay == .none)
            #expect(work(reduce(&state, .key(key))) == [], "no second run, no runs list")
            #expect(state.keyContext == .bulk(.running))
        }
    }

    @Test func asecondQQuitsAtOnce() {
        var state = previewing(plan(writes: 3))
        _ = reduce(&state, .key(.char("y")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        _ = reduce(&state, .key(.char("q")))
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(reduce(&state, .key(.char("q"))) == [.quit])
        #expect(state.quitting)
    }

    @Test func readOnlyRefusesBulkAtTheKeyAndInTheReducer() {
        var state = People.loaded(readOnly: true)
        _ = reduce(&state, .key(.char("b")))
        #expect(state.overlay == .none)
        #expect(state.flash?.text.hasPrefix("read-only: bulk action") == true)
        // Even a preview reached some other way does not run.
        var preview = previewing(plan(writes: 3), readOnly: true)
        #expect(work(perform(&preview, .bulkRun, .char("y"))) == [])
        #expect(preview.flash?.text == "read-only: bulk actions is off")
        // And no run is offered for resuming.
        let run = RunSummary(id: "r1", action: .disable, scope: "x", instance: "acme.looker.com", started: "",
                             phase: .interrupted, total: 4, applied: 1, failed: 0, skipped: 0)
        _ = reduce(&state, .bulk(.interruptedRunsFound([run])))
        #expect(state.overlay == .none)
    }

    @Test func anInterruptedRunIsOfferedAndResumed() {
        var state = People.loaded()
        let run = RunSummary(id: "r1", action: .setDomain(from: "acme.com", to: "acme.io"), scope: "the 2,000 filtered rows",
                             instance: "acme.looker.com", started: "", phase: .interrupted, total: 2000, applied: 1000, failed: 0, skipped: 3)
        _ = reduce(&state, .bulk(.interruptedRunsFound([run])))
        #expect(state.overlay == .dialog(.resumeRun(run)))
        #expect(render(state).grid.lines.contains { $0.contains("1,000 changed, 0 failed, 3 skipped, 997 left.") })
        _ = reduce(&state, .frameShown(state.shownFrame + 1))
        #expect(reduce(&state, .key(.char("r"))) == [.resumeBulk(runID: "r1", concurrency: 4)])
        #expect(state.keyContext == .bulk(.running))
        #expect(state.bulk?.progress?.applied == 1000)
    }

    @Test func startingLooksForInterruptedRunsUnlessReadOnly() {
        var state = AppState(instance: "x", policy: .readWrite, size: Size(cols: 80, rows: 24))
        #expect(reduce(&state, .started).contains(.findInterruptedRuns))
        var ro = AppState(instance: "x", policy: Policy(readOnly: true, reason: "--read-only"), size: Size(cols: 80, rows: 24))
        #expect(!reduce(&ro, .started).contains(.findInterruptedRuns))
    }
}
