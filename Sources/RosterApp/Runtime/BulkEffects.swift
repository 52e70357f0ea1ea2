import Foundation
import LookerAPI
import Logging
import RosterCore
import RosterServices
import Synchronization

/// The bulk effects: starts, resumes, pauses and stops the one bulk run of this process, reads run
/// files for undo and retry plans, and posts the runner's reports as actions. The runner does the
/// pacing, the run file and the journal; this only connects it to the event loop.
final class BulkEffects: Sendable {
    let client: any LookerService
    /// Where runs are written; nil in read-only mode (which writes no files and sends no writes).
    let store: RunStore?
    let journal: Journal?
    let logger: Logger
    let post: @Sendable (Action) -> Void
    private let current = Mutex<BulkRunner?>(nil)

    init(client: any LookerService, store: RunStore?, journal: Journal?, logger: Logger, post: @escaping @Sendable (Action) -> Void) {
        self.client = client
        self.store = store
        self.journal = journal
        self.logger = logger
        self.post = post
    }

    /// Handles `effect` if it is a bulk effect; false otherwise.
    func run(_ effect: Effect, apiUser: String?) -> Bool {
        switch effect {
        case .startBulk(let plan, let concurrency):
            guard let (store, runner) = newRunner(apiUser: apiUser) else { return true }
            Task.detached { [post, logger] in
                do {
                    _ = try await runner.start(plan: plan, concurrency: concurrency, events: { post(Self.action($0)) })
                } catch {
                    logger.error("bulk run did not start", metadata: ["error": "\(error)", "runs": "\(store.directory)"])
                    post(.bulk(.failed("the run did not start: \(error)")))
                }
            }
        case .resumeBulk(let runID, let concurrency):
            guard let (store, runner) = newRunner(apiUser: apiUser) else { return true }
            Task.detached { [post, logger] in
                do {
                    let loaded = try store.load(id: runID)
                    post(.bulk(.resumed(runID: runID, plan: loaded.plan, outcomes: loaded.outcomes)))
                    _ = try await runner.resume(id: runID, concurrency: concurrency, events: { post(Self.action($0)) })
                } catch {
                    logger.error("bulk run did not resume", metadata: ["run": "\(runID)", "error": "\(error)"])
                    post(.bulk(.failed("run \(runID) did not resume: \(error)")))
                }
            }
        case .pauseBulk:
            if let runner = current.withLock({ $0 }) { Task.detached { await runner.pause() } }
        case .proceedBulk:
            if let runner = current.withLock({ $0 }) { Task.detached { await runner.proceed() } }
        case .stopBulk:
            if let runner = current.withLock({ $0 }) { Task.detached { await runner.stop() } }
        case .planUndo(let runID), .planRetry(let runID):
            let undo = if case .planUndo = effect { true } else { false }
            guard let store = storeOrReport() else { return true }
            Task.detached { [post, client] in
                do {
                    guard undo else { return post(.bulk(.planned(try store.retryPlan(of: runID)))) }
                    // The preview shows what the undo would write now: rows changed since are skipped.
                    post(.bulk(.planned(try await UndoPreview.reread(try store.undoPlan(of: runID), service: client))))
                } catch let error as LookerError {
                    post(.bulk(.failed("the undo of run \(runID) could not re-read its users: \(error.summary)")))
                } catch let error as RunStoreError {
                    post(.bulk(.failed("\(error)")))   // the store's own sentence names the run and why
                } catch {
                    post(.bulk(.failed("run \(runID) could not be read: \(error)")))
                }
            }
        case .planOffboard(let leavers, let successor, let apiUserID):
            // Planning reads only, but what it plans is a run: without a store (read-only) it is refused.
            guard storeOrReport() != nil else { return true }
            Task.detached { [post, client] in
                do throws(OffboardPlanFailure) {
                    post(.bulk(.planned(try await client.offboardPlan(leaverIDs: leavers, successorID: successor, apiUserID: apiUserID))))
                } catch {
                    post(.bulk(.failed("the offboarding could not be planned: \(error.description)")))
                }
            }
        case .listRuns:
            guard let store = storeOrReport() else { return true }
            Task.detached { [post, client] in
                do {
                    post(.bulk(.runsListed(try store.list().filter { $0.belongs(to: client.instanceURL) })))
                } catch {
                    post(.bulk(.failed("the runs could not be read: \(error)")))
                }
            }
        case .findInterruptedRuns:
            guard let store else { return true }
            Task.detached { [post, client, logger] in
                do {
                    let runs = try store.list().filter { $0.phase == .interrupted && $0.belongs(to: client.instanceURL) }
                    if !runs.isEmpty { post(.bulk(.interruptedRunsFound(runs))) }
                } catch {
                    logger.warning("bulk runs could not be listed", metadata: ["error": "\(error)"])
                }
            }
        default:
            return false
        }
        return true
    }

    /// A runner for a new run, kept so pause and stop reach it; nil (and a report) without a store.
    private func newRunner(apiUser: String?) -> (RunStore, BulkRunner)? {
        guard let store = storeOrReport() else { return nil }
        let runner = BulkRunner(service: client, store: store, journal: journal, apiUser: apiUser)
        current.withLock { $0 = runner }
        return (store, runner)
    }

    /// The run store; without one (read-only mode) the core hears why nothing happens.
    private func storeOrReport() -> RunStore? {
        if store == nil { post(.bulk(.failed("read-only: bulk runs are off"))) }
        return store
    }

    static func action(_ event: BulkEvent) -> Action {
        switch event {
        case .started(let runID): .bulk(.started(runID: runID))
        case .rowFinished(let key, let outcome): .bulk(.rowFinished(key: key, outcome))
        case .progress(let progress): .bulk(.progressed(progress))
        case .ended(let summary): .bulk(.ended(summary))
        }
    }
}
