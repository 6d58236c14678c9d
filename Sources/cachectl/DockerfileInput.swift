import CacheAnalysis
import CacheKeys
import CacheModel

/// A Dockerfile that does not parse: where (`path:line:column`) and what. Exit code 2, as for any
/// input that cannot be read.
struct DockerfileSyntaxError: UserFacingError {
    let path: String
    let error: DockerfileError
    var exitCode: Int32 { 2 }
    var description: String {
        "\(Sanitize.inline(path)):\(error.line):\(error.column): \(Sanitize.inline(error.message))"
    }
}

/// Reads and parses the Dockerfile at `path` (lint, diff, history and plan alike): a syntax error
/// throws `DockerfileSyntaxError`; what the parser reads but cachectl does not follow is named on
/// standard error, each at its line.
func loadDockerfile(_ path: String) throws -> Dockerfile {
    let text = try readDockerfileText(path)
    let df: Dockerfile
    do throws(DockerfileError) { df = try Dockerfile(path: path, text: text) } catch {
        throw DockerfileSyntaxError(path: path, error: error)
    }
    noteUnsupported(df)
    return df
}

/// `cachectl: note: PATH:LINE: …` for each construct the parse names as not followed.
func noteUnsupported(_ df: Dockerfile) {
    for issue in df.unsupported {
        Terminal.note("\(df.path):\(issue.line): \(issue.message)")
    }
}
