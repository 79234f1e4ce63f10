import NIOConcurrencyHelpers

/// A file's share of the memory budget, given back in parts (the decode share after the CPU stages) and
/// at most once in all, whichever comes first: after the upload or at the end of the file.
final class BudgetHold: Sendable {
    private let budget: MemoryBudget
    private let held: NIOLockedValueBox<Int>

    init(_ budget: MemoryBudget, amount: Int) {
        self.budget = budget
        self.held = NIOLockedValueBox(amount)
    }

    /// Gives back all but `keeping` bytes of what is still held.
    func release(keeping: Int = 0) {
        let amount = held.withLockedValue { held -> Int in
            let amount = max(0, held - max(0, keeping))
            held -= amount
            return amount
        }
        if amount > 0 { budget.release(amount) }
    }
}
