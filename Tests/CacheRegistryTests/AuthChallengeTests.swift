import Testing

@testable import CacheRegistry

@Suite struct AuthChallengeTests {
    @Test func bearerWithSeveralParameters() {
        let c = AuthChallenge.parse(
            #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#)
        #expect(c.count == 1)
        #expect(c[0].scheme == "bearer")
        #expect(c[0].realm == "https://auth.docker.io/token")
        #expect(c[0].service == "registry.docker.io")
        #expect(c[0].scope == "repository:library/alpine:pull")
    }

    @Test func basicRealm() {
        let c = AuthChallenge.parse(#"Basic realm="Registry Realm""#)
        #expect(c == [AuthChallenge(scheme: "basic", parameters: ["realm": "Registry Realm"])])
    }

    @Test func schemeAndNamesAreCaseInsensitive() {
        let c = AuthChallenge.parse(#"BEARER Realm="x", SERVICE=svc"#)
        #expect(c.first?.scheme == "bearer")
        #expect(c.first?.realm == "x")
        #expect(c.first?.service == "svc")
    }

    @Test func quotedStringsWithEscapesAndCommas() {
        let c = AuthChallenge.parse(#"Bearer realm="https://a/t?x=1,y=2",error="insufficient_scope",error_description="say \"hi\", \\ok""#)
        #expect(c.count == 1)
        #expect(c[0].realm == "https://a/t?x=1,y=2")
        #expect(c[0].parameters["error"] == "insufficient_scope")
        #expect(c[0].parameters["error_description"] == #"say "hi", \ok"#)
    }

    @Test func severalChallengesInOneHeader() {
        let c = AuthChallenge.parse(#"Basic realm="b", Bearer realm="https://t/token",service="s", Negotiate"#)
        #expect(c.map(\.scheme) == ["basic", "bearer", "negotiate"])
        #expect(c[1].realm == "https://t/token")
        #expect(c[1].service == "s")
        #expect(c[2].parameters.isEmpty)
    }

    @Test func severalHeaderValues() {
        let c = AuthChallenge.parse([#"Basic realm="r""#, #"Bearer realm="https://t""#])
        #expect(c.map(\.scheme) == ["basic", "bearer"])
    }

    @Test func token68() {
        let c = AuthChallenge.parse("Negotiate YWJjZA==, Basic realm=x")
        #expect(c.count == 2)
        #expect(c[0].token68 == "YWJjZA==")
        #expect(c[1].realm == "x")
    }

    @Test func spacesAroundEquals() {
        let c = AuthChallenge.parse(#"Bearer realm = "https://t" , service = reg"#)
        #expect(c.first?.realm == "https://t")
        #expect(c.first?.service == "reg")
    }

    @Test func malformedInputIsNotFatal() {
        #expect(AuthChallenge.parse("").isEmpty)
        #expect(AuthChallenge.parse(",,, ").isEmpty)
        #expect(AuthChallenge.parse("=x").isEmpty)
        let c = AuthChallenge.parse(#"Bearer realm="unterminated"#)
        #expect(c.first?.realm == "unterminated")
        _ = AuthChallenge.parse("\u{0}\u{7f}Bearer ==== \"")
    }

    @Test func firstValueOfRepeatedParameterWins() {
        let c = AuthChallenge.parse(#"Bearer realm="a",realm="b""#)
        #expect(c.first?.realm == "a")
    }
}
