import Testing

@testable import CacheRegistry

@Suite struct RedactionTests {
    @Test func secretQueryParameters() {
        #expect(Redaction.url("https://h/t?service=r&token=abc&x=1") == "https://h/t?service=r&token=REDACTED&x=1")
        #expect(
            Redaction.url("https://s3/b?X-Amz-Signature=zz&X-Amz-Credential=c&ok=1#f")
                == "https://s3/b?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&ok=1#f")
        #expect(Redaction.url("http://h/p?access_token=1&refresh_token=2") == "http://h/p?access_token=REDACTED&refresh_token=REDACTED")
    }

    @Test func userinfo() {
        #expect(Redaction.url("https://user:pa55@host:5000/v2/") == "https://REDACTED@host:5000/v2/")
        #expect(Redaction.url("https://host/v2/a@b") == "https://host/v2/a@b")
    }

    @Test func plainURLsUnchanged() {
        let u = "https://127.0.0.1:5000/v2/a/b/manifests/latest"
        #expect(Redaction.url(u) == u)
        #expect(Redaction.url("https://h/t?scope=repository:a:pull&service=s") == "https://h/t?scope=repository:a:pull&service=s")
    }

    @Test func headers() {
        #expect(Redaction.headerValue(name: "Authorization", value: "Bearer eyJabc") == "Bearer REDACTED")
        #expect(Redaction.headerValue(name: "authorization", value: "opaque") == "REDACTED")
        #expect(Redaction.headerValue(name: "Accept", value: "x/y") == "x/y")
    }

    @Test func scrubKnownSecrets() {
        let s = Redaction.scrub("token s3cr3t-token and pw hunter22 and short ab", secrets: ["s3cr3t-token", "hunter22", "ab"])
        #expect(s == "token REDACTED and pw REDACTED and short ab")
    }

    @Test func replacingAllIsLiteral() {
        #expect("a.b.c".replacingAll(".", with: "-") == "a-b-c")
        #expect("aaaa".replacingAll("aa", with: "b") == "bb")
        #expect("x".replacingAll("xyz", with: "q") == "x")
    }
}
