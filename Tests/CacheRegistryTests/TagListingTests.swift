import CacheModel
import Testing

@testable import CacheRegistry

private let repo = try! RegistryReference(parsing: "registry.example/team/app")

@Suite struct TagListingTests {
    @Test func followsLinkPaginationOnTheSameHost() async throws {
        let t = FakeTransport { r, _ in
            if r.url.hasSuffix("/v2/team/app/tags/list?n=2") {
                return HTTPResponse(
                    status: 200, headers: [("Link", #"</v2/team/app/tags/list?n=2&last=b>; rel="next""#)],
                    body: bytes(#"{"name":"team/app","tags":["a","b"]}"#))
            }
            if r.url.hasSuffix("last=b") {
                return HTTPResponse(
                    status: 200, headers: [("Link", #"<https://registry.example/v2/team/app/tags/list?n=2&last=c>; rel="next""#)],
                    body: bytes(#"{"name":"team/app","tags":["b","c"]}"#))
            }
            if r.url.hasSuffix("last=c") { return HTTPResponse(status: 200, body: bytes(#"{"name":"team/app","tags":["d"]}"#)) }
            return HTTPResponse(status: 404)
        }
        var limits = TagListLimits(); limits.pageSize = 2
        let tags = try await makeClient(isolatedOptions(), t, Recorder()).tags(of: repo, limits: limits)
        #expect(tags == ["a", "b", "c", "d"])
        #expect(await t.requests.count == 3)
    }

    @Test func refusesLinksToOtherHostsAndLoops() async throws {
        let t = FakeTransport { r, n in
            if n == 1 {
                return HTTPResponse(
                    status: 200, headers: [("Link", #"</v2/team/app/tags/list?n=1000>; rel="next""#)],
                    body: bytes(#"{"tags":["a"]}"#))
            }
            return HTTPResponse(
                status: 200, headers: [("Link", #"<https://evil.example/v2/x/tags/list>; rel="next""#)], body: bytes(#"{"tags":["b"]}"#))
        }
        let tags = try await makeClient(isolatedOptions(), t, Recorder()).tags(of: repo)
        #expect(tags == ["a"])  // the next link is the page itself: a loop, not followed
        #expect(await t.requests.count == 1)
        let t2 = FakeTransport { _, _ in
            HTTPResponse(
                status: 200, headers: [("Link", #"<https://evil.example/v2/x/tags/list>; rel="next""#)], body: bytes(#"{"tags":["b"]}"#))
        }
        #expect(try await makeClient(isolatedOptions(), t2, Recorder()).tags(of: repo) == ["b"])
        #expect(await t2.requests.count == 1)
    }

    @Test func emptyAndMalformedLists() async throws {
        let empty = FakeTransport { _, _ in HTTPResponse(status: 200, body: bytes(#"{"name":"team/app","tags":null}"#)) }
        #expect(try await makeClient(isolatedOptions(), empty, Recorder()).tags(of: repo) == [])
        let bad = FakeTransport { _, _ in HTTPResponse(status: 200, body: bytes(#"{"tags":[1]}"#)) }
        await #expect(throws: RegistryError.self) { try await makeClient(isolatedOptions(), bad, Recorder()).tags(of: repo) }
        let missing = FakeTransport { _, _ in
            HTTPResponse(status: 404, body: bytes(#"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known"}]}"#))
        }
        await #expect(throws: RegistryError.self) { try await makeClient(isolatedOptions(), missing, Recorder()).tags(of: repo) }
    }

    @Test func boundedByMaxTags() async throws {
        let t = FakeTransport { _, n in
            HTTPResponse(
                status: 200, headers: [("Link", "</v2/team/app/tags/list?n=3&last=t\(n)>; rel=\"next\"")],
                body: bytes("{\"tags\":[\"t\(n)a\",\"t\(n)b\",\"t\(n)c\"]}"))
        }
        var limits = TagListLimits(); limits.pageSize = 3; limits.maxTags = 7
        let tags = try await makeClient(isolatedOptions(), t, Recorder()).tags(of: repo, limits: limits)
        #expect(tags.count == 7)
        // The reason the listing stopped reaches the caller (history makes it a note).
        let cut = try await makeClient(isolatedOptions(), t, Recorder()).tagListing(of: repo, limits: limits).cut
        #expect(cut == "the tag list was cut at 7 tags")
    }

    /// A registry whose Link header never ends: listing stops after maxPages pages, and says so.
    @Test func boundedByMaxPages() async throws {
        let t = FakeTransport { _, n in
            HTTPResponse(
                status: 200, headers: [("Link", "</v2/team/app/tags/list?n=1&last=p\(n)>; rel=\"next\"")],
                body: bytes("{\"tags\":[\"p\(n)\"]}"))
        }
        var limits = TagListLimits(); limits.pageSize = 1; limits.maxPages = 4
        let (tags, cut) = try await makeClient(isolatedOptions(), t, Recorder()).tagListing(of: repo, limits: limits)
        #expect(tags.count == 4)
        #expect(await t.requests.count == 4)
        #expect(cut == "the tag list was cut after 4 pages: the registry's Link header still named a next page")
        // A listing that reaches its end has no cut.
        let end = FakeTransport { _, _ in HTTPResponse(status: 200, body: bytes(#"{"tags":["a"]}"#)) }
        #expect(try await makeClient(isolatedOptions(), end, Recorder()).tagListing(of: repo).cut == nil)
    }

    @Test func linkHeaderParsing() {
        #expect(TagList.nextLink([#"</v2/a/tags/list?n=1&last=x>; rel="next""#]) == "/v2/a/tags/list?n=1&last=x")
        #expect(TagList.nextLink([#"<http://h/first>; rel="first", </v2/a/tags/list?last=y>; rel=next"#]) == "/v2/a/tags/list?last=y")
        #expect(TagList.nextLink([#"</v2/a>; rel="prev""#]) == nil)
        #expect(TagList.nextLink([]) == nil)
    }

    @Test func tagsLoadConcurrentlyInOrderWithFailuresAsOutcomes() async throws {
        let config = bytes(#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#)
        let configDigest = Digest.sha256(of: config)
        let manifest = bytes(
            #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"\#(configDigest)","size":\#(config.count)},"layers":[]}"#
        )
        let t = FakeTransport { r, _ in
            if r.url.hasSuffix("/manifests/gone") {
                return HTTPResponse(status: 404, body: bytes(#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#))
            }
            if r.url.contains("/manifests/") {
                return HTTPResponse(
                    status: 200, headers: [("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")], body: manifest)
            }
            if r.url.hasSuffix("/blobs/\(configDigest)") { return HTTPResponse(status: 200, body: config) }
            return HTTPResponse(status: 404)
        }
        let client = makeClient(isolatedOptions(), t, Recorder())
        let tags = ["a", "b", "gone", "c", "d", "e"]
        let seen = Recorder()
        let out = await TagLoader.load(
            tags: tags, from: client.source(for: repo), display: { "app:\($0)" }, platform: nil, jobs: 3,
            progress: { done, total in seen.line("\(done)/\(total)") })
        #expect(out.map(\.tag) == tags)
        for (tag, outcome) in out {
            switch outcome {
            case let .image(img): #expect(tag != "gone"); #expect(img.reference == "app:\(tag)")
            case let .failed(why): #expect(tag == "gone"); #expect(why.contains("not found") || why.contains("unknown"))
            default: Issue.record("\(tag): unexpected outcome")
            }
        }
        #expect(seen.lines.last == "6/6")
        #expect(await t.requests.count == 11)
    }
}
