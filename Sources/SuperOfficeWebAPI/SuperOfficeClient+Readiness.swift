public import Logging

extension SuperOfficeClient {
    /// Reads project `projectId`'s ImageInfo once, as a check before a big run: no retry and no client-side request
    /// limit, so that a 429 is seen rather than waited out. Any project id proves the credential (a 404 answers after
    /// it was accepted).
    /// - Throws: ``WebAPIError`` only when this client's configuration cannot make the one-attempt client; the read's
    ///   own failure is in the result.
    public func checkReadiness(projectId: Int = 1, logger: Logger) async throws(WebAPIError) -> ReadinessCheck {
        var single = configuration
        single.retryPolicy = .none
        single.requestsPerSecond = nil
        // an online tenant is looked up already: the one-attempt client goes straight to it
        if single.onlineTenant != nil { single.baseURL = baseURL }
        let client = try SuperOfficeClient(configuration: single, httpClient: httpClient)
        let clock = ContinuousClock()
        let started = clock.now
        var failure: WebAPIError? = nil
        do {
            _ = try await client.projectImageInfo(projectId: projectId, detail: .brief, logger: logger)
        } catch {
            failure = error
        }
        return ReadinessCheck(operation: "GET api/v1/Project/\(projectId)/Imageinfo", roundTrip: clock.now - started, failure: failure)
    }
}
