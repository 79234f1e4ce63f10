/// The tickets and access tokens the sandbox's login side issued, each with the instant it expires.
actor IssuedCredentials {
    private var tickets: [String: ContinuousClock.Instant] = [:]
    private var accessTokens: [String: ContinuousClock.Instant] = [:]
    private var revokedRefreshTokens: Set<String> = []
    /// How many tickets and access tokens were issued.
    private(set) var ticketsIssued = 0
    private(set) var accessTokensIssued = 0

    /// What a presented ticket or token is.
    enum Verdict: Sendable {
        case valid, expired, unknown
    }

    func issueTicket(lifetime: Duration) -> String {
        ticketsIssued += 1
        let ticket = "7T:" + SandboxLogin.randomHex(24)
        tickets[ticket] = .now + lifetime
        return ticket
    }

    func issueAccessToken(contextIdentifier: String, lifetime: Duration) -> String {
        accessTokensIssued += 1
        let token = "8A:\(contextIdentifier)." + SandboxLogin.randomHex(24)
        accessTokens[token] = .now + lifetime
        return token
    }

    func ticket(_ ticket: String) -> Verdict { verdict(tickets[ticket]) }

    func accessToken(_ token: String) -> Verdict { verdict(accessTokens[token]) }

    /// Makes every ticket and access token issued so far expired, as if their lifetime had run out.
    func expireAll() {
        let now = ContinuousClock.now
        for key in tickets.keys { tickets[key] = now }
        for key in accessTokens.keys { accessTokens[key] = now }
    }

    func revoke(refreshToken: String) { revokedRefreshTokens.insert(refreshToken) }

    func isRevoked(refreshToken: String) -> Bool { revokedRefreshTokens.contains(refreshToken) }

    private func verdict(_ expiry: ContinuousClock.Instant?) -> Verdict {
        guard let expiry else { return .unknown }
        return ContinuousClock.now < expiry ? .valid : .expired
    }
}
