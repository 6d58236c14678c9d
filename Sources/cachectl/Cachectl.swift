import ArgumentParser
import CacheModel
import CacheRegistry

#if canImport(Glibc)
    import Glibc
#endif

@main
struct Cachectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachectl",
        abstract: "Explain BuildKit inline cache: what an image's cache covers and why builds miss it.",
        discussion: """
            COMMANDS: inspect (what a cache covers), diff (which steps of a build the imported caches \
            serve, which run, and why), lint (problems that make builds miss), advise (inline or a registry \
            cache with mode=max), history (a repository's builds in order). `cachectl COMMAND --help` has examples.

            cachectl reads images straight from a registry (OCI distribution API v2) or from an OCI image \
            layout on disk, decodes the BuildKit cache they carry (the moby.buildkit.cache.v0 key of the \
            image config, or a type=registry / type=local cache export) and explains it.

            EXIT STATUS: 0 success. 1 the command ran and found what a --fail-on flag asked to fail on \
            (diff --fail-on-run: a step runs; diff --fail-on-miss: a built layer misses; lint --fail-on: a \
            finding at that severity). 2 error: network, authentication, not found, undecodable or hostile \
            data, digest mismatch, a --dockerfile that is not the image's, a --platform the image lacks. \
            64 usage error: bad flag, malformed reference or platform, unknown --target.

            CREDENTIALS, first match wins: --username with --password-stdin; $DOCKER_CONFIG/config.json \
            (else ~/.docker/config.json): credHelpers, credsStore, auths; $REGISTRY_AUTH_FILE, \
            $XDG_RUNTIME_DIR/containers/auth.json, $XDG_CONFIG_HOME/containers/auth.json (default ~/.config): \
            credHelpers, then auths; anonymous. Bearer tokens are sent only to the registry host.

            TRANSPORT: HTTPS with verified certificates; --ca-cert adds a CA, --insecure skips verification, \
            --plain-http forces HTTP; localhost, 127.0.0.0/8 and ::1 fall back to HTTP when TLS fails. \
            Requests are retried on 429/5xx and dropped connections, honouring Retry-After (seconds or an HTTP date, up to 10 s), at most 4 attempts.

            LIMITS, applied before decoding: manifests 4 MiB; image and cache configs 64 MiB; 1,000,000 cache \
            records; JSON nesting 2048 levels. Every manifest fetched by digest and every blob is verified \
            against its digest. BuildKit itself refuses cache manifests and configs over 1 MiB (lint reports it).
            """,
        version: "0.1.0",
        subcommands: [Inspect.self, Diff.self, Plan.self, Lint.self, Advise.self, History.self]
    )

    static func main() async {
        Terminal.guardStandardDescriptors()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exitReporting(error)
        }
    }

    /// Help, --version and our own exit codes go the argument parser's way; a usage error is
    /// one line `cachectl: error: …` first, then the parser's usage hint, exit 64.
    static func exitReporting(_ error: Error) -> Never {
        let code = exitCode(for: error)
        if code == .success || error is ExitCode { exit(withError: error) }
        var lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let l = lines.first, l.allSatisfy({ $0 == " " }) { lines.removeFirst() }
        var first = lines.isEmpty ? "invalid usage" : lines.removeFirst()
        if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
        Terminal.error(first)
        let hint = lines.filter { !$0.allSatisfy { $0 == " " } }
        if !hint.isEmpty { writeStandardError(hint.map { Sanitize.inline($0) }.joined(separator: "\n") + "\n") }
        Glibc.exit(code.rawValue == 0 ? 64 : code.rawValue)
    }
}
