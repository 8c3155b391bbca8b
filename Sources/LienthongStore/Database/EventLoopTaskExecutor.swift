import NIOCore

/// Runs a task's jobs on one NIO event loop: the loop of the PostgreSQL connection the task is talking to, so that
/// each answer's continuation runs right after the loop reads it instead of queueing behind every other job on
/// Swift's global executor.
///
/// For short stretches of code that mostly wait on the connection (a batch's statements while it holds a lock);
/// anything that computes for long belongs on the global executor, since it would hold up the loop's I/O.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
