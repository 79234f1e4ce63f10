/// Runs `count` items of work with at most `width` in flight and hands each result over in item order, as
/// soon as it and every item before it are finished: what `Ingestor.probe` and `Ingestor.prepare` do over many files.
package enum OrderedWork {
    /// - Parameters:
    ///   - count: How many items (0..<count).
    ///   - width: At most this many run at once (at least 1).
    ///   - work: The work of item `index`.
    ///   - deliver: Called on the caller's task, in index order.
    package static func run<Result: Sendable>(
        count: Int, width: Int, work: @escaping @Sendable (Int) async -> Result, deliver: (Int, Result) -> Void
    ) async {
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            var ready: [Int: Result] = [:]
            var delivered = 0
            func submit() {
                guard next < count else { return }
                let index = next
                next += 1
                group.addTask { (index, await work(index)) }
            }
            for _ in 0..<max(1, width) { submit() }
            for await (index, result) in group {
                ready[index] = result
                while let result = ready.removeValue(forKey: delivered) {
                    deliver(delivered, result)
                    delivered += 1
                }
                submit()
            }
        }
    }
}
