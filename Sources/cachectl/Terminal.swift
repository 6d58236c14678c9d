import CacheModel
import CacheRegistry
import CacheReports

#if canImport(Glibc)
    import Glibc
#endif

/// Standard output could not be written (closed, full, an I/O error): exit 2, one message.
struct OutputError: UserFacingError {
    let reason: String
    var exitCode: Int32 { 2 }
    var description: String { "cannot write the output to standard output: \(reason)" }
}

enum Terminal {
    /// Set by `guardStandardDescriptors()` when cachectl was started with stdout closed.
    nonisolated(unsafe) static var stdoutWasClosed = false

    /// A closed stdin, stdout or stderr is held open on /dev/null, so that no file or socket
    /// cachectl opens later gets descriptor 0, 1 or 2 (and our output). Writes to a stdout
    /// that was closed still fail.
    static func guardStandardDescriptors() {
        for fd: Int32 in [0, 1, 2] where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            if fd == 1 { stdoutWasClosed = true }
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
        }
    }

    /// Writes all of `s` to stdout. A reader that went away (EPIPE, `| head`) ends cachectl
    /// quietly, as SIGPIPE would; any other failure is an `OutputError`.
    static func write(_ s: String) throws {
        var s = s
        var failure: Int32 = 0
        s.withUTF8 { failure = writeAll(UnsafeRawBufferPointer($0)) }
        try finish(failure)
    }

    /// A rendered report: text, or JSON streamed as jansson produces it.
    static func write(_ r: Rendered) throws {
        switch r {
        case let .text(s): try write(s)
        case let .json(j): try write(j)
        }
    }

    /// JSON output, written as jansson produces it (never the whole text in memory).
    static func write(_ json: JSONNode) throws {
        var failure: Int32 = 0
        json.serialize(into: { bytes in if failure == 0 { failure = writeAll(bytes) } })
        try finish(failure)
    }

    /// Writes all of `bytes` to stdout; the errno of a failed write, else 0.
    static func writeAll(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if stdoutWasClosed { return EBADF }
        var off = 0
        while off < bytes.count {
            let n = Glibc.write(1, bytes.baseAddress! + off, bytes.count - off)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n < 0 ? errno : EIO }
            off += n
        }
        return 0
    }

    static func finish(_ failure: Int32) throws {
        if failure == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
            exit(141)
        }
        if failure != 0 { throw OutputError(reason: String(cString: strerror(failure))) }
    }

    /// One line on stderr, escaped whatever it holds.
    static func error(_ s: String) {
        let line = "cachectl: error: " + Sanitize.inline(s) + "\n"
        CacheRegistry.writeStandardError(line)
    }

    /// A line on standard error that does not change the exit status.
    static func note(_ s: String) {
        CacheRegistry.writeStandardError("cachectl: note: " + Sanitize.inline(s) + "\n")
    }

    /// A progress line on standard error, drawn over the previous one (callers draw it only when
    /// stderr is a terminal: never into a file, a pipe or the JSON on stdout).
    static func progressLine(_ text: String) {
        var line = "\r\u{1b}[2K" + text
        line.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress!, buf.count) }
    }

    static func clearProgressLine() {
        var line = "\r\u{1b}[2K"
        line.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress!, buf.count) }
    }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    /// Columns for text output: `COLUMNS` when standard output is a terminal, else 80.
    static var width: Int {
        guard isatty(1) == 1, let c = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), c >= 40, c <= 1000 else { return 80 }
        return c
    }

    static var useColor: Bool {
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
        if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
        return isatty(1) == 1
    }
}
