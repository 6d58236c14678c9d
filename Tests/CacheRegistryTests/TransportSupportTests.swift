import CacheModel
import Testing

@testable import CacheRegistry

@Suite struct TransportSupportTests {
    @Test func shortTLSErrorText() {
        let text =
            "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435703 error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at /x/tls_record.cc:127]))"
        #expect(AHCTransport.shortTLS(text) == "WRONG_VERSION_NUMBER")
        #expect(AHCTransport.shortTLS("other") == "other")
    }

    @Test func classifyKeepsTransportErrors() {
        #expect(AHCTransport.classify(TransportError.timedOut) == .timedOut)
        #expect(AHCTransport.classify(CancellationError()) == .timedOut)
    }

    struct Described: Error, CustomStringConvertible { let description: String }

    @Test func unresolvableHostIsSaidPlainly() {
        // The text AsyncHTTPClient gives for a name that does not resolve (seen with nonexistent.invalid).
        let dns = Described(
            description:
                "DNS error: SocketAddressError.UnknownHost: Name or service not known (error -2) for host nonexistent.invalid, port 443")
        #expect(AHCTransport.classify(dns) == .connect("the host name does not resolve (DNS)"))
    }

    @Test func urlEncoding() {
        #expect(URLEncoding.encode("repository:a/b:pull") == "repository%3Aa%2Fb%3Apull")
        #expect(URLEncoding.append([("service", "r e g")], to: "https://t/token") == "https://t/token?service=r%20e%20g")
        #expect(URLEncoding.append([("a", "1")], to: "https://t/token?x=y") == "https://t/token?x=y&a=1")
        #expect(URLEncoding.form([("grant_type", "refresh_token"), ("k", "+/=")]) == "grant_type=refresh_token&k=%2B%2F%3D")
    }

    @Test func registryErrorBodies() {
        let d = RegistryErrorDetail.parse(
            Array(
                #"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"x"}},{"code":"DENIED"}]}"#
                    .utf8))
        #expect(
            d == [
                RegistryErrorDetail(code: "NAME_UNKNOWN", message: "repository name not known to registry"),
                RegistryErrorDetail(code: "DENIED", message: ""),
            ])
        #expect(RegistryErrorDetail.summary(d) == "NAME_UNKNOWN: repository name not known to registry; DENIED")
        #expect(RegistryErrorDetail.parse(Array("<html>oops</html>".utf8)).isEmpty)
        #expect(RegistryErrorDetail.parse([]).isEmpty)
        let evil = RegistryErrorDetail.parse(Array(#"{"errors":[{"code":"X","message":"a\u001b[31mred"}]}"#.utf8))
        #expect(RegistryErrorDetail.summary(evil)?.contains("\u{1b}") == false)
    }

    @Test func hostOfURL() {
        #expect(RegistryClient.host(of: "https://u:p@127.0.0.1:5000/v2/x?y") == "127.0.0.1:5000")
        #expect(RegistryClient.host(of: "http://h") == "h")
    }
}
