/// Runs one lookup per item with at most `width` in flight (the client's rate limiter still applies to each
/// request), and collects the answers by item; a nil answer is left out. The first failure cancels the
/// others and is thrown.
func boundedLookups<Item: Hashable & Sendable, Answer: Sendable>(
    _ items: [Item], width: Int, _ lookup: @escaping @Sendable (Item) async throws(WebAPIError) -> Answer?
) async throws(WebAPIError) -> [Item: Answer] {
    let outcome = await withTaskGroup(of: (Item, Result<Answer?, WebAPIError>).self) { group in
        var answers: [Item: Answer] = [:]
        var pending = items[...]
        func startNext() {
            guard let item = pending.popFirst() else { return }
            group.addTask {
                do throws(WebAPIError) {
                    return (item, .success(try await lookup(item)))
                } catch {
                    return (item, .failure(error))
                }
            }
        }
        for _ in 0..<max(1, width) { startNext() }
        while let (item, result) = await group.next() {
            switch result {
            case .success(let answer):
                if let answer { answers[item] = answer }
                startNext()
            case .failure(let error):
                group.cancelAll()
                return Result<[Item: Answer], WebAPIError>.failure(error)
            }
        }
        return .success(answers)
    }
    return try outcome.get()
}
