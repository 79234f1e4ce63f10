#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A project's stored picture and its description, as the sandbox keeps them.
struct StoredImage: Sendable {
    /// The bitmap; `nil` when none was uploaded or when it was evicted (see `evicted`).
    var bytes: [UInt8]?
    /// True when the bitmap was dropped to stay within `SandboxConfiguration.imageBytesBudget`.
    var evicted = false
    var blobId: Int = 0
    var mimeType: String = ""
    var blobSize: Int = 0
    var originalSize: Int = 0
    var description: String = ""
    var extraInfo: String = ""
    var conceptualType: String = ""
    var isEncrypted: Bool = false
    var isZipped: Bool = false
    var created: Date?
    var updated: Date?

    /// True once a bitmap was uploaded (its blob id is set), even if the bitmap was evicted since.
    var hasImage: Bool { blobId != 0 }
}

/// Everything mutable in a sandbox: the projects' pictures, blob ids, the request log, fault draws and the
/// requests held by a never-answer fault.
actor SandboxState {
    private(set) var images: [Int: StoredImage] = [:]
    private var nextBlobId: Int
    private var log: [SandboxRequestRecord] = []
    private var requestCount = 0
    private var faults: SandboxFaults
    private var random: SplitMix64
    private var held: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextHoldId = 0
    /// Requests begun and not yet answered (or failed), and the callers of `waitUntilIdle`.
    private var requestsInFlight = 0
    private var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    /// Callers of `waitForRequestLog`, each with its condition on the log.
    private var logWaiters: [Int: (condition: @Sendable ([SandboxRequestRecord]) -> Bool, continuation: CheckedContinuation<[SandboxRequestRecord], Never>)] = [:]
    private var nextLogWaiterId = 0
    private var shuttingDown = false
    /// The byte budget for kept bitmaps (`nil`: keep all), the bytes kept, and the kept uploads oldest first.
    private let imageBytesBudget: Int?
    private var keptBytes = 0
    private var kept: [(projectId: Int, blobId: Int, size: Int)] = []
    private var keptHead = 0

    /// The most records the log keeps (`nil`: all).
    private let requestLogLimit: Int?
    /// Where the pictures are kept between runs, if anywhere.
    private let store: SandboxStore?

    /// A sandbox's state, with the pictures of `store` when there is one.
    init(configuration: SandboxConfiguration, store: SandboxStore? = nil) throws {
        self.imageBytesBudget = configuration.imageBytesBudget
        self.requestLogLimit = configuration.requestLogLimit.map { max(0, $0) }
        self.nextBlobId = configuration.firstBlobId
        self.faults = configuration.faults
        self.random = SplitMix64(seed: configuration.faults.seed ?? UInt64.random(in: .min ... .max))
        self.store = store
        if let store {
            for (projectId, image) in try store.loadAll() {
                images[projectId] = image
                nextBlobId = max(nextBlobId, image.blobId + 1)
                if let bytes = image.bytes {
                    kept.append((projectId, image.blobId, bytes.count))
                    keptBytes += bytes.count
                }
            }
        }
    }

    /// Every project with a picture, by project id.
    func allImages() -> [(projectId: Int, image: StoredImage)] {
        images.filter { $0.value.hasImage }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    // MARK: Requests and faults

    /// Counts a request and draws its fault and latency.
    func admit(operation: SandboxOperation) -> (sequence: Int, fault: SandboxFault?, latency: Duration) {
        requestCount += 1
        var latency = faults.latency
        if faults.latencyTailRate > 0, random.nextUnit() < faults.latencyTailRate { latency += faults.latencyTail }
        guard faults.operations?.contains(operation) ?? true else { return (requestCount, nil, latency) }
        if !faults.script.isEmpty {
            return (requestCount, faults.script.removeFirst(), latency)
        }
        if let limit = faults.unauthorizedAfterRequests, requestCount > limit {
            return (requestCount, .expiredCredentials, latency)
        }
        var draw = random.nextUnit()
        for (rate, fault) in [
            (faults.neverAnswerRate, SandboxFault.neverAnswer), (faults.dropRate, .dropConnection),
            (faults.rateLimitRate, .rateLimited(retryAfterSeconds: faults.retryAfterSeconds)),
            (faults.failureRate, .status(faults.failureStatus)),
        ] {
            if rate > 0, draw < rate { return (requestCount, fault, latency) }
            draw -= max(rate, 0)
        }
        return (requestCount, nil, latency)
    }

    /// Replaces the fault plan (the request count carries on).
    func setFaults(_ faults: SandboxFaults) {
        self.faults = faults
        if let seed = faults.seed { random = SplitMix64(seed: seed) }
    }

    /// Whether a dropped request is carried out first.
    var dropAppliesOperation: Bool { faults.dropAppliesOperation }

    /// Appends a record to the request log.
    func record(_ record: SandboxRequestRecord) {
        log.append(record)
        if let limit = requestLogLimit, log.count > limit {
            // drop in batches (amortised), keeping the newest `limit`
            if log.count >= 2 * limit + 64 || limit == 0 { log.removeFirst(log.count - limit) }
        }
        if !logWaiters.isEmpty { resumeLogWaiters() }
    }

    /// The request log, oldest first.
    func requestLog() -> [SandboxRequestRecord] {
        guard let limit = requestLogLimit, log.count > limit else { return log }
        return Array(log.suffix(limit))
    }

    /// Empties the request log (the sequence numbers carry on).
    func clearRequestLog() {
        log.removeAll()
        if !logWaiters.isEmpty { resumeLogWaiters() }
    }

    /// Waits until `condition` holds for the request log (checked now and after every change to it) and
    /// answers the log then; answers at once when the sandbox shuts down or the calling task is cancelled.
    func waitForRequestLog(_ condition: @escaping @Sendable ([SandboxRequestRecord]) -> Bool) async -> [SandboxRequestRecord] {
        let current = requestLog()
        if shuttingDown || Task.isCancelled || condition(current) { return current }
        nextLogWaiterId += 1
        let id = nextLogWaiterId
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                logWaiters[id] = (condition, continuation)
            }
        } onCancel: {
            Task { await self.releaseLogWaiter(id) }
        }
    }

    /// A request arrived.
    func requestBegan() { requestsInFlight += 1 }

    /// A request was answered, or failed.
    func requestEnded() {
        requestsInFlight -= 1
        if requestsInFlight == 0 { resumeIdleWaiters() }
    }

    /// Waits until no request is being handled; answers at once when none is, when the sandbox shuts down or the
    /// calling task is cancelled.
    func waitUntilIdle() async {
        if requestsInFlight == 0 || shuttingDown || Task.isCancelled { return }
        nextLogWaiterId += 1
        let id = nextLogWaiterId
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in idleWaiters[id] = continuation }
        } onCancel: {
            Task { await self.releaseIdleWaiter(id) }
        }
    }

    private func releaseIdleWaiter(_ id: Int) {
        idleWaiters.removeValue(forKey: id)?.resume()
    }

    private func resumeIdleWaiters() {
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters.values { waiter.resume() }
    }

    /// Resumes the waiters whose condition now holds.
    private func resumeLogWaiters() {
        let current = requestLog()
        for (id, waiter) in logWaiters where waiter.condition(current) {
            logWaiters[id] = nil
            waiter.continuation.resume(returning: current)
        }
    }

    /// Resumes one waiter whatever its condition (its task was cancelled).
    private func releaseLogWaiter(_ id: Int) {
        logWaiters.removeValue(forKey: id)?.continuation.resume(returning: requestLog())
    }

    /// Waits until the sandbox shuts down (a never-answer fault).
    func holdUntilShutdown() async {
        guard !shuttingDown else { return }
        nextHoldId += 1
        let id = nextHoldId
        await withCheckedContinuation { continuation in held[id] = continuation }
    }

    /// Releases every held request and every waiter on the log; later holds and waits return at once.
    func beginShutdown() {
        resumeIdleWaiters()
        shuttingDown = true
        for continuation in held.values { continuation.resume() }
        held.removeAll()
        let current = requestLog()
        for waiter in logWaiters.values { waiter.continuation.resume(returning: current) }
        logWaiters.removeAll()
    }

    // MARK: Pictures

    /// Stores a new bitmap and updates the description as the server does; answers the new blob id.
    func saveImage(projectId: Int, bytes: [UInt8], mimeType: String, now: Date) throws -> Int {
        let blobId = nextBlobId
        nextBlobId += 1
        var image = images[projectId] ?? StoredImage()
        image.bytes = bytes
        image.evicted = false
        image.blobId = blobId
        image.mimeType = mimeType
        image.blobSize = bytes.count
        image.originalSize = bytes.count
        image.isZipped = false
        image.isEncrypted = false
        if image.created == nil { image.created = now }
        image.updated = now
        images[projectId] = image
        try store?.save(projectId: projectId, image, withBytes: true)
        if let budget = imageBytesBudget { try keep(projectId: projectId, blobId: blobId, size: bytes.count, budget: budget) }
        return blobId
    }

    /// Records a kept bitmap and evicts the oldest ones until the kept bytes fit `budget` (never the newest).
    private func keep(projectId: Int, blobId: Int, size: Int, budget: Int) throws {
        kept.append((projectId, blobId, size))
        keptBytes += size
        while keptBytes > budget, kept.count - keptHead > 1 {
            let oldest = kept[keptHead]
            keptHead += 1
            keptBytes -= oldest.size
            // only if the project still holds that upload (a newer one replaced it, or it was deleted)
            if var image = images[oldest.projectId], image.blobId == oldest.blobId, image.bytes != nil {
                image.bytes = nil
                image.evicted = true
                images[oldest.projectId] = image
                try store?.evict(projectId: oldest.projectId, blobId: oldest.blobId)
            }
        }
        if keptHead > 1024, keptHead * 2 > kept.count {
            kept.removeFirst(keptHead)
            keptHead = 0
        }
    }

    /// Removes a project's picture.
    func deleteImage(projectId: Int) throws {
        images[projectId] = nil
        try store?.delete(projectId: projectId)
    }

    /// Replaces the stored description with `update`.
    func updateInfo(projectId: Int, _ update: @Sendable (inout StoredImage) -> Void) throws -> StoredImage {
        var image = images[projectId] ?? StoredImage()
        update(&image)
        images[projectId] = image
        try store?.save(projectId: projectId, image, withBytes: false)
        return image
    }

    /// A project's stored picture, if any.
    func image(projectId: Int) -> StoredImage? { images[projectId] }
}

/// A small, fast, seedable generator (SplitMix64), so fault draws can be replayed.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
