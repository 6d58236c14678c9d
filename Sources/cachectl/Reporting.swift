import ArgumentParser
import CacheModel
import CacheRegistry

struct UsageError: UserFacingError {
    let message: String
    var exitCode: Int32 { 64 }
    var description: String { message }
}

/// Runs a command body: user-facing errors become one line on stderr and their exit code.
func runReporting(_ resolver: ImageResolver?, _ body: () async throws -> Int32) async throws {
    try await runReporting(close: { await resolver?.shutdown() }, body)
}

func runReporting(_ loader: Loader, _ body: () async throws -> Int32) async throws {
    try await runReporting(close: { await loader.close() }, body)
}

func runReporting(close: () async -> Void, _ body: () async throws -> Int32) async throws {
    var code: Int32 = 0
    do {
        code = try await body()
    } catch let e as UserFacingError {
        await close()
        Terminal.error(e.description)
        throw ExitCode(e.exitCode)
    } catch let e as ExitCode {
        await close()
        throw e
    } catch {
        await close()
        Terminal.error(Sanitize.inline("\(error)"))
        throw ExitCode(2)
    }
    await close()
    if code != 0 { throw ExitCode(code) }
}
