import Dispatch

/// Runs CPU-bound work (decoding, hashing, compressing) on a private concurrent dispatch queue and
/// resumes the awaiting task afterwards, so decoding never occupies the cooperative thread pool the
/// HTTP client's tasks need. The queue runs about one work item per core, however many files are in flight.
enum CPUWork {
    private static let queue = DispatchQueue(label: "image-ingest.cpu", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws(IngestError) -> T) async throws(IngestError) -> T {
        let result: Result<T, IngestError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(IngestError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
