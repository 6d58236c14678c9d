import Testing

@testable import CacheKeys

/// Go's `path.Match` (which selects a wildcard copy's entries) and `path.Clean` (which BuildKit,
/// fsutil and patternmatcher apply to paths and patterns) on 3,000 generated inputs, against the
/// results of Go itself. The table was written by this program (go1.19, `go run main.go`;
/// `*∕` below stands for `*` `/`, which cannot appear in a comment):
/*
package main

import (
	"fmt"
	"math/rand"
	"path"
	"strings"
)

var pieces = []string{"a", "b", "ab", "*", "?", "[a-c]", "[^a]", "a*", "*b", "?b", "x.go", "*.go", "[!a]", "[a-c]*", "*", "?", "a", "[]a]", "[", "\\*", "\\", ".", "..", "", "[a-]", "[z-a]", "[\\]]"}
var names = []string{"a", "b", "ab", "c", "x.go", "y.go", "*", "]", "-", ".", "..", "", "a.b", "!"}

func join(r *rand.Rand, from []string, max int) string {
	n := 1 + r.Intn(max)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = from[r.Intn(len(from))]
	}
	s := strings.Join(parts, "/")
	if r.Intn(3) == 0 {
		s = "/" + s
	}
	return s
}

func main() {
	r := rand.New(rand.NewSource(20261206))
	for i := 0; i < 2000; i++ {
		p := join(r, pieces[:16+r.Intn(12)], 2)
		n := join(r, names, 2)
		ok, err := path.Match(p, n)
		res := "0"
		if err != nil {
			res = "E"
		} else if ok {
			res = "1"
		}
		fmt.Printf("match %q %q %s\n", p, n, res)
	}
	for i := 0; i < 1000; i++ {
		p := join(r, names, 5)
		if r.Intn(4) == 0 {
			p += "/"
		}
		fmt.Printf("clean %q %q\n", p, path.Clean(p))
	}
}
*/
@Suite struct ContextGoTableTests {
    @Test func goPathMatchAndClean() {
        var matches = 0, cleans = 0
        for line in Self.table.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            switch words[0] {
            case "match":
                let (pattern, name, result) = (Self.unquote(words[1]), Self.unquote(words[2]), words[3])
                let compiled = GlobExpression(pathMatch: pattern)
                if result == "E" {
                    #expect(compiled == nil, "path.Match(\(pattern), \(name)) is an error")
                } else {
                    #expect(compiled?.matches(name) == (result == "1"), "path.Match(\(pattern), \(name))")
                }
                matches += 1
            default:
                #expect(GoPath.clean(Self.unquote(words[1])) == Self.unquote(words[2]), "path.Clean(\(words[1]))")
                cleans += 1
            }
        }
        #expect(matches == 2000 && cleans == 1000)
    }

    /// A Go `%q` string whose only escape is `\\`.
    static func unquote(_ s: String) -> String {
        String(s.dropFirst().dropLast()).replacingOccurrences(of: "\\\\", with: "\\")
    }

    static let table = #"""
        match "a*/?" "ab" 0
        match "/[!a]" "a/a.b" 0
        match "../?b" "./-" 0
        match "/[]a]/[!a]" "/a/x.go" E
        match "/*b/*b" "/y.go" 0
        match "/\\/*" "ab/]" 0
        match "\\" "/ab/y.go" E
        match "/[a-c]/*b" "y.go/!" 0
        match "a*/[" "a/.." E
        match "/[]a]" "a" E
        match "/x.go" "b/a.b" 0
        match "/[^a]/a" "-" 0
        match "?/x.go" "../a" 0
        match "/[a-c]*/b" "/]/a" 0
        match "x.go" "c/.." 0
        match "/*b" "./!" 0
        match "b/?" "c/.." 0
        match "?/?b" "b" 0
        match "/b/[!a]" "c" 0
        match "*.go/x.go" "/a.b" 0
        match "a" "/b/*" 0
        match "/*.go/[!a]" "-" 0
        match "*/b" "/]/c" 0
        match "[z-a]/*" "/ab" 0
        match "[!a]/*" "!" 0
        match "\\*" "c" 0
        match "[a-c]*/\\*" "./a" 0
        match "[a-c]/*.go" "b/." 0
        match "[]a]/*" "/y.go" E
        match "\\/[]a]" "/a/x.go" E
        match "[]a]/ab" "*/ab" E
        match "[a-c]" "//a" 0
        match "b" "/!/a.b" 0
        match "*.go" "b" 0
        match "[]a]/?" "!" E
        match "a" "/b/.." 0
        match "/*/[a-c]*" "b" 0
        match "/x.go" "" 0
        match "x.go" "." 0
        match "[^a]" "]/]" 0
        match "[a-c]*" "/." 0
        match "/a/" "/a" 0
        match "b" "a" 0
        match "*b/*.go" "!/!" 0
        match "ab/a*" "/ab" 0
        match "a" "c" 0
        match "ab/\\" "c" E
        match "/./\\*" "/c/." 0
        match "/*b/[" "y.go" E
        match "x.go/?b" "x.go/." 0
        match "/?b" "b" 0
        match "[" "/" E
        match "/a*/*" "b" 0
        match "x.go" "x.go/." 0
        match "?b" "]/!" 0
        match "*b/.." "*/" 0
        match "[a-c]" "/c" 0
        match "x.go" "/-/!" 0
        match "/*/b" "-/a" 0
        match "?b" "]" 0
        match "*b/[" "/a" E
        match "/*/[a-]" "/c/x.go" E
        match "?b" "/./.." 0
        match "/?/*" "b/." 0
        match "ab" "." 0
        match "\\*" "a/c" 0
        match "\\" "/c" E
        match "?b/*b" "../y.go" 0
        match "/[!a]/ab" ".." 0
        match "[^a]/[a-]" "/]/]" E
        match "a" "a.b" 0
        match "[a-c]/." "x.go/]" 0
        match "\\*/*.go" "]/a.b" 0
        match "*b/[a-c]" "/!/]" 0
        match "/*" "/../" 0
        match "a*/x.go" "a.b/b" 0
        match "/[a-]" "a" E
        match "x.go/a" "/!" 0
        match "?/*b" "a.b/]" 0
        match "/*" "-/a" 0
        match "[^a]" "c/]" 0
        match "ab/*" "x.go" 0
        match "?" ".." 0
        match "/b/[a-c]" "-" 0
        match "/x.go/a" "y.go/" 0
        match "/\\/.." "./" 0
        match "[]a]/?b" "c/a.b" E
        match "[]a]" "]" E
        match "?" "/ab" 0
        match "a/*.go" "ab" 0
        match "/*b/[!a]" "a.b" 0
        match "/[a-c]" "]" 0
        match "[!a]" ".." 0
        match "/[a-c]" "b" 0
        match "ab/?" "." 0
        match "a/a" "y.go/a" 0
        match "a" "!/ab" 0
        match "b/ab" "./a.b" 0
        match "[!a]" "/c" 0
        match "?" "/a" 0
        match "?b" "" 0
        match "/*.go" "b/ab" 0
        match "ab" "/../c" 0
        match "/\\*/?" "c/a" 0
        match "*/[]a]" "a.b" E
        match "a/[a-c]*" "/../]" 0
        match "*/ab" "!" 0
        match "a*" "/*" 0
        match "?b/a" "/ab/]" 0
        match "*" "-" 1
        match "a*" "!/]" 0
        match "/?/?b" "a" 0
        match "*b/" "/ab/a" 0
        match "/[a-c]" "a.b" 0
        match "?/?" "/-/-" 0
        match "b/?" "b" 0
        match "/?b/*" "." 0
        match "*.go" "]/-" 0
        match "/?/\\*" "c" 0
        match "[^a]" "y.go/y.go" 0
        match "/x.go/*" "*/c" 0
        match "b/a" "ab/.." 0
        match "a/a" "a/c" 0
        match "\\" "/ab" E
        match "a*/[a-c]*" "/ab/a.b" 0
        match "/a/b" "-" 0
        match "/[]a]/a" "b" E
        match "a" "/*" 0
        match "\\" "y.go" E
        match "/[" "/a.b" E
        match "?/[a-c]*" "-/c" 1
        match "ab" "c" 0
        match "b" "a" 0
        match "?/[!a]" "/*" 0
        match "/[a-c]/[a-c]" "!" 0
        match "/*b" "../c" 0
        match "[/[]a]" "." 0
        match "[a-c]/?" "/a/ab" 0
        match "ab" "/x.go/b" 0
        match "/*.go" "a" 0
        match "[!a]/a*" "/b" 0
        match "/[^a]/*" ".." 0
        match ".." "/a.b/*" 0
        match "/[z-a]/a*" "/./c" 0
        match "*" "a" 1
        match "/a*" "/../a" 0
        match "?" "y.go/a" 0
        match "*" "]" 1
        match "/b/b" "/b" 0
        match "/a" "ab" 0
        match "[z-a]" "/]/b" 0
        match "[a-c]*/[^a]" "a.b/y.go" 0
        match "b" "/!" 0
        match "a/[a-c]" "/a.b" 0
        match "[^a]" "/a.b" 0
        match "?b/?b" "y.go/ab" 0
        match "[a-c]*/[!a]" "/b" 0
        match "/[a-c]*/ab" "x.go/x.go" 0
        match "/b/*.go" "-" 0
        match "/x.go/*.go" "a" 0
        match "/[a-c]*" "!/-" 0
        match "/?b" "/]/." 0
        match "*.go/[a-c]*" "y.go/x.go" 0
        match "[a-c]" "*" 0
        match "?b" ".." 0
        match "/." "/!" 0
        match "/[a-c]/x.go" "!" 0
        match "*b/x.go" "]/." 0
        match "/[a-c]/[^a]" "/*" 0
        match "[a-]" "c/!" E
        match "[]a]" "!" E
        match "/*.go/[^a]" "/]" 0
        match "/*.go" "/ab" 0
        match ".." "ab/a.b" 0
        match "a*/[^a]" "ab/a.b" 0
        match "/." "]" 0
        match "/?" "y.go/.." 0
        match "a" "/y.go/-" 0
        match "/[/?b" "/]" E
        match "*.go/.." "" 0
        match "[/*.go" "/." E
        match "/*.go/a" "/]/ab" 0
        match "/[]a]" "/./a.b" E
        match "?/[a-c]*" "" 0
        match "[a-c]/*.go" "a" 0
        match "a" "/c/a" 0
        match "\\*/[a-c]" "c" 0
        match "/b/?" "/x.go/x.go" 0
        match "x.go" "a" 0
        match "/[^a]/[a-c]*" "" 0
        match "/?" "./" 0
        match "?" "*/b" 0
        match "*" "c/]" 0
        match "x.go/*b" "/" 0
        match "/." "/x.go/.." 0
        match "?/[!a]" "y.go" 0
        match "//ab" "]" 0
        match "[]a]/[" "c/c" E
        match "/[a-c]*" "c/-" 0
        match "*" "a.b/ab" 0
        match "[^a]" "/b/c" 0
        match "/[a-c]*" "!" 0
        match "/?" "/a" 1
        match "\\*" "y.go/!" 0
        match "*" "*" 1
        match "/ab" "a" 0
        match "[]a]/[]a]" "/../." E
        match "/a" "/]" 0
        match "/a" "]/." 0
        match "x.go/*.go" "/y.go" 0
        match "*" "/b" 0
        match "[!a]/*b" "/a" 0
        match "../[a-c]*" "c/a" 0
        match "\\*/?b" "." 0
        match "[a-c]/*" "/./x.go" 0
        match "/*.go" "-" 0
        match "/ab" "]" 0
        match "?/?" "x.go/*" 0
        match "/[a-c]/?b" "*/*" 0
        match "." "b/" 0
        match "/?" "../ab" 0
        match "\\*/[]a]" "-/y.go" E
        match "*.go" "../!" 0
        match "b/*" "/.." 0
        match "?/[^a]" "/y.go" 0
        match "?" "*/a.b" 0
        match "?b/?" "ab/a" 1
        match "/\\" "/ab" E
        match "/a" "/ab/.." 0
        match "[^a]/*.go" "/!" 0
        match "/b/?b" "../ab" 0
        match "a" "./a" 0
        match "/*b/*" "/!" 0
        match "/[^a]/[^a]" "*/]" 0
        match "[]a]" "-/ab" E
        match "a" "a" 1
        match "/?" "/!" 1
        match "*.go/*b" "/../*" 0
        match "*" "" 1
        match "a/ab" "/a/!" 0
        match "a" "y.go" 0
        match "./[a-c]*" "/./." 0
        match "[a-c]/*" "/!" 0
        match "/*b/*" "ab" 0
        match "b/*.go" ".." 0
        match "[a-c]*" "a.b/y.go" 0
        match "/x.go/[a-c]" "]/!" 0
        match "*b" "/../c" 0
        match "/ab/[^a]" "/a/-" 0
        match "a*/ab" "/a.b" 0
        match "../[]a]" "/a" E
        match "[!a]/[a-c]" "x.go/ab" 0
        match "/a/b" "a.b" 0
        match "?/*.go" "b" 0
        match "/?b/a" "*/." 0
        match "/[z-a]" "-/*" 0
        match "[a-c]" "." 0
        match "b" "x.go" 0
        match "[^a]" "a.b/*" 0
        match "*/ab" "c/-" 0
        match "/*b" "/../]" 0
        match "/a/b" "/a.b/a" 0
        match "/?/*.go" "/ab" 0
        match "*" "../*" 0
        match "*.go" "" 0
        match "*.go/[]a]" "/c/!" E
        match "./[!a]" "/]/!" 0
        match "b" "/-" 0
        match "." "b" 0
        match "a" "/.." 0
        match "/b/\\*" "/x.go/a" 0
        match "*" "*/-" 0
        match "/*" "-" 0
        match "b/*b" "y.go/y.go" 0
        match "/.." "c" 0
        match "*" "ab" 1
        match "/a*" "c" 0
        match "/x.go" "./ab" 0
        match "[a-c]" "b" 1
        match "[^a]" "" 0
        match "/[^a]" "-/y.go" 0
        match "\\*/." "*/]" 0
        match "/a*/x.go" "/" 0
        match "[!a]/.." "b" 0
        match "*/\\" "]/." E
        match "a" "/a.b/.." 0
        match "?" "-/c" 0
        match "*.go" "]/b" 0
        match "/a/[a-]" "./" E
        match "a/a" "a/a" 1
        match "\\" "/b" E
        match "/[a-c]" "" 0
        match "?b/?b" "a.b" 0
        match "[!a]/[a-c]*" "/x.go/*" 0
        match "/b" "a/-" 0
        match "*" "/x.go/ab" 0
        match "/ab/*.go" "a" 0
        match "[a-]" "c" E
        match "/a/?b" "/!/" 0
        match "[a-c]/[" "!" E
        match "" "/-/a" 0
        match "[^a]" "/x.go" 0
        match "a*" "/*/!" 0
        match "[a-]/a*" "a" E
        match "a" "-" 0
        match "\\" "/-/.." E
        match "*.go" "/-/b" 0
        match "/[a-c]/*" "x.go/*" 0
        match "*.go/?b" "ab/.." 0
        match "*.go/*b" "b/*" 0
        match "/?/a" "a/]" 0
        match "/?b" "ab/ab" 0
        match "/*.go" "." 0
        match "*.go" "//ab" 0
        match "/\\" "../!" E
        match "[a-c]*/*" "]/a" 0
        match "[a-c]*/?" "/-" 0
        match "*.go" "/x.go" 0
        match "/[]a]" "/ab" E
        match "b/*.go" "y.go/x.go" 0
        match "/ab" "x.go/." 0
        match "/x.go/[a-c]" "!/b" 0
        match "/." "/!" 0
        match "/[a-c]*" "/c" 1
        match "a" "c" 0
        match "/*.go/." "*/c" 0
        match "[!a]" "../*" 0
        match "\\*" "a.b" 0
        match "ab" "/a.b" 0
        match "*" "*/x.go" 0
        match "." "*" 0
        match "*" "." 1
        match "[/*.go" "]" E
        match "a*/*" "/a/x.go" 0
        match "/?/[a-c]*" "/a.b" 0
        match "[^a]/a" "/!" 0
        match "/*" "/b" 1
        match "b" "/b" 0
        match "ab/?b" "a/b" 0
        match "[!a]" "x.go/.." 0
        match "a" "//." 0
        match "*.go" "/]/y.go" 0
        match "*.go" "b" 0
        match "ab" "/a.b" 0
        match "[!a]" "a.b" 0
        match "\\/ab" "/b" 0
        match "/a*/a" "/c" 0
        match "[a-c]/[a-c]" "a" 0
        match "/[!a]/." "/-" 0
        match "/*/?b" "/a.b/]" 0
        match "/[a-c]/?" "/ab" 0
        match "[a-c]/b" "/b/b" 0
        match "a/[!a]" "/b" 0
        match "*" "/x.go" 0
        match "b/*" "b/y.go" 1
        match "b/a*" "x.go" 0
        match "/*" "/.." 1
        match "?b/[a-c]" "b" 0
        match "a/\\" "-/*" E
        match "ab" "../*" 0
        match "a" "/c" 0
        match "*" "]/-" 0
        match "/a/?" "/a/*" 1
        match "/?/[" "/-" E
        match "/[!a]" "a.b" 0
        match "/a" "a.b" 0
        match "ab/[a-c]" "/*/a.b" 0
        match "[\\]]/[a-]" "/y.go" E
        match "?b" "/b/ab" 0
        match "/[a-c]/?" "/*/" 0
        match "/[]a]" "a/*" E
        match "x.go/*b" "a/x.go" 0
        match "*/[" "/a.b/b" E
        match "a/?" "b" 0
        match "/[/[!a]" "a" 0
        match "[" "x.go/y.go" E
        match "/[^a]" "!" 0
        match "/[a-c]*" "/ab" 1
        match "a*" "/c/a.b" 0
        match "\\*/\\*" "/!/*" 0
        match "[!a]/.." "./x.go" 0
        match "[" "x.go" E
        match "a/b" "*" 0
        match "/a*" "/." 0
        match "?/[]a]" "a.b/" E
        match "/?b/[!a]" "/a.b" 0
        match "[!a]/[^a]" "ab/a.b" 0
        match "/[^a]/b" "/a" 0
        match "x.go/ab" "/!" 0
        match "[]a]" "/!/." E
        match "[]a]/[]a]" "a/c" E
        match "?b/a" "a/*" 0
        match "*" "ab/*" 0
        match "/*.go/[!a]" "../-" 0
        match "/[a-c]*" "]" 0
        match "./?b" "x.go" 0
        match "/*/x.go" "b" 0
        match "?b" "b/b" 0
        match "/[^a]" "c" 0
        match "/.." "." 0
        match "[!a]/." "-/!" 0
        match "/a/[a-c]*" "x.go" 0
        match "/b/?b" "x.go/c" 0
        match "?/[]a]" "/c/]" E
        match "*" "ab" 1
        match "[/" "-" E
        match "?/[^a]" "c" 0
        match "ab/?" ".." 0
        match "." "/]/]" 0
        match "[a-c]*" "c" 1
        match "/[a-c]/a*" "/!/*" 0
        match "a" "../b" 0
        match "/[a-c]" "!" 0
        match "/x.go/[!a]" "x.go/*" 0
        match "[a-c]" "/ab" 0
        match "ab/x.go" "/y.go" 0
        match "/*" "b" 0
        match "/a" "." 0
        match "/*b" "a" 0
        match "[!a]" "" 0
        match "a/a*" "../.." 0
        match "a" "a" 1
        match "/*b" "y.go/c" 0
        match "ab/\\" "c" E
        match "[!a]/[!a]" "*" 0
        match "/a" "x.go" 0
        match "/a*/*.go" "y.go/]" 0
        match "?/*" "ab" 0
        match "*b" "./x.go" 0
        match "/a" "/." 0
        match "[a-c]/*b" "b/*" 0
        match "/?/[]a]" "a.b" E
        match "?/ab" "./.." 0
        match "/a/[]a]" "." E
        match "[a-c]*" "/." 0
        match "[^a]/[a-c]*" "/]" 0
        match "[!a]/*.go" "-" 0
        match "ab/a" "y.go" 0
        match "?" "a" 1
        match "/.." "/!" 0
        match "[!a]/[^a]" "x.go" 0
        match "/*b/?" "*/c" 0
        match ".." "*" 0
        match "[a-c]*" "/../]" 0
        match "?/[]a]" "-" E
        match "x.go/\\" "/.." E
        match "/\\" "a" E
        match "\\/?" "/ab/c" 0
        match "*/[]a]" "c" E
        match "[a-]/[" "]" E
        match "[]a]/a*" "/y.go/a" E
        match "[a-c]*" "/*" 0
        match "../[^a]" "b/ab" 0
        match "*" "../b" 0
        match "*.go" "-/!" 0
        match "x.go/[^a]" "y.go" 0
        match "?b/?" "!" 0
        match "/*/.." "!" 0
        match "*b" "a" 0
        match "*.go" "c/-" 0
        match "[^a]" "ab/.." 0
        match "a" "." 0
        match "\\" "!" E
        match "a" "/." 0
        match "/[a-]" "]" E
        match "*" "x.go" 1
        match "?" "ab/y.go" 0
        match "/*" "../!" 0
        match "*b/[" "]" E
        match "x.go" "]" 0
        match "[]a]/?b" "*/x.go" E
        match "/ab/*" "a" 0
        match "/[]a]/a" "c/x.go" E
        match "?b/[" "." E
        match "/x.go/[]a]" "-/a.b" E
        match "?" "a" 1
        match "a/*b" "/b" 0
        match "/[a-c]*" "a.b" 0
        match "?/*b" "ab/y.go" 0
        match "/?b" "*/!" 0
        match "/*" "./a" 0
        match "a" "/b/!" 0
        match "ab" "/a/x.go" 0
        match "[]a]/a" "/b" E
        match "*.go" "y.go/" 0
        match "[!a]" "*/ab" 0
        match "a*/[^a]" "/.." 0
        match "" "y.go" 0
        match "b" "/b" 0
        match "/a" "b/x.go" 0
        match "a" "/a/-" 0
        match "/?" "" 0
        match "/*b/[^a]" "-/!" 0
        match "/?" "!" 0
        match "a" "a" 1
        match "[]a]" ".." E
        match "[a-c]*/a*" "*/*" 0
        match "/b/ab" "/a.b" 0
        match "/b/*" "/a.b/x.go" 0
        match "/." "!/-" 0
        match "*b" "!/." 0
        match "/x.go/b" "a.b" 0
        match "/\\*/*" "!" 0
        match "/[!a]/*b" "a" 0
        match "a" "/*" 0
        match "/?/[a-c]*" "*/y.go" 0
        match "/\\*/." "x.go/-" 0
        match "a" "" 0
        match "a*/b" "./y.go" 0
        match "/*b" "x.go/b" 0
        match "/a/[a-c]" "/../-" 0
        match "./x.go" "/x.go" 0
        match "[!a]" "/!/a.b" 0
        match "[" "b" E
        match "/[a-c]/a" "]/." 0
        match "/\\*" "y.go" 0
        match "[a-c]" "c/*" 0
        match "*.go/*" "c/.." 0
        match "*b/[" "!" E
        match "/?b" "/a/-" 0
        match "*b" "-/]" 0
        match "/a" "y.go" 0
        match "ab" "//ab" 0
        match "ab/\\" "a.b" E
        match "/b" "x.go" 0
        match "/*" "/./a.b" 0
        match "*.go" "*" 0
        match "[a-c]*/[a-c]*" "a/!" 0
        match "\\" "/-" E
        match "/ab" "a/c" 0
        match "/?" "/y.go/b" 0
        match "/?b/?" "/-/a.b" 0
        match "\\*" "*" 1
        match "?" "./!" 0
        match "/" "y.go/" 0
        match "/*.go/?b" "/y.go" 0
        match "/[a-c]*/[^a]" "../]" 0
        match "/?b/[a-c]" "b/]" 0
        match "x.go/b" "*/" 0
        match "/?b/x.go" "/]" 0
        match "[a-c]" ".." 0
        match "x.go/?" "/b/ab" 0
        match "*/*" "." 0
        match "[a-c]/a" "]/!" 0
        match "*b" "]" 0
        match "" "/../b" 0
        match "/?b/?b" "." 0
        match "/[/a" "/!" E
        match "/x.go/[" "" E
        match "/x.go" "c/a.b" 0
        match "[a-c]*/a" "/a/.." 0
        match "?b/?" "a" 0
        match "[]a]/x.go" "/a" E
        match "b/[^a]" "/-" 0
        match "*" "/." 0
        match "a" "y.go" 0
        match "/*.go" "y.go/c" 0
        match "*" "/b/." 0
        match "?/[a-c]*" "!/" 0
        match ".." "-" 0
        match "/*.go" "-" 0
        match "*.go/\\*" "y.go" 0
        match "/ab" "" 0
        match "*/x.go" "-/." 0
        match "a" "a/." 0
        match "[^a]/a*" "-/." 0
        match "ab/*" "/*" 0
        match "[^a]" "/b" 0
        match "[a-c]/*.go" "-" 0
        match "?" "/a/b" 0
        match "?b/[!a]" "y.go" 0
        match "a/*" "a" 0
        match "/../ab" "/b/." 0
        match "/*/?b" "y.go" 0
        match "a" "/ab" 0
        match "?" "/-" 0
        match "*/[!a]" "/-" 0
        match "?/a*" "a/." 0
        match "/[^a]" "b" 0
        match "[^a]" "." 1
        match "/a" "" 0
        match "/[]a]/." "/*/]" E
        match "/[]a]" "x.go" E
        match ".." "y.go/c" 0
        match "/?" "]/y.go" 0
        match "/[/[]a]" "a/c" 0
        match "b" "../c" 0
        match "?/\\*" "ab/!" 0
        match "/." "a.b/b" 0
        match "ab/" "/*/a.b" 0
        match "a/*" "c" 0
        match "*" "c" 1
        match "/*" "-" 0
        match "[^a]" "c/b" 0
        match "?" "a" 1
        match "[!a]/" "../a" 0
        match "a/*" "b" 0
        match "?/a" "b" 0
        match "[!a]/*" "a.b/x.go" 0
        match "[a-c]/[a-c]*" "/." 0
        match "/\\" "/ab/.." E
        match "*b/?" "/ab" 0
        match "/*" "y.go" 0
        match "/[a-c]*" "!/*" 0
        match "/*b/\\*" "ab" 0
        match "a*" "b/" 0
        match "ab" "/-" 0
        match "[^a]" "a.b/c" 0
        match "/[a-]" "/!" E
        match "/ab" "/]" 0
        match "a*" "/ab/ab" 0
        match "[a-c]" "c/a" 0
        match "*b" "*" 0
        match "b" "/b" 0
        match "/[a-c]" "/." 0
        match "*.go" "-/]" 0
        match "/[a-c]*/[^a]" "!" 0
        match "b/[a-]" "!/!" E
        match "[\\]]" "/!" 0
        match "/?b/[!a]" "x.go/!" 0
        match "*" "/*/" 0
        match "x.go" ".." 0
        match "*.go/*" "/!" 0
        match "./a" "/y.go" 0
        match "*.go" "a/]" 0
        match "/\\*/[]a]" "/ab" E
        match "\\" "*" E
        match "/?/*b" "/a.b" 0
        match "[^a]/*.go" "../." 0
        match "*.go/[]a]" "/b/c" E
        match "/[a-c]*" "/!" 0
        match "\\" "x.go" E
        match "a/x.go" "x.go" 0
        match "[]a]" "/c/." E
        match "[a-c]" "ab/!" 0
        match "ab/x.go" "/]" 0
        match "[a-c]*" "/ab/y.go" 0
        match "?/[a-c]" "-/-" 0
        match "ab/[" "*/ab" E
        match "a*" "/*" 0
        match "/[a-c]/a*" "/." 0
        match "/[a-c]*/*b" "." 0
        match "/[^a]/?" "/.." 0
        match "b/x.go" "]" 0
        match "[/*" "/*/x.go" E
        match "*" "/c" 0
        match "ab" ".." 0
        match "a*" "!/*" 0
        match "a*/*b" "a.b" 0
        match "\\" "a.b/]" E
        match "/?/a" "b" 0
        match "/*/[" ".." E
        match "ab/[" "a.b/*" E
        match "a/[^a]" "/ab" 0
        match "[" "/!/-" E
        match "?/.." "/" 0
        match "/x.go/a*" "b" 0
        match "./ab" "/-" 0
        match "a*" "/*" 0
        match "../." "]/.." 0
        match "?/ab" "*" 0
        match "/\\" "x.go/c" E
        match "b/b" "/c/" 0
        match "/[/\\*" "/a/y.go" E
        match "*" "" 1
        match "/\\/a" "a" 0
        match "a/[^a]" "x.go/.." 0
        match "a/\\" "x.go/.." E
        match "*" "b/*" 0
        match "*.go/?b" "/./-" 0
        match "[!a]/[a-c]" ".." 0
        match "/*" "a" 0
        match "[a-c]*" "/*" 0
        match "?/a*" "c/!" 0
        match "[a-c]*" "!" 0
        match "\\*" "c" 0
        match "x.go/\\" "]/b" E
        match "a" "]" 0
        match "*b" "c" 0
        match "/[]a]/ab" "ab" E
        match "?" "ab" 0
        match "[a-c]*" "x.go/b" 0
        match "/[a-c]/*.go" "/ab" 0
        match "/*/x.go" "b/.." 0
        match ".." "a.b/*" 0
        match "ab" "/../" 0
        match "*" "]/a" 0
        match "*b/a" "b" 0
        match "/b" "./c" 0
        match "*b/b" "]" 0
        match "a/.." "/b" 0
        match "/[a-c]" "/x.go" 0
        match "*/a" "/]" 0
        match "/b" "*" 0
        match "*/?" "/!" 1
        match "*.go/\\" "/b/." E
        match "/a/." "." 0
        match "[a-c]/b" "c" 0
        match "/.." "-" 0
        match "*b/?b" "/../a.b" 0
        match "/ab/a" "a.b/*" 0
        match "[a-c]" "ab/!" 0
        match "*b/[a-c]*" "]/c" 0
        match "?b" "]/-" 0
        match "/a" "a/*" 0
        match "/a/[!a]" "" 0
        match "/x.go" "/y.go/a.b" 0
        match "?" "b" 1
        match "/\\/[a-c]" "]" 0
        match "/?b/a" "*/a.b" 0
        match "/[" "/y.go" E
        match "?" "]/ab" 0
        match "[a-c]*" "/." 0
        match "/b/*" "y.go" 0
        match "/b" "-" 0
        match "/*b/" "/-/.." 0
        match "x.go" ".." 0
        match "a/\\*" "y.go/" 0
        match "[!a]/[^a]" "/" 0
        match "/ab" "!/c" 0
        match "/*/a*" "a.b/" 0
        match "/b/ab" "a.b" 0
        match "?b" "/a.b" 0
        match "/x.go" "/a/." 0
        match "?b/a*" ".." 0
        match "[a-c]*" "ab" 1
        match "b/\\*" "-" 0
        match "a" "/-/]" 0
        match "/[!a]/[^a]" "/c/!" 0
        match "*/*.go" "a.b/!" 0
        match "[a-c]" "*/]" 0
        match "/[]a]/x.go" "y.go/x.go" E
        match "/ab" "b/b" 0
        match "[^a]" "ab/." 0
        match "[a-c]/[]a]" "/-/-" E
        match "/[^a]" "*/*" 0
        match "*b/*" "/ab/y.go" 0
        match "?" "a.b/x.go" 0
        match "*" "/" 0
        match "/?/a*" "/-" 0
        match "\\/[^a]" "ab" 0
        match "/?/*.go" "" 0
        match "//b" "]/]" 0
        match "b/*b" "/b/y.go" 0
        match "/[^a]/?" "!" 0
        match "/?b" "y.go/!" 0
        match "/." "/c" 0
        match "?b" "a.b" 0
        match "[^a]/*.go" "/x.go/b" 0
        match "/a" "x.go/b" 0
        match "*/*.go" "/x.go" 1
        match "/[z-a]" "a" 0
        match "/?" ".." 0
        match "b" "/*/." 0
        match "/*b/b" "a" 0
        match "/*/?" "/b" 0
        match "[!a]" "/ab/!" 0
        match "*b/[a-c]" "x.go/*" 0
        match "/?/a" "ab/b" 0
        match "*" "" 1
        match "a*" "/!/.." 0
        match "/?/*b" "/b" 0
        match "/*.go/*b" "/b" 0
        match "*" "]/!" 0
        match ".." "c/ab" 0
        match "[!a]/*" "../b" 0
        match "/a" "." 0
        match "?" "c/" 0
        match "?/ab" "y.go" 0
        match "a*" "a.b" 1
        match "a*" "" 0
        match "ab/[a-c]*" "ab" 0
        match "?" "/ab" 0
        match "/x.go" "/y.go/]" 0
        match "/[a-c]/?" "a" 0
        match "*b/?" "/." 0
        match "*b/*" "ab" 0
        match "/ab/[]a]" "/y.go" E
        match "x.go" ".." 0
        match "?/ab" "." 0
        match "[a-c]*/*b" "/]/.." 0
        match "/a" "/c/y.go" 0
        match "ab/*b" "/." 0
        match "/*.go" "x.go" 0
        match "[a-c]*" "c" 1
        match "/[!a]" "!/ab" 0
        match "/*" "!" 0
        match "/[^a]" "/a.b" 0
        match "[]a]/[" "/!" E
        match "." "x.go/ab" 0
        match "[a-c]" "x.go/a.b" 0
        match "/a/*" "y.go/y.go" 0
        match "[]a]" "]" E
        match "*.go/*.go" "x.go/x.go" 1
        match "*/ab" "x.go" 0
        match "[!a]" "b" 0
        match "ab/*.go" ".." 0
        match "x.go/\\" "/a" E
        match "?/*.go" "ab" 0
        match "a*/*b" "/b" 0
        match "\\*/.." "/ab/a.b" 0
        match "[a-c]" "x.go" 0
        match "*b/a" "a/" 0
        match "/[" "a.b/ab" E
        match "x.go" "/*/" 0
        match "[]a]/" "-" E
        match "a*/[a-c]" "x.go/a" 0
        match "/?/a" "y.go/" 0
        match "?b/[!a]" "a.b" 0
        match "b" "y.go" 0
        match "?/[a-c]*" "/." 0
        match "*b" "a.b/b" 0
        match "a" "x.go" 0
        match "?" "y.go" 0
        match "[]a]/" "y.go/*" E
        match "x.go" "a.b/*" 0
        match "a" "c" 0
        match "[!a]" "/c" 0
        match "[!a]" "/!" 0
        match "/?" "a" 0
        match "[^a]" "/c/." 0
        match "[^a]/a" "a" 0
        match "[a-c]" ".." 0
        match "b/*.go" "c" 0
        match "/[!a]" "/y.go" 0
        match "?/?" "c" 0
        match "/ab/b" "/x.go/.." 0
        match "*.go" "/x.go" 0
        match "/?/ab" "/ab" 0
        match "/\\" "c" E
        match "/[a-c]*" "/b" 1
        match "/?/[z-a]" "*/." 0
        match "?b" "c/ab" 0
        match "a" "y.go/!" 0
        match "a*" "/." 0
        match "/ab" "./a.b" 0
        match "b" "/." 0
        match "x.go/[" "/ab/" E
        match "[^a]" "b/a" 0
        match "[]a]/*" "a" E
        match "/a" "" 0
        match "/*.go/b" "/a" 0
        match "*/b" "a" 0
        match "[!a]" "/y.go/a" 0
        match "[^a]" "/y.go" 0
        match "[!a]" "a/-" 0
        match "ab" "/a.b" 0
        match "[z-a]/a" "/*" 0
        match "/[]a]/?b" "/y.go" E
        match "/[]a]" "/x.go/a" E
        match "[]a]/[!a]" "" E
        match "a/a" "ab" 0
        match "/[a-c]" "*/*" 0
        match "/a" "/!" 0
        match "[!a]" "/*/x.go" 0
        match "[!a]" "a" 1
        match "[a-c]/[]a]" "*" E
        match "/\\" "-" E
        match "b/a" "/../*" 0
        match "\\/a" "/*/." 0
        match "/?" "a/c" 0
        match "/." "b/!" 0
        match "[a-c]/[]a]" "a.b/a" E
        match "[a-c]" "!/b" 0
        match "/ab/a" "ab/ab" 0
        match "a/a" "/]/.." 0
        match "[!a]/b" "/a.b" 0
        match "[]a]" "/x.go" E
        match "a/ab" "../." 0
        match "/a/?b" "x.go" 0
        match "ab" "//]" 0
        match "[a-c]" "*" 0
        match "a" "/ab" 0
        match "*" "/x.go" 0
        match "/*.go/[^a]" "*/b" 0
        match "a" "*" 0
        match "ab/*b" "/a.b" 0
        match "\\/ab" "/a.b/b" 0
        match "b" "x.go/*" 0
        match "." "/a" 0
        match "[a-c]" "." 0
        match "a" "*/c" 0
        match "b/x.go" "." 0
        match "?" "ab/" 0
        match "*.go/*.go" "" 0
        match "/?/a*" "]" 0
        match "/[a-c]*" "/a" 1
        match "/b/*.go" "!/*" 0
        match "" "*/-" 0
        match "/*.go/[!a]" "y.go/" 0
        match "b" "/.." 0
        match "ab" "/a.b" 0
        match "*b/[!a]" "../x.go" 0
        match "*b" "/a/.." 0
        match "b/[^a]" "/ab" 0
        match "[!a]/?" "/../b" 0
        match "ab/a" "a" 0
        match "b" "/*" 0
        match "[a-c]*/a" "" 0
        match "\\*" "c" 0
        match "/b" "y.go" 0
        match "[^a]/a" "*" 0
        match "a/*b" "/y.go" 0
        match "a" "-" 0
        match "/*" "ab/*" 0
        match "?/a" "x.go" 0
        match "ab/x.go" "ab/a.b" 0
        match "/?" "-/a" 0
        match "\\/ab" "y.go" 0
        match "[" "/./ab" E
        match "*b/*b" "/y.go" 0
        match "/*.go/?b" "ab/b" 0
        match "/b/." "/c/!" 0
        match "\\*" "]/a" 0
        match "/a*" "ab/]" 0
        match "[!a]/\\" "b" E
        match "/*.go/[^a]" "/]/.." 0
        match "b" "" 0
        match "/b/a" "x.go" 0
        match "/a*/[a-c]*" "x.go" 0
        match "*" "/y.go" 0
        match "\\*" "/y.go" 0
        match "/a" "y.go/c" 0
        match "/*.go" "]" 0
        match "/[!a]/b" "./-" 0
        match "[]a]" "/../." E
        match "*.go" "a/." 0
        match "[a-c]" "*" 0
        match "/?/a*" "ab/b" 0
        match "/*b/[^a]" "/y.go/c" 0
        match "\\*" "/!" 0
        match "*" "y.go/.." 0
        match "a/[a-c]*" "/" 0
        match "/\\/a" "y.go" 0
        match "/\\" ".." E
        match "?/\\*" "a/ab" 0
        match "/" "/!" 0
        match "[" "]" E
        match "*.go/a" "a/ab" 0
        match "/?" "/ab/*" 0
        match "a" "a" 1
        match "*.go/[a-c]" "-" 0
        match "a*" "/" 0
        match "a" "ab/a.b" 0
        match "?b/[" "/b" E
        match "b" "c/!" 0
        match "b/*" "." 0
        match "*b/ab" "a.b/" 0
        match "/a/a" "a" 0
        match "[!a]" "/ab" 0
        match "[^a]/*" "ab/y.go" 0
        match "/ab/b" "/*/.." 0
        match "ab" "../y.go" 0
        match "/?b" "]/" 0
        match "[a-c]/\\" "/]" E
        match "[^a]" "/.." 0
        match "[^a]/\\" "a" E
        match "/?" "." 0
        match "[a-]/[!a]" "/c" E
        match "*/a*" "y.go/c" 0
        match "[a-c]*" "c/b" 0
        match "*/\\*" "x.go/.." 0
        match "" "/!" 0
        match "/a*/[a-c]" ".." 0
        match "[a-c]/[a-c]*" "ab/.." 0
        match "x.go" "-" 0
        match "*/?b" "/ab/x.go" 0
        match "/b/[a-c]*" "y.go/-" 0
        match "*" "c/b" 0
        match "[^a]" "c" 1
        match "?/*.go" "/!" 0
        match "[^a]/*.go" "c/]" 0
        match "/a/?" "/*" 0
        match "/[!a]" "/" 0
        match "" "/c/!" 0
        match "\\*/" "/*/a" 0
        match "ab/[a-c]" "x.go" 0
        match "x.go" "]/-" 0
        match "*b" "x.go/-" 0
        match "\\*" "!" 0
        match "[]a]" "ab" E
        match "[" "ab" E
        match "x.go/ab" "a.b/b" 0
        match "*/a*" "-" 0
        match "ab" "a.b/a.b" 0
        match "a*/a" "-" 0
        match "/?b" "/c/!" 0
        match "/?b" "/c/-" 0
        match "/\\/[^a]" "/]" 0
        match "a" "-/y.go" 0
        match "[]a]/?b" "../y.go" E
        match "/b" "../a.b" 0
        match "/[^a]/a*" "/-/ab" 1
        match "ab" "/a" 0
        match "*.go" "/c" 0
        match "[/a*" "/ab/-" E
        match "[^a]/[^a]" "ab" 0
        match "a/*" "a" 0
        match "/?" "*" 0
        match "ab" "-/.." 0
        match "/*.go" "a.b/" 0
        match "\\*" "." 0
        match "?/." "*/ab" 0
        match "*.go/[!a]" "a" 0
        match "/?" "x.go/*" 0
        match "/a/x.go" "]" 0
        match "a/?" "/." 0
        match "/.." "/./!" 0
        match "[^a]" "a/x.go" 0
        match "*b/b" "ab" 0
        match "\\" "/b" E
        match "ab/.." "/x.go" 0
        match "*/[a-c]*" "x.go/ab" 1
        match "[^a]/[a-c]" "/x.go/.." 0
        match "b/[a-c]*" "/!/b" 0
        match "*.go/[" "!" E
        match "[^a]" "/c" 0
        match "[a-]/*" "ab/.." E
        match "[a-c]*/." "]" 0
        match "./[^a]" "/]" 0
        match "/a*" "a.b/.." 0
        match "ab/a" "!" 0
        match "/a/*.go" "]" 0
        match "[a-c]*/*b" "/-" 0
        match "\\*/*b" "/./-" 0
        match "x.go/a" "y.go" 0
        match "b" "*" 0
        match "/b/?" "c" 0
        match "\\" "x.go/c" E
        match "[a-]" "*" E
        match "[!a]/?b" "-" 0
        match "." "/!/x.go" 0
        match "?" "-/ab" 0
        match "/*" "/./ab" 0
        match "/[^a]" "." 0
        match "/?" "]" 0
        match "*.go" "//]" 0
        match "/*/?" "]" 0
        match "?" "a.b" 0
        match "?b" "y.go" 0
        match "/[!a]" "a.b" 0
        match "[a-c]*" "/.." 0
        match "/*/x.go" "ab" 0
        match "/a" ".." 0
        match "ab" "/.." 0
        match "*.go" "a.b" 0
        match "b" "/*" 0
        match "[a-c]" "ab/a.b" 0
        match "\\*" "a.b" 0
        match "/*.go/b" "y.go/!" 0
        match "[^a]/ab" "" 0
        match "/*/a" "/a.b/c" 0
        match "/?" "/ab/*" 0
        match "/../*" "]" 0
        match "/[!a]/?" "/y.go/a.b" 0
        match "*/?" "a/ab" 0
        match "[a-c]*/[" "x.go/a" E
        match "/b/b" "x.go" 0
        match "/*b" "" 0
        match "[" "/" E
        match "b/[^a]" "" 0
        match "\\" "/-/." E
        match "[a-c]*" "!" 0
        match "[a-c]*" "]" 0
        match "?" "-/b" 0
        match "?/?" "a.b/!" 0
        match "*/*" "./y.go" 1
        match "ab" "/../b" 0
        match "\\" "/." E
        match "/[^a]" "/a.b/x.go" 0
        match "/[!a]" "" 0
        match "[^a]" "c/c" 0
        match "/\\*" "]" 0
        match "*b/*" "../a" 0
        match "/[^a]" "x.go/!" 0
        match "?/\\*" "/*/!" 0
        match "[^a]/?" "" 0
        match "*" "/ab" 0
        match "?" "/." 0
        match "[z-a]/" "*" 0
        match "*b/*.go" "*" 0
        match "/*/[a-c]*" "a/-" 0
        match "/[^a]" "a.b/.." 0
        match "/a/?" "y.go" 0
        match "[a-c]*/[]a]" "../" E
        match "a" ".." 0
        match "[a-c]/b" "/./" 0
        match "/ab/\\*" "-/!" 0
        match "[a-c]*/ab" "x.go/ab" 0
        match "x.go/[a-c]*" "*/y.go" 0
        match "x.go" "ab/c" 0
        match "*" "/c" 0
        match "/?b" "/b" 0
        match "?b/[a-c]*" "./" 0
        match "*/*" "]/" 1
        match "*b/[!a]" "/]/*" 0
        match "/x.go/*" "-" 0
        match "*/[^a]" "ab" 0
        match "a" "../y.go" 0
        match "*b" "b" 1
        match "*/[^a]" "/*/x.go" 0
        match "*.go/a*" "/y.go" 0
        match "/*b" "" 0
        match "*.go/b" "/]/-" 0
        match "./x.go" "-/" 0
        match "/b/[a-c]" "/x.go/a" 0
        match "[" "/." E
        match "b" "/ab/c" 0
        match "/b" "/y.go/x.go" 0
        match "[^a]/a" "-/c" 0
        match "[a-c]/[]a]" "/.." E
        match "/[/[a-c]*" "x.go/c" 0
        match "/x.go" "" 0
        match "*" "/!/b" 0
        match "/*" "]/.." 0
        match "[]a]/ab" "c/ab" E
        match "a" "y.go/ab" 0
        match "[a-c]" "./b" 0
        match "?/?b" "/a.b" 0
        match "*.go" "/../." 0
        match ".." "b/-" 0
        match "/" "/]/.." 0
        match "/?" "/./-" 0
        match "[a-c]" "/x.go/-" 0
        match "a/*.go" "/y.go" 0
        match "*b" "]/." 0
        match "/a" "//y.go" 0
        match "[]a]" "../!" E
        match "/\\*/a" "b/]" 0
        match "?" "/" 0
        match "./." "!/a.b" 0
        match "/?" "!" 0
        match "x.go" "./-" 0
        match "\\*/ab" "/x.go" 0
        match "[a-]/*.go" "/a" E
        match "[]a]" "y.go/ab" E
        match "[a-c]*/[a-c]*" "/-" 0
        match "/\\" "/c/ab" E
        match "/[a-c]" "./a.b" 0
        match "?/a" "-/]" 0
        match "/[!a]" "/.." 0
        match "\\*/[" "/!/b" E
        match "\\/?" "y.go/.." 0
        match "*" "/!/." 0
        match "/x.go" "x.go" 0
        match "?b" "x.go/b" 0
        match "/b" ".." 0
        match "/[a-c]/[^a]" "-" 0
        match "?" "/-/c" 0
        match "*" "-/]" 0
        match "/?b/?" "y.go/ab" 0
        match "/*b/b" "/]" 0
        match "[!a]" "a/c" 0
        match "ab" "/../*" 0
        match "\\" "b/b" E
        match "*/\\" ".." E
        match "/\\/b" "a.b/a.b" 0
        match "[a-c]/*b" "x.go" 0
        match "*.go/*.go" "a.b" 0
        match "*.go/[]a]" "x.go/-" E
        match "[a-c]*" "./.." 0
        match "?/[!a]" "a" 0
        match "/" "a.b" 0
        match "/[a-c]/[^a]" "ab/!" 0
        match "*.go/*b" "/!/x.go" 0
        match "[!a]" "]" 0
        match "?b/[!a]" "ab" 0
        match "/*" "/a/*" 0
        match "a*" "/c/]" 0
        match "ab/[]a]" "!/.." E
        match "[!a]/ab" "/*/b" 0
        match "*/?" ".." 0
        match "/*b/a*" ".." 0
        match "/[a-]" "a/]" E
        match "*" "c/-" 0
        match "b" "c/y.go" 0
        match "ab/a*" "!" 0
        match "ab/ab" "/!/" 0
        match "?" "*/-" 0
        match "\\" "/.." E
        match "/*/?" "/.." 0
        match "/?b" "c/y.go" 0
        match "/[]a]" "a/y.go" E
        match "*.go/*.go" "." 0
        match "/[" "/*" E
        match "/[^a]/*" "ab/*" 0
        match "[/*" "/b/.." E
        match "/[]a]" "/c" E
        match "/[a-c]*/[!a]" "]/a.b" 0
        match "a*/a" "]/y.go" 0
        match "*" "c/ab" 0
        match "?" ".." 0
        match "/[a-c]/b" "/a.b" 0
        match "*b" "/c" 0
        match "/[a-c]*" "/c/*" 0
        match "a*/a" ".." 0
        match "*.go/*" "../ab" 0
        match "/a*" "." 0
        match "a/x.go" "]/!" 0
        match "a" "y.go" 0
        match "*" "../x.go" 0
        match "[a-c]" "/" 0
        match "b" "ab/.." 0
        match "/?" "/-" 1
        match "/[]a]/?b" "b" E
        match "/?" "-" 0
        match "\\*" "" 0
        match "/?/[a-c]*" "y.go" 0
        match "a*" "-/b" 0
        match "?b/ab" "y.go/*" 0
        match "a/[!a]" "/../-" 0
        match "/*.go/*b" ".." 0
        match "/./[^a]" "y.go/]" 0
        match "[a-c]*" "*/*" 0
        match "/?b/ab" "/y.go/ab" 0
        match "?/[!a]" "/b" 0
        match "a/[^a]" "/x.go/a.b" 0
        match "x.go" "*/x.go" 0
        match "/*.go" "b/*" 0
        match "/*/.." "-" 0
        match "b" "." 0
        match "/?b/ab" "/../]" 0
        match "/[\\]]/?b" "." 0
        match "?/" "!" 0
        match "[" "c/-" E
        match "*" "-/x.go" 0
        match "/a*/\\" "b" E
        match "[^a]/[]a]" "*" E
        match ".." "a/!" 0
        match "/[]a]/ab" "../a" E
        match "b" "*" 0
        match "b/a*" "]" 0
        match "*" "/a.b" 0
        match "b/\\" "/*" E
        match "/[^a]/*" "!/b" 0
        match "b" "a/y.go" 0
        match "/b" "b/y.go" 0
        match "?b" "y.go/c" 0
        match "[^a]/[a-c]*" "c/]" 0
        match "a/*.go" "c/" 0
        match "/?/a*" "//a" 0
        match "*b" "!" 0
        match "a" "/*/y.go" 0
        match "[a-c]" "x.go/!" 0
        match "*.go/[]a]" "y.go/-" E
        match "/[" "/a" E
        match "\\/[" "/y.go" E
        match "/?/[a-]" "/." E
        match "ab/a" "/a.b/." 0
        match "/?" "!/ab" 0
        match "*" "/.." 0
        match "[a-c]" "./a" 0
        match "a*" "c" 0
        match "/*/\\*" "/*" 0
        match "/a/a" "y.go" 0
        match "\\*/*" "../y.go" 0
        match "/*/\\" "*" E
        match "/?" "b/y.go" 0
        match "x.go" "./.." 0
        match "/[/*" "b" E
        match "[a-c]*" "x.go" 0
        match "/ab" "y.go" 0
        match "b/*" "-" 0
        match "/\\*" "c/" 0
        match "/?" "a/-" 0
        match "/[^a]/*" "x.go/-" 0
        match "[a-c]*" "*/b" 0
        match "/a" ".." 0
        match "/b" "a.b" 0
        match "/*/\\" "/b" E
        match "[a-c]*/x.go" "*" 0
        match "[^a]" "/ab" 0
        match "a/." "a" 0
        match "/*.go" "a.b" 0
        match "*.go/*b" "/a.b" 0
        match "/\\*" "x.go" 0
        match "[]a]" "/b/x.go" E
        match "[^a]/[^a]" ".." 0
        match "b/[a-c]*" "!" 0
        match "/*/." "/*" 0
        match "/a/*b" "-/c" 0
        match "*b" "/" 0
        match "*.go" "a.b/." 0
        match "*" "." 1
        match "/*.go" "/y.go/." 0
        match "/[!a]/?" "/-/" 0
        match "/?/*" "/." 0
        match "?b/*" "!/a" 0
        match "/*b/*.go" "/c" 0
        match "x.go" "/]/b" 0
        match "[a-c]*/b" "]" 0
        match "*b/b" "]/b" 0
        match "a*" "a" 1
        match "/a" "a/a" 0
        match "*/a*" "c" 0
        match "x.go" "/c" 0
        match "/x.go" "//y.go" 0
        match "[^a]" "/c/c" 0
        match "?/?" "-" 0
        match "/[]a]/?" "*/a.b" E
        match "/*b" "/b/" 0
        match "../x.go" "a.b/" 0
        match "/*b" "a.b/b" 0
        match "a/\\*" "-/-" 0
        match "\\" "y.go" E
        match "/x.go" "/ab/a.b" 0
        match "*" "/../" 0
        match "?b/[^a]" "/" 0
        match "/[]a]/[a-c]*" "b" E
        match "[a-c]" "x.go/]" 0
        match "/\\*" "/y.go" 0
        match "[a-c]*/[!a]" "ab/b" 0
        match "?b/[!a]" "-/!" 0
        match "/[a-c]" "../c" 0
        match "/b" "../ab" 0
        match "x.go" "./y.go" 0
        match "a/x.go" "]/" 0
        match "/a" "./-" 0
        match "*b/a" "/*" 0
        match "/?" "/y.go/x.go" 0
        match "/a/[a-c]*" "a/" 0
        match "/*b/?b" "/*/]" 0
        match "/[a-c]*" "ab/x.go" 0
        match "?b" "./ab" 0
        match "[]a]" "../c" E
        match "b" "x.go" 0
        match "*b/a" "/." 0
        match "*/*.go" "!/x.go" 1
        match "/*" "" 0
        match "*.go/*" "c/a.b" 0
        match "?/*" "/.." 0
        match "*/*b" "-" 0
        match "/ab/x.go" "!" 0
        match "/[" "ab/c" E
        match "/*/[" "." E
        match "b" "!" 0
        match "/a*/[!a]" "/a.b/.." 0
        match "/?/[a-c]" "]" 0
        match "/[!a]" "/a/c" 0
        match "[!a]" "y.go" 0
        match "/?b" ".." 0
        match "[a-c]*/?" ".." 0
        match "a" "*" 0
        match "?/*" "/" 0
        match "a*" "/y.go/." 0
        match "*" "/a.b" 0
        match "x.go/.." "/y.go/x.go" 0
        match "/a" "ab" 0
        match "?b" "-" 0
        match "b" "ab" 0
        match "*.go/?" "../y.go" 0
        match "[a-c]" "/a" 0
        match "/[!a]" "!" 0
        match "[a-c]*" "x.go" 0
        match "a*" "c/*" 0
        match "ab" "y.go/" 0
        match "a" "ab" 0
        match "/\\" "/b" E
        match "a/a*" "y.go/.." 0
        match "/a*/?b" "a" 0
        match "*" "!/." 0
        match "a" "/x.go" 0
        match "*" "b/c" 0
        match "/*b/*" "y.go" 0
        match "?b" "c/." 0
        match "[a-c]/[]a]" "x.go/x.go" E
        match "/*/.." "!" 0
        match "[]a]" "/./!" E
        match "a" "a.b" 0
        match "a/a" "*" 0
        match "?" "/ab/y.go" 0
        match "*" "/x.go/x.go" 0
        match "/ab" "/b" 0
        match "[" "/x.go" E
        match "/[!a]/[a-]" "../y.go" E
        match "*b/." "a.b/b" 0
        match "*" "a" 1
        match "a" "/b" 0
        match "?" "a.b" 0
        match "*.go" "a.b/]" 0
        match "/[a-c]*/\\" "y.go/x.go" E
        match "*.go" "b/!" 0
        match "\\*/[]a]" "-/x.go" E
        match "\\" "-/a.b" E
        match "/*b/[^a]" "/c/ab" 0
        match "*" "/a/c" 0
        match "/*" "!/a" 0
        match "\\*" "a" 0
        match "/?" "/c" 1
        match "[!a]" "/a.b" 0
        match "[a-c]/[!a]" "/]/a.b" 0
        match "b/[^a]" "/c/a.b" 0
        match "*" "/a" 0
        match "/[!a]" "/-/a" 0
        match "*.go/[a-c]*" "!/c" 0
        match "[a-c]/x.go" "b" 0
        match "*/*" "ab" 0
        match "[" "/.." E
        match "*" "c" 1
        match "/*/*" "*/y.go" 0
        match "[]a]" "./." E
        match "[" "x.go" E
        match "/*/*" "y.go/ab" 0
        match "[a-c]*/b" "/]" 0
        match "/?b/[a-c]*" "a.b" 0
        match "/b" "/a/" 0
        match "*" "/ab" 0
        match "a" "*/]" 0
        match "/?" "" 0
        match "/./[]a]" "/x.go/x.go" E
        match "[^a]" "a.b/.." 0
        match "[!a]" "!/a.b" 0
        match "/ab" "b/a.b" 0
        match "?/*" "y.go" 0
        match "/[a-c]" "/c" 1
        match "?/*b" "../b" 0
        match "/?b" "a.b" 0
        match "/a*" "]" 0
        match "/a*/*" "x.go/x.go" 0
        match "a/.." "./x.go" 0
        match "*.go/\\*" "" 0
        match "/[^a]/a" "ab/y.go" 0
        match "[!a]/?" "/b" 0
        match "a/[a-c]*" "x.go" 0
        match ".." "]/]" 0
        match "/ab" "/b" 0
        match "?" "*/." 0
        match "a/\\*" "/!" 0
        match "/*/[]a]" "*/ab" E
        match "*" "x.go" 1
        match "[a-c]*" "/ab" 0
        match "[a-c]" "x.go" 0
        match "*/*" "!/ab" 1
        match "/*" "/-" 1
        match "b" "/c/b" 0
        match "a" "/.." 0
        match "*.go/a" ".." 0
        match "a/?" "/" 0
        match "[a-c]" "/ab" 0
        match "*" "!/*" 0
        match "*/[a-c]" "]" 0
        match "[/*" "a.b/" E
        match "?b" "-/-" 0
        match "[^a]/b" "/." 0
        match "[a-]/a*" "/a.b/" E
        match "/[a-c]" "*" 0
        match "ab/*.go" "*/x.go" 0
        match "ab" "/-" 0
        match "a" "]/a" 0
        match "?/?" "x.go" 0
        match "\\*/*.go" "/x.go" 0
        match "[a-c]*" "c/." 0
        match "../*" "/-/]" 0
        match "/.." "ab/x.go" 0
        match "[a-c]*/ab" "ab" 0
        match "?/a" "y.go" 0
        match "[!a]" "ab/x.go" 0
        match "/*/[]a]" "]/b" E
        match "\\*" "-/ab" 0
        match "*/b" "/-/-" 0
        match "[a-c]/b" "/./a.b" 0
        match "[]a]" "a.b" E
        match "[/b" "x.go" E
        match "/[]a]" "/x.go/y.go" E
        match "/a*/" "y.go/*" 0
        match "[]a]/a*" "b/." E
        match "a*" "/b" 0
        match "/a" "/./.." 0
        match "/a" "//ab" 0
        match "*" "ab" 1
        match "*/[]a]" "./!" E
        match "?" "y.go/!" 0
        match "/[^a]" ".." 0
        match "b/." "/.." 0
        match "/\\*" "y.go" 0
        match "ab" "" 0
        match "a*" "/./ab" 0
        match "?" "/a.b/a.b" 0
        match "?" "ab/.." 0
        match "[]a]/ab" "x.go/]" E
        match "/?b" "y.go" 0
        match "/?b/?b" "/ab/." 0
        match "../b" "]" 0
        match "\\*/[a-c]*" "./" 0
        match "/?/?" "/x.go" 0
        match "/[a-c]" "ab/b" 0
        match "/*.go" "c/ab" 0
        match "/?/[z-a]" "ab/a" 0
        match "/[^a]/*b" "/a.b/c" 0
        match "[]a]/*" "" E
        match "/*" "/-" 1
        match "x.go" "!" 0
        match "/a" "*" 0
        match "[]a]/[a-c]*" "a.b" E
        match "../?" ".." 0
        match "/a*/[" "/" E
        match "?b" "c/*" 0
        match "[a-c]" "!" 0
        match "/ab" "*" 0
        match ".." "/ab/a" 0
        match "ab" "!/" 0
        match "\\*/*" "../x.go" 0
        match "a" "*" 0
        match "/*.go/a*" "" 0
        match "a*/*.go" "-" 0
        match "?b/[^a]" "/." 0
        match "." "c" 0
        match "[a-c]*/[]a]" "b/.." E
        match "[a-c]" "/b" 0
        match "\\*" "/../b" 0
        match "/?/*.go" "y.go/*" 0
        match "a*/a" "/a/-" 0
        match "/[!a]/*b" "*/a" 0
        match "ab" "ab" 1
        match "\\" "/ab" E
        match "ab" "]" 0
        match "[!a]" "/../!" 0
        match "*" "ab" 1
        match "*.go/?" "/-" 0
        match "/ab/\\*" "/./." 0
        match "[]a]" "a" E
        match "[^a]" "/a.b/." 0
        match "*/[^a]" "" 0
        match "[/*b" "/./b" E
        match "/?/\\*" "/../-" 0
        match "?/x.go" "b/]" 0
        match "[^a]/a" "/]/*" 0
        match "/*/*b" "-/b" 0
        match "?/a" "c/b" 0
        match "\\*/[!a]" "/y.go/ab" 0
        match ".." "!" 0
        match "[]a]" "/b" E
        match "ab" "/a/b" 0
        match "[a-c]*/[a-c]*" "/y.go" 0
        match "?b/[a-c]*" "!/]" 0
        match "?b/a*" "-" 0
        match "/b/*" "" 0
        match "*b/*" "c" 0
        match "/?/[a-c]" "x.go" 0
        match "b/[a-c]" "/y.go" 0
        match "/[a-c]/*" "ab/ab" 0
        match "[a-c]" ".." 0
        match "[^a]" "y.go/-" 0
        match "/*b/[a-c]" "]/*" 0
        match "ab" "/a/b" 0
        match "/?/?" "/" 0
        match "/a*" "//ab" 0
        match "\\*" "]" 0
        match "/*/\\*" "c/a" 0
        match "b/a" "/../*" 0
        match "*/[!a]" "*" 0
        match "/[a-c]/a" "b/.." 0
        match "/[]a]/[]a]" "/-" E
        match "/[a-c]/[^a]" "./ab" 0
        match "?/*b" "]" 0
        match "\\*/?" "/!" 0
        match "[a-c]*/a*" ".." 0
        match "/?/b" "/b" 0
        match "/?" "/./-" 0
        match "a*" "a/x.go" 0
        match "/[^a]" "b/." 0
        match "/[" "/x.go/-" E
        match "*" "/*" 0
        match "[!a]/[a-c]" "/]/." 0
        match "/?/a" "!/b" 0
        match "*b" ".." 0
        match "*.go/*" "y.go/a" 1
        match "/*/[^a]" "a" 0
        match "/?" "/.." 0
        match "a*/?" "/x.go" 0
        match "?/[" "]/]" E
        match "ab/*b" "/-" 0
        match "/b/*" "]" 0
        match "?" "x.go" 0
        match "[a-c]*/*.go" "!" 0
        match "*b/" "a.b/c" 0
        match "[^a]/a*" "a.b/a" 0
        match "/[/?b" "b" E
        match "/[/x.go" "-" E
        match "ab/?" "/x.go" 0
        match "\\*/[^a]" "!/y.go" 0
        match "[!a]/[a-c]*" "!" 0
        match "[a-c]" "/ab" 0
        match "*.go/?" "b" 0
        match "/[^a]/*.go" "x.go/c" 0
        match "/[a-c]*" "../" 0
        match "/[" "ab/c" E
        match "*/?b" "/y.go" 0
        match "x.go" "a/x.go" 0
        match "/*/[" "*" E
        match "[a-c]" "/c" 0
        match "/[!a]/a*" "b/c" 0
        match "[a-c]/*.go" "b/a.b" 0
        match "a/?" "]/!" 0
        match "/*b" "c" 0
        match "[]a]/*.go" "/a.b" E
        match "//*" "!/a.b" 0
        match "*b" "/*" 0
        match "?/a*" "]" 0
        match "*/*" "//." 0
        match "*/*b" "/b" 1
        match "?/.." "/a.b/x.go" 0
        match "*/[a-c]" "/a" 1
        match "[" "!" E
        match "/[!a]/*.go" "/-/b" 0
        match "/[!a]" "/]/-" 0
        match "*b" "-" 0
        match "/[!a]/?" "ab" 0
        match "?" "y.go" 0
        match "a" "x.go" 0
        match "x.go" "]" 0
        match "/../." "a.b" 0
        match "b/*" "./x.go" 0
        match "*b" "!/!" 0
        match "*b/a" "x.go/c" 0
        match "/a/\\*" "/a/x.go" 0
        match "?/*" "/y.go" 0
        match "*/[a-c]" "" 0
        match "[]a]" "a.b" E
        match "[a-c]*" "/a.b" 0
        match ".." "ab" 0
        match "?" "/*/y.go" 0
        match "*.go" "*/.." 0
        match "x.go" "/]" 0
        match "[a-]/[!a]" "*" E
        match "[!a]/?" "a" 0
        match "/*/b" "" 0
        match "/[/*" "/x.go" E
        match "\\/*.go" "*/" 0
        match "a/[!a]" "-" 0
        match "/a" "/]" 0
        match "/[]a]" "/y.go/b" E
        match "[a-c]*/[a-c]*" "b" 0
        match "*.go/*" "/]" 0
        match "b/a*" "/b" 0
        match "/b/?" "." 0
        match "[" "/ab/]" E
        match "[a-c]*" "./" 0
        match "/[a-c]*" "/.." 0
        match "/[/?" "ab" E
        match "a" "a.b/x.go" 0
        match "b/*b" "/b/." 0
        match "/*.go/a" "/x.go" 0
        match "*" "]/b" 0
        match "x.go/\\" "a.b/b" E
        match "a/[\\]]" "/-/a.b" 0
        match "b/a*" "y.go/b" 0
        match "/?b" "y.go" 0
        match "[!a]" "a" 1
        match "?" "/!" 0
        match "/?" "a.b/a" 0
        match "*.go/*" "a" 0
        match "/\\" "/]" E
        match "x.go" "y.go/b" 0
        match "/[!a]" "!/]" 0
        match "a" "/]" 0
        match "/b/[" "../" E
        match "/a" "b/.." 0
        match "[^a]/*" "" 0
        match "[!a]/x.go" "y.go/.." 0
        match "\\/*b" "/." 0
        match "*.go" "y.go" 1
        match "/ab" "b" 0
        match "a*" "b" 0
        match "/\\*" "/a.b/b" 0
        match "a*" "/x.go" 0
        match "*.go" "../." 0
        match "?/?" "!" 0
        match "/[!a]" "ab" 0
        match "ab/[a-c]" "ab/b" 1
        match "a/a*" "*/a" 0
        match "ab/a*" "-" 0
        match "/[/a*" "/a.b" E
        match "\\" ".." E
        match "[a-c]*/*.go" "/y.go/y.go" 0
        match "[!a]" "b" 0
        match "?" "/*/]" 0
        match "[]a]/*b" "/*" E
        match "[!a]/[a-c]" "y.go/x.go" 0
        match "a" ".." 0
        match "ab" "c" 0
        match "[a-c]*" "x.go" 0
        match "b" "-" 0
        match "/?/[^a]" "x.go/-" 0
        match "*" "b/." 0
        match "/\\" "a/-" E
        match "*" "/y.go/.." 0
        match "[]a]/*" "a/." E
        match "b/[a-c]*" "/-" 0
        match "?/[a-c]" "a" 0
        match "[a-c]" "a/a" 0
        match "a/x.go" "a" 0
        match "/ab/a*" "]" 0
        match "*/?" "a.b" 0
        match "[a-]/*" "/c/a.b" E
        match "/." "/b" 0
        match "*b" "!/" 0
        match "[a-c]*" "*/!" 0
        match "*" "ab/ab" 0
        match "/*.go" "." 0
        match "[" "/a.b" E
        match "*" "/ab" 0
        match "*/x.go" "/*" 0
        match "./*.go" "/-" 0
        match "*.go/?" "c/c" 0
        match "[]a]/\\" "b/!" E
        match "/[]a]/?b" "*" E
        match "b" "/-/!" 0
        match "\\" "/-" E
        match "/?b/a" "./*" 0
        match "\\/\\" "*" E
        match "./\\" "/../c" E
        match "/a" "c" 0
        match "ab" "c" 0
        match "/*" "./y.go" 0
        match "[a-c]/*" "a.b" 0
        match "x.go/[^a]" "*" 0
        match "/[]a]/b" "/a.b/-" E
        match "/\\/x.go" "*/a.b" 0
        match "../?" "/x.go/y.go" 0
        match "/ab/." "b" 0
        match "[a-c]*" "/a.b" 0
        match "/[a-c]*/*" "!" 0
        match "*.go" "/./b" 0
        match "/?b" "/y.go/b" 0
        match "/*.go" "/ab/." 0
        match "*b" "/c/b" 0
        match "*.go" "-" 0
        match "/*.go/[]a]" "../.." E
        match "x.go" "-" 0
        match "*.go/?" "/a.b/.." 0
        match "/b/?b" "/c/.." 0
        match "[a-c]" "c" 1
        match "/a*" "/c/a.b" 0
        match "*b/[" "../" E
        match "a/?" "c/]" 0
        match "/ab/b" "/!" 0
        match "*b" "/y.go/b" 0
        match "*" ".." 1
        match "a" "-/c" 0
        match "?" "ab" 0
        match "\\/x.go" "x.go/*" 0
        match "/*.go/a*" "a.b/*" 0
        match "*" "]" 1
        match "?/b" "]" 0
        match "x.go/?" "/!/*" 0
        match "/ab" "/a/a" 0
        match "/ab" "]" 0
        match "./b" "/x.go" 0
        match "[]a]/ab" "../-" E
        match "/*/ab" "]" 0
        match "\\*/a*" "" 0
        match "a*/b" "." 0
        match "/*" "/../-" 0
        match "/?b/?" "/c/y.go" 0
        match "/*" "!" 0
        match "." "-/a.b" 0
        match "*/ab" "!" 0
        match "?/[a-c]" "a.b" 0
        match "/\\" "b/b" E
        match "[!a]/*" "/*" 0
        match "[a-c]*/[^a]" "/ab/]" 0
        match "/[a-c]*/a" "/./b" 0
        match "[a-c]" ".." 0
        match "*b/[a-c]*" "/ab/*" 0
        match "/*b" "" 0
        match "/[/*" "../" E
        match "ab/ab" "/-/a" 0
        match "\\/[" "/-" E
        match "a" ".." 0
        match "a/?" "c" 0
        match "?b/?b" "." 0
        match "[a-c]*" "x.go/]" 0
        match "/a*/[]a]" "c/]" E
        match "[a-c]*" "b/ab" 0
        match "/[^a]/a" "." 0
        match "/*" "a/a.b" 0
        match "a" "b" 0
        match "/[" "/." E
        match "?" "a" 1
        match "." "/b/y.go" 0
        match "[a-]/[]a]" "a/.." E
        match "/[]a]" "-" E
        match "." "/b/x.go" 0
        match "/\\*" "b" 0
        match "/b/[a-c]*" "y.go/!" 0
        match "?/*.go" "ab/a" 0
        match "/.." "/*" 0
        match "[" "." E
        match "/a*" "-" 0
        match "[a-c]*" "c" 1
        match "a" "-" 0
        match "[^a]/?b" "ab" 0
        match "[^a]" "a" 0
        match "/[^a]/a" "-/-" 0
        match "/b/*b" "!" 0
        match "/*b" "/]" 0
        match "*" "ab" 1
        match "/b" "." 0
        match "/b" ".." 0
        match "?" "y.go" 0
        match "*" "/./a.b" 0
        match "*b/?" "/y.go/c" 0
        match "b/*b" "/y.go" 0
        match "/*/?b" "./.." 0
        match "/[^a]" "!" 0
        match "/?" "a/b" 0
        match "ab" "]" 0
        match "?b/*" "-" 0
        match "?" "/../y.go" 0
        match "[a-c]*/*" "c" 0
        match "a" "x.go/b" 0
        match "?b" "./.." 0
        match "*b/a" ".." 0
        match "*.go" "!" 0
        match "a*/?" "/a.b/a" 0
        match "b" "a/-" 0
        match "?b/*" "/x.go/x.go" 0
        match "x.go/*" "b" 0
        match "?" "/!" 0
        match "[]a]" "!/a" E
        match "/\\" "/./y.go" E
        match "[" "/]" E
        match "a/*.go" "x.go/]" 0
        match "*b/*.go" "/.." 0
        match "/x.go" "y.go" 0
        match "/x.go" "/c" 0
        match "/*/[" "b" E
        match "a*" "*/a.b" 0
        match "*.go/[!a]" "c" 0
        match "" "ab/-" 0
        match "./[a-]" "!/b" E
        match "?b/*b" "/b/.." 0
        match "/?/[a-c]" "y.go" 0
        match "?b/*" "!" 0
        match "a*/[]a]" "y.go" E
        match "a/?b" "/a/" 0
        match "?/b" "x.go/c" 0
        match "/[" "/!" E
        match "[z-a]" "b" 0
        match "/ab/*" "]/b" 0
        match "/[a-c]/[!a]" "/a/y.go" 0
        match "a" "c/-" 0
        match "ab" "b" 0
        match "/*.go" "/-" 0
        match "/?b" "/a.b" 0
        match "[a-c]*/*.go" "/!/c" 0
        match "[a-c]" "." 0
        match "." "ab/]" 0
        match "x.go" "b/a.b" 0
        match "[a-c]/b" "/a" 0
        match "a*" "-" 0
        match "/[!a]" "/a/b" 0
        match "*" "/b/a" 0
        match "a*" "/x.go" 0
        match "*" "y.go/]" 0
        match "/[" "/b/!" E
        match "/\\" "!/" E
        match "/a/*" "/y.go/*" 0
        match "[a-c]*/.." "a" 0
        match "[!a]/*.go" "ab/]" 0
        match "*/*" "/x.go/b" 0
        match "x.go/[" "c" E
        match "x.go/[!a]" "a" 0
        match "x.go" "y.go/*" 0
        match "*b/[^a]" "a.b/y.go" 0
        match "?/[a-c]*" "b" 0
        match "/*/a" "/." 0
        match "/a" "/a" 1
        match "/x.go/[" "/!/a.b" E
        match "[]a]/ab" "!" E
        match "[a-c]/?" "!/a" 0
        match "?b" "/" 0
        match "/x.go" "" 0
        match "?b/x.go" "/b/b" 0
        match "?/?" "/a" 0
        match "*/[]a]" "!" E
        match "a" "/a" 0
        match "[a-c]*/[^a]" "/c" 0
        match "a/x.go" "/x.go/y.go" 0
        match "[a-c]*" "/a.b" 0
        match "*b" "*" 0
        match "*/[]a]" "." E
        match "\\*" "]/a" 0
        match "[]a]/a" "/a.b" E
        match "x.go" "/" 0
        match "[a-c]/a*" "y.go" 0
        match "/x.go/?" "/b" 0
        match "?b/*.go" "b/*" 0
        match "a" "/a/-" 0
        match "?b" "c" 0
        match "[^a]/*" "*/!" 1
        match "a*/a" "/../" 0
        match "[!a]" "/.." 0
        match "\\/*" "y.go/a" 0
        match "?b/\\*" "/-/b" 0
        match "[a-c]*" "ab" 1
        match "/?/[!a]" "" 0
        match "/?/a*" "-/b" 0
        match "\\*/b" "*/.." 0
        match "/*b" "/y.go/y.go" 0
        match "/*" "c" 0
        match "[a-c]*" "/ab/ab" 0
        match "/a" "/x.go/a" 0
        match "?b/ab" "*" 0
        match "/b" "y.go" 0
        match "/?/*" "ab" 0
        match "/x.go" "" 0
        match "/b/" "ab" 0
        match "/.." "y.go/" 0
        match "/a" "c" 0
        match "/\\*/a" "c" 0
        match "?/*b" "*" 0
        match "/[]a]/[^a]" "/x.go" E
        match "*.go/*b" "]/ab" 0
        match "b/?b" "y.go" 0
        match "a" "/ab/." 0
        match "\\*" "/y.go" 0
        match "[]a]/[!a]" "./]" E
        match "/?/?" ".." 0
        match "/[a-c]*" "b" 0
        match "../" "y.go" 0
        match "/[/*" "*/.." E
        match "a*/[a-c]*" "../x.go" 0
        match "/b/a*" "*" 0
        match "*/a" "a" 0
        match "*.go/*.go" "/a.b" 0
        match "*/[a-]" "/ab" E
        match "\\*" "b/b" 0
        match "x.go/[a-c]*" "." 0
        match "/*b" "b" 0
        match "/[!a]/*" "/.." 0
        match "/[/\\*" "/a" E
        match "/a/a*" "/.." 0
        match "[a-c]" "-/*" 0
        match "/a*/*.go" "ab" 0
        match "[!a]" "-" 0
        match "[!a]" "a.b" 0
        match "?/*" "/" 0
        match "a/*" "y.go" 0
        match "\\*" "a/a.b" 0
        match "*" "/!" 0
        match "[^a]/x.go" "../ab" 0
        match "/\\" "!/a.b" E
        match "?" "/-" 0
        match "[!a]/*" "/a/b" 0
        match "*b" "/]/y.go" 0
        match "/?" "/b" 1
        match "?/.." "y.go/c" 0
        match "*/?" "]" 0
        match "?/*" "b/]" 1
        match "/a*/*" "/]" 0
        match "a/?" "." 0
        match "ab" "y.go/!" 0
        match "/a/a" "y.go" 0
        match "/*" "y.go/a" 0
        match "*" "*/a" 0
        match "a/[" "/b/ab" E
        match "[a-c]/[a-c]*" "c/a.b" 1
        match "/[" "." E
        match "a*" "/x.go/*" 0
        match "[]a]" "/-/]" E
        match "/?" "a.b" 0
        match "[!a]/ab" "a.b" 0
        match "\\/*" "/y.go/ab" 0
        match "/[\\]]" "y.go/!" 0
        match "/?" "/]" 1
        match "\\" "]" E
        match "/../*b" "ab/!" 0
        match "/./[" "x.go" E
        match "a*/?" "a.b/.." 0
        match "*.go/?" "c/y.go" 0
        match "/a*" "c/*" 0
        match "/?b" "//." 0
        match "[!a]" "/y.go" 0
        match "/b/a" "." 0
        match "?" "x.go/ab" 0
        match "?" "a" 1
        match "a*" "/*" 0
        match "[^a]" "x.go" 0
        match "b" "]" 0
        match "b" "b/." 0
        match "a*" "ab" 1
        match "[a-c]/*b" "/b/*" 0
        match "/*.go" "-/.." 0
        match "/./[]a]" "/]" E
        match "x.go" "/b" 0
        match "/?" "/]" 1
        match "/ab" "]/" 0
        match "/.." "]/*" 0
        match "[^a]" "!/*" 0
        match "/[]a]/*" "//a.b" E
        match "a/*" "a" 0
        match "/*.go/?" "/*" 0
        match "a*" "/]/." 0
        match "[" "/y.go" E
        match "[a-c]*" "../]" 0
        match "ab" "]/a.b" 0
        match "/?b" "/a/ab" 0
        match "?" "y.go" 0
        clean "c/c" "c/c"
        clean "/*/" "/*"
        clean "b/y.go" "b/y.go"
        clean ".//-/x.go/b" "-/x.go/b"
        clean "a/-/././" "a/-"
        clean "/c/" "/c"
        clean "/./b/y.go//" "/b/y.go"
        clean "]" "]"
        clean "/./../." "/"
        clean "b/c/!/!/" "b/c/!/!"
        clean "/!/y.go" "/!/y.go"
        clean "-/!/a" "-/!/a"
        clean "b//a//ab" "b/a/ab"
        clean "!//ab/" "!/ab"
        clean "." "."
        clean "/!" "/!"
        clean "/c/a.b" "/c/a.b"
        clean "./-/!/b/" "-/!/b"
        clean "]/.." "."
        clean "." "."
        clean "*" "*"
        clean "/a.b" "/a.b"
        clean "-/!/]/b/" "-/!/]/b"
        clean "/c/b" "/c/b"
        clean "./../y.go/!/y.go/" "../y.go/!/y.go"
        clean "." "."
        clean "/]/-/-/-" "/]/-/-/-"
        clean "a.b/x.go/.." "a.b"
        clean "/a.b/." "/a.b"
        clean "/../!" "/!"
        clean "ab/!" "ab/!"
        clean "/x.go/y.go/]/x.go/./" "/x.go/y.go/]/x.go"
        clean "!/a.b/c/./x.go/" "!/a.b/c/x.go"
        clean "/y.go/c/" "/y.go/c"
        clean "ab" "ab"
        clean "a.b/c/../../" "."
        clean "a.b" "a.b"
        clean "/b/x.go" "/b/x.go"
        clean "/a.b/.." "/"
        clean "b/*/../!/" "b/!"
        clean "c/a/x.go/b" "c/a/x.go/b"
        clean "/b/." "/b"
        clean "/!/c/]" "/!/c/]"
        clean "c/]/!/*/" "c/]/!/*"
        clean "!/" "!"
        clean "c/y.go/./ab" "c/y.go/ab"
        clean "]/x.go/c/a/ab" "]/x.go/c/a/ab"
        clean "./c/c/" "c/c"
        clean "!/x.go/x.go/-" "!/x.go/x.go/-"
        clean "y.go/./*/b" "y.go/*/b"
        clean "/c/a" "/c/a"
        clean "a/c/." "a/c"
        clean "/..//a/a/" "/a/a"
        clean "/]/!/-/!" "/]/!/-/!"
        clean "/a/-/" "/a/-"
        clean "b/c/" "b/c"
        clean "/x.go/*" "/x.go/*"
        clean "/.." "/"
        clean "a.b/c/a.b/.." "a.b/c"
        clean "-" "-"
        clean "/.././*/y.go" "/*/y.go"
        clean "!/y.go/]/*" "!/y.go/]/*"
        clean "/x.go/!/x.go" "/x.go/!/x.go"
        clean "b/a/*/c" "b/a/*/c"
        clean "//x.go" "/x.go"
        clean "x.go/ab" "x.go/ab"
        clean "/]" "/]"
        clean "-/a/./]/" "-/a/]"
        clean "x.go" "x.go"
        clean "x.go/ab//-/ab" "x.go/ab/-/ab"
        clean "ab/./c/" "ab/c"
        clean "/../a.b/c" "/a.b/c"
        clean "!/ab/a" "!/ab/a"
        clean "/]/../c/ab/c" "/c/ab/c"
        clean "ab/c/.." "ab"
        clean "y.go/.." "."
        clean "/." "/"
        clean "]" "]"
        clean "/a.b/.//*/]" "/a.b/*/]"
        clean "/b/y.go/.." "/b"
        clean "x.go/./-/a/" "x.go/-/a"
        clean "ab/]" "ab/]"
        clean "!/!" "!/!"
        clean "./*/*/]/" "*/*/]"
        clean "." "."
        clean "./../!/b" "../!/b"
        clean "a.b/" "a.b"
        clean "*/a/" "*/a"
        clean "b/a//" "b/a"
        clean "!/../b" "b"
        clean "." "."
        clean "c/x.go/" "c/x.go"
        clean "!/]/]/x.go" "!/]/]/x.go"
        clean "/a" "/a"
        clean "//-//" "/-"
        clean "ab/*" "ab/*"
        clean "/]/b/-/./]" "/]/b/-/]"
        clean "-" "-"
        clean "/y.go/]/!/*" "/y.go/]/!/*"
        clean "a/" "a"
        clean "/]/x.go//x.go" "/]/x.go/x.go"
        clean "/x.go/./]/" "/x.go/]"
        clean "y.go/]/" "y.go/]"
        clean "ab/c" "ab/c"
        clean "/y.go/-/x.go/a/x.go" "/y.go/-/x.go/a/x.go"
        clean "/x.go/*/b/./ab" "/x.go/*/b/ab"
        clean "b/]" "b/]"
        clean ".." ".."
        clean "/]" "/]"
        clean "/x.go/]/-" "/x.go/]/-"
        clean "/a.b/a/ab/]" "/a.b/a/ab/]"
        clean "b/-/./../-" "b/-"
        clean "!" "!"
        clean "y.go/../!" "!"
        clean "x.go/" "x.go"
        clean "b/x.go/y.go/a" "b/x.go/y.go/a"
        clean "x.go/a.b/-/a.b" "x.go/a.b/-/a.b"
        clean "/ab/a.b/" "/ab/a.b"
        clean "c/a/]/" "c/a/]"
        clean "/c/y.go/" "/c/y.go"
        clean "!/*/y.go/-" "!/*/y.go/-"
        clean "c/c/" "c/c"
        clean "ab/b/x.go/" "ab/b/x.go"
        clean "b/c/b/a.b/.." "b/c/b"
        clean "/*" "/*"
        clean "/y.go" "/y.go"
        clean "ab/ab/*/*/./" "ab/ab/*/*"
        clean "/a.b/y.go/a.b" "/a.b/y.go/a.b"
        clean "/a/*/c/./" "/a/*/c"
        clean "]/y.go/x.go/*/y.go" "]/y.go/x.go/*/y.go"
        clean "a.b/!/b//c" "a.b/!/b/c"
        clean "a/./a.b/-" "a/a.b/-"
        clean "x.go/" "x.go"
        clean "ab/a.b/y.go/a.b/y.go/" "ab/a.b/y.go/a.b/y.go"
        clean "/y.go/../-/a/c" "/-/a/c"
        clean "/!/c/y.go" "/!/c/y.go"
        clean "y.go/!/!" "y.go/!/!"
        clean "/a.b" "/a.b"
        clean "]/c/]" "]/c/]"
        clean "/ab/a/" "/ab/a"
        clean "!" "!"
        clean "x.go/a/b/a/c/" "x.go/a/b/a/c"
        clean "-" "-"
        clean "/]" "/]"
        clean "y.go/y.go" "y.go/y.go"
        clean "/c/./" "/c"
        clean "/-/]/x.go" "/-/]/x.go"
        clean "-" "-"
        clean "x.go/" "x.go"
        clean "/*/*/.." "/*"
        clean "/.//b/y.go" "/b/y.go"
        clean "/y.go" "/y.go"
        clean "/.." "/"
        clean "/c" "/c"
        clean "b/y.go/b/" "b/y.go/b"
        clean "b/a/*" "b/a/*"
        clean "x.go/!/." "x.go/!"
        clean "/../y.go/" "/y.go"
        clean "/]/]/c" "/]/]/c"
        clean "/c/a/-/" "/c/a/-"
        clean "../*/./-" "../*/-"
        clean "]/a.b/-" "]/a.b/-"
        clean "-" "-"
        clean "/*/*" "/*/*"
        clean "a/*/ab/ab/" "a/*/ab/ab"
        clean "ab//]/-/]/" "ab/]/-/]"
        clean "-" "-"
        clean "-/./c" "-/c"
        clean "/!/a/a/-" "/!/a/a/-"
        clean "/" "/"
        clean "/x.go/-/*/../x.go" "/x.go/-/x.go"
        clean "ab/ab/" "ab/ab"
        clean "-/*" "-/*"
        clean "/./b/x.go//]" "/b/x.go/]"
        clean "-/b" "-/b"
        clean "./a.b/-/ab" "a.b/-/ab"
        clean "c/]/]/x.go" "c/]/]/x.go"
        clean "*/ab/b" "*/ab/b"
        clean "!/-/b" "!/-/b"
        clean "a/ab/./]/c" "a/ab/]/c"
        clean "/*" "/*"
        clean "!/-/a" "!/-/a"
        clean "ab/a.b/x.go/x.go/c" "ab/a.b/x.go/x.go/c"
        clean "/-/./" "/-"
        clean "!" "!"
        clean "/x.go/*/../]/" "/x.go/]"
        clean "/ab/.." "/"
        clean "/y.go/../ab/b" "/ab/b"
        clean "!/../-" "-"
        clean "//]/c/x.go/*" "/]/c/x.go/*"
        clean "b/*/*/]/*" "b/*/*/]/*"
        clean "/*/../ab/../x.go" "/x.go"
        clean "/-/a" "/-/a"
        clean "./y.go" "y.go"
        clean "/a.b/a/." "/a.b/a"
        clean "/-/a.b" "/-/a.b"
        clean "a.b/!/../y.go/" "a.b/y.go"
        clean "/]/.//y.go/a.b" "/]/y.go/a.b"
        clean "y.go/x.go/b/!/" "y.go/x.go/b/!"
        clean "b/-/a.b/.." "b/-"
        clean "/ab/x.go/c" "/ab/x.go/c"
        clean "/y.go/-/./a.b" "/y.go/-/a.b"
        clean "/-/y.go/a/a/-/" "/-/y.go/a/a/-"
        clean "]/c" "]/c"
        clean "y.go/x.go/." "y.go/x.go"
        clean "" "."
        clean "!" "!"
        clean "." "."
        clean "/./-" "/-"
        clean "*/ab/-" "*/ab/-"
        clean "./]/x.go/a" "]/x.go/a"
        clean "/x.go/a/././-" "/x.go/a/-"
        clean "!/]/../x.go" "!/x.go"
        clean "c/!" "c/!"
        clean "//" "/"
        clean "b/" "b"
        clean "*" "*"
        clean "/!/y.go" "/!/y.go"
        clean "a/a/a.b" "a/a/a.b"
        clean "a/-/x.go/-/a" "a/-/x.go/-/a"
        clean "y.go" "y.go"
        clean "b/" "b"
        clean "//]" "/]"
        clean "/x.go//a.b/b/" "/x.go/a.b/b"
        clean "!/*/x.go/.." "!/*"
        clean "b" "b"
        clean "x.go/ab/y.go" "x.go/ab/y.go"
        clean "c/.." "."
        clean "b/../]" "]"
        clean "/c/.." "/"
        clean ".//a.b/-" "a.b/-"
        clean "]/y.go/*/*/" "]/y.go/*/*"
        clean "x.go" "x.go"
        clean "-/!/a/../y.go" "-/!/y.go"
        clean "/!" "/!"
        clean "*/]/a.b/x.go" "*/]/a.b/x.go"
        clean "a.b/y.go/./c/" "a.b/y.go/c"
        clean "/a/*/a.b" "/a/*/a.b"
        clean "/c//a.b/./!" "/c/a.b/!"
        clean "b/a" "b/a"
        clean "ab/!" "ab/!"
        clean "]/]" "]/]"
        clean "y.go/x.go/" "y.go/x.go"
        clean "/./]//a.b" "/]/a.b"
        clean "y.go/." "y.go"
        clean "/b/" "/b"
        clean "y.go/../x.go" "x.go"
        clean "]/a.b/../a.b/x.go" "]/a.b/x.go"
        clean "/!/x.go/y.go/!" "/!/x.go/y.go/!"
        clean "a/a/" "a/a"
        clean "]/a" "]/a"
        clean "ab/" "ab"
        clean "../c/a.b/b" "../c/a.b/b"
        clean "/ab/" "/ab"
        clean "x.go" "x.go"
        clean "x.go/ab/.././" "x.go"
        clean "!/a.b/]/]/.." "!/a.b/]"
        clean "../" ".."
        clean "*/c" "*/c"
        clean "/-" "/-"
        clean "/x.go" "/x.go"
        clean ".." ".."
        clean "/*/ab/-" "/*/ab/-"
        clean "]/" "]"
        clean "-/c//.." "-"
        clean "-/b//./]/" "-/b/]"
        clean "!/]/-" "!/]/-"
        clean "/c/-/" "/c/-"
        clean "!/a.b/-/-/*" "!/a.b/-/-/*"
        clean "/x.go/*/a/ab/-" "/x.go/*/a/ab/-"
        clean "*/x.go" "*/x.go"
        clean "/." "/"
        clean "../y.go" "../y.go"
        clean "!/*/-/./" "!/*/-"
        clean "]/.//b" "]/b"
        clean "./c/" "c"
        clean "/a.b/-/b" "/a.b/-/b"
        clean "!/-/x.go" "!/-/x.go"
        clean "*/*/" "*/*"
        clean "*" "*"
        clean "/a" "/a"
        clean "./x.go/]/" "x.go/]"
        clean "/../!" "/!"
        clean "/a.b/" "/a.b"
        clean "x.go/a.b/!" "x.go/a.b/!"
        clean "/a.b/*" "/a.b/*"
        clean "/a/" "/a"
        clean "/c/a.b/" "/c/a.b"
        clean "/]/" "/]"
        clean "y.go/ab" "y.go/ab"
        clean "/a.b" "/a.b"
        clean "/x.go/b/]/a/./" "/x.go/b/]/a"
        clean "x.go/a/a/c/!" "x.go/a/a/c/!"
        clean "/y.go" "/y.go"
        clean "/.." "/"
        clean "a/x.go/x.go/]/" "a/x.go/x.go/]"
        clean "y.go/" "y.go"
        clean "c/]/" "c/]"
        clean "a.b/x.go/a.b/*" "a.b/x.go/a.b/*"
        clean "/!" "/!"
        clean "/.//a" "/a"
        clean "../ab" "../ab"
        clean "x.go" "x.go"
        clean "/a.b/b/]" "/a.b/b/]"
        clean "*/!/a" "*/!/a"
        clean "/." "/"
        clean "-/" "-"
        clean "/.." "/"
        clean "/x.go/*/!/!" "/x.go/*/!/!"
        clean "y.go/*" "y.go/*"
        clean "a" "a"
        clean "/../y.go/./" "/y.go"
        clean "/b//../a.b" "/a.b"
        clean "../a.b/-/y.go" "../a.b/-/y.go"
        clean "//y.go/]" "/y.go/]"
        clean "/-" "/-"
        clean "x.go/*/ab/c/" "x.go/*/ab/c"
        clean "b/a.b/a.b/x.go/ab" "b/a.b/a.b/x.go/ab"
        clean "/" "/"
        clean "*//b/" "*/b"
        clean "!/y.go/" "!/y.go"
        clean "c" "c"
        clean ".//." "."
        clean "/a/*" "/a/*"
        clean "/a/" "/a"
        clean "/b/ab/a.b//*" "/b/ab/a.b/*"
        clean "b/c" "b/c"
        clean "/a/-/.." "/a"
        clean "y.go/../." "."
        clean "-/!/-/../y.go" "-/!/y.go"
        clean "x.go/c" "x.go/c"
        clean "*/-/../!/" "*/!"
        clean "x.go/*/../a/x.go" "x.go/a/x.go"
        clean "b/ab/" "b/ab"
        clean "/ab/../" "/"
        clean "y.go" "y.go"
        clean "*/*/./y.go/c" "*/*/y.go/c"
        clean "b/." "b"
        clean "-" "-"
        clean "/c/a/ab/-//" "/c/a/ab/-"
        clean "././../" ".."
        clean "c/a.b" "c/a.b"
        clean "/a" "/a"
        clean "/c/*/!/../a.b" "/c/*/a.b"
        clean "x.go/-/b/]/" "x.go/-/b/]"
        clean "ab/-/x.go/c" "ab/-/x.go/c"
        clean "-/c/.." "-"
        clean "a" "a"
        clean "a.b/!/]/../" "a.b/!"
        clean "//*/a.b/" "/*/a.b"
        clean "/y.go" "/y.go"
        clean "/../]/ab/a.b/." "/]/ab/a.b"
        clean "]/x.go" "]/x.go"
        clean "a.b/./" "a.b"
        clean "-/a.b/./c/ab" "-/a.b/c/ab"
        clean "!//ab" "!/ab"
        clean "]/../" "."
        clean "/c/a.b/" "/c/a.b"
        clean "ab/*/!/./y.go" "ab/*/!/y.go"
        clean "!/y.go/*/a.b" "!/y.go/*/a.b"
        clean "]/a.b/b" "]/a.b/b"
        clean "y.go" "y.go"
        clean "ab/b/!" "ab/b/!"
        clean "-/" "-"
        clean "c/]//y.go/y.go/" "c/]/y.go/y.go"
        clean "!/a.b" "!/a.b"
        clean "./!/a" "!/a"
        clean "*/]/x.go/c" "*/]/x.go/c"
        clean "../../c" "../../c"
        clean "y.go/x.go/b/x.go/-" "y.go/x.go/b/x.go/-"
        clean "/ab/y.go/../x.go/a.b" "/ab/x.go/a.b"
        clean "-" "-"
        clean "-" "-"
        clean "/b/a" "/b/a"
        clean "b/./a/b/*" "b/a/b/*"
        clean "/a.b//-/*" "/a.b/-/*"
        clean "c/!/!" "c/!/!"
        clean "/b/!/b" "/b/!/b"
        clean "]/x.go/-/]" "]/x.go/-/]"
        clean "y.go/." "y.go"
        clean "/a/y.go/*/" "/a/y.go/*"
        clean "b/./a.b/a.b" "b/a.b/a.b"
        clean "../b/a.b/!" "../b/a.b/!"
        clean "/b/" "/b"
        clean "*/../ab/]" "ab/]"
        clean "]" "]"
        clean "a/]/]/y.go" "a/]/]/y.go"
        clean "./b/c" "b/c"
        clean "/..//.//y.go/" "/y.go"
        clean "/" "/"
        clean "/*" "/*"
        clean "*/" "*"
        clean "y.go/!/a/-/y.go" "y.go/!/a/-/y.go"
        clean "ab/c/a" "ab/c/a"
        clean "a/c/y.go" "a/c/y.go"
        clean "ab/ab" "ab/ab"
        clean "-/c/./y.go/*" "-/c/y.go/*"
        clean "b/../" "."
        clean "/b/!/*/y.go/a" "/b/!/*/y.go/a"
        clean "../*/." "../*"
        clean "b/-/a" "b/-/a"
        clean "*/" "*"
        clean "/*/!/!/a/-" "/*/!/!/a/-"
        clean "//b/!/c/!" "/b/!/c/!"
        clean "a" "a"
        clean "./ab" "ab"
        clean "." "."
        clean "/ab/]/ab/" "/ab/]/ab"
        clean "!/*/b/." "!/*/b"
        clean "-/c" "-/c"
        clean "/../x.go/]/x.go/y.go" "/x.go/]/x.go/y.go"
        clean "x.go" "x.go"
        clean "*/*/x.go/" "*/*/x.go"
        clean "*" "*"
        clean "/a.b/a.b/ab" "/a.b/a.b/ab"
        clean "!/../a/!/!" "a/!/!"
        clean "x.go/x.go/x.go/" "x.go/x.go/x.go"
        clean "x.go/y.go//]" "x.go/y.go/]"
        clean "!/../b/!/" "b/!"
        clean "b/a/c/x.go" "b/a/c/x.go"
        clean "]/../ab" "ab"
        clean "/./]/b/*/-" "/]/b/*/-"
        clean "../" ".."
        clean "/a/x.go/]" "/a/x.go/]"
        clean "/a.b/../*/a.b" "/*/a.b"
        clean "c/-/" "c/-"
        clean "/..//b/.." "/"
        clean "/./]" "/]"
        clean "/b//ab/x.go" "/b/ab/x.go"
        clean "ab/b/a/" "ab/b/a"
        clean "/c//x.go" "/c/x.go"
        clean ".." ".."
        clean "/c/y.go" "/c/y.go"
        clean "!//b/./*" "!/b/*"
        clean "/ab" "/ab"
        clean "/!/y.go/x.go/b" "/!/y.go/x.go/b"
        clean "x.go/." "x.go"
        clean "/../" "/"
        clean "/a.b//x.go/." "/a.b/x.go"
        clean "x.go/-/./y.go/a.b" "x.go/-/y.go/a.b"
        clean "a/]/./b/a" "a/]/b/a"
        clean "/b/./!/" "/b/!"
        clean "ab/ab/ab/../x.go" "ab/ab/x.go"
        clean "/ab///ab/*/" "/ab/ab/*"
        clean "../b/ab" "../b/ab"
        clean "!/c/x.go" "!/c/x.go"
        clean "/b/]/!/a.b" "/b/]/!/a.b"
        clean "//]" "/]"
        clean "/a.b/c/a/.." "/a.b/c"
        clean "/a.b/]" "/a.b/]"
        clean "/y.go/." "/y.go"
        clean "/b/c/" "/b/c"
        clean "" "."
        clean "c/a/" "c/a"
        clean "b/]/]/-/b" "b/]/]/-/b"
        clean "-/-/a.b/*/]" "-/-/a.b/*/]"
        clean "." "."
        clean "c/a.b/a.b/" "c/a.b/a.b"
        clean "/a/!/*/!/" "/a/!/*/!"
        clean "/../]/" "/]"
        clean "*/!/a" "*/!/a"
        clean "a.b/" "a.b"
        clean "x.go/*/" "x.go/*"
        clean "c/x.go/ab/y.go/*/" "c/x.go/ab/y.go/*"
        clean "/..//b/y.go/y.go" "/b/y.go/y.go"
        clean "/b/./" "/b"
        clean "./b/x.go" "b/x.go"
        clean "/..//]/y.go/" "/]/y.go"
        clean "/a/b/y.go/a" "/a/b/y.go/a"
        clean "!/c" "!/c"
        clean "/a//a.b/-" "/a/a.b/-"
        clean "b/ab/x.go/a.b/" "b/ab/x.go/a.b"
        clean "b/../c/c" "c/c"
        clean "/]" "/]"
        clean "a.b/-/a.b/ab" "a.b/-/a.b/ab"
        clean "/a.b/../b/../c" "/c"
        clean "ab/a.b/*" "ab/a.b/*"
        clean "!/]/!/" "!/]/!"
        clean "/*/a/a.b/x.go/" "/*/a/a.b/x.go"
        clean "/ab/!//y.go/" "/ab/!/y.go"
        clean "./-/" "-"
        clean "y.go/x.go/b/a/a.b/" "y.go/x.go/b/a/a.b"
        clean "-/*/y.go/x.go" "-/*/y.go/x.go"
        clean "./y.go" "y.go"
        clean "*/!/*" "*/!/*"
        clean "/a/y.go/!/" "/a/y.go/!"
        clean "a/../-/-/" "-/-"
        clean "/ab/../a/a/a" "/a/a/a"
        clean "x.go/../x.go/" "x.go"
        clean "/*" "/*"
        clean "./y.go/!" "y.go/!"
        clean "-" "-"
        clean "x.go/a/a.b//a.b" "x.go/a/a.b/a.b"
        clean "b/..//a/.." "."
        clean "/!" "/!"
        clean "!/c/" "!/c"
        clean "/.././" "/"
        clean "/./y.go/" "/y.go"
        clean "./.." ".."
        clean "a/!/c/]" "a/!/c/]"
        clean "x.go/]/c/x.go/" "x.go/]/c/x.go"
        clean "/a/-/../c" "/a/c"
        clean "a" "a"
        clean "*/]/../y.go" "*/y.go"
        clean "ab/b/!/" "ab/b/!"
        clean "x.go/x.go/" "x.go/x.go"
        clean "/-/" "/-"
        clean "/!/a.b/a.b/b/." "/!/a.b/a.b/b"
        clean "./*//-/ab" "*/-/ab"
        clean "./a/y.go" "a/y.go"
        clean "/c/a/b" "/c/a/b"
        clean "/c/a" "/c/a"
        clean "!/.//a/!" "!/a/!"
        clean "]/c/b/x.go/!" "]/c/b/x.go/!"
        clean "../]/!/b" "../]/!/b"
        clean "../a" "../a"
        clean "/a//y.go" "/a/y.go"
        clean "c/c/b" "c/c/b"
        clean "/c/../*/b/a/" "/*/b/a"
        clean "../]/!/*/-" "../]/!/*/-"
        clean "c" "c"
        clean "/../../c/a.b/.." "/c"
        clean "/c/y.go/a.b/!/]" "/c/y.go/a.b/!/]"
        clean "ab/c/./-" "ab/c/-"
        clean "b/" "b"
        clean "b" "b"
        clean "/]/]" "/]/]"
        clean "a/a.b/" "a/a.b"
        clean "/./b/../-/ab" "/-/ab"
        clean "ab" "ab"
        clean "/-/y.go/../b" "/-/b"
        clean "*/a.b" "*/a.b"
        clean "*" "*"
        clean "/!/x.go" "/!/x.go"
        clean "b/a.b/ab" "b/a.b/ab"
        clean "y.go/b/x.go/*" "y.go/b/x.go/*"
        clean "/../x.go/ab/]" "/x.go/ab/]"
        clean "!/*/*/-/c" "!/*/*/-/c"
        clean "/a.b/y.go/c/]//" "/a.b/y.go/c/]"
        clean "b/c/./" "b/c"
        clean "a" "a"
        clean "*/y.go/" "*/y.go"
        clean "]/a/]" "]/a/]"
        clean "b/-/-/*/a" "b/-/-/*/a"
        clean "c/!/-/" "c/!/-"
        clean "/y.go/./../a" "/a"
        clean "/*/]/ab/ab" "/*/]/ab/ab"
        clean "]/]/a.b" "]/]/a.b"
        clean "c/../y.go/*" "y.go/*"
        clean "ab/*/!" "ab/*/!"
        clean "!/a.b" "!/a.b"
        clean ".././y.go" "../y.go"
        clean "*/-/*" "*/-/*"
        clean "y.go/!/!/a.b" "y.go/!/!/a.b"
        clean "x.go/a//././" "x.go/a"
        clean "-///!/." "-/!"
        clean "./-/.." "."
        clean "/a.b/c//*/" "/a.b/c/*"
        clean "*/a/-/" "*/a/-"
        clean "/.." "/"
        clean "." "."
        clean "/ab/]/]/-/" "/ab/]/]/-"
        clean "/y.go/b/" "/y.go/b"
        clean "/a.b/y.go/y.go/x.go/../" "/a.b/y.go/y.go"
        clean "-/!/-/!/" "-/!/-/!"
        clean "../x.go/./!" "../x.go/!"
        clean "a.b/" "a.b"
        clean "y.go/./b/" "y.go/b"
        clean "..//c//a.b" "../c/a.b"
        clean "-/y.go/ab" "-/y.go/ab"
        clean "/a/*/!/!/" "/a/*/!/!"
        clean "*/" "*"
        clean "a.b" "a.b"
        clean "a/!/./" "a/!"
        clean "]/!/a.b/-/a" "]/!/a.b/-/a"
        clean "/a/./*" "/a/*"
        clean "." "."
        clean "/]//./a.b/ab" "/]/a.b/ab"
        clean "../*" "../*"
        clean "/x.go/a" "/x.go/a"
        clean "/y.go/c/y.go/*" "/y.go/c/y.go/*"
        clean "-/a.b/.." "-"
        clean "]/a.b/a/" "]/a.b/a"
        clean "]/../y.go/ab/" "y.go/ab"
        clean "/b/]/./" "/b/]"
        clean "ab/a.b/*" "ab/a.b/*"
        clean "b/c/-/ab//" "b/c/-/ab"
        clean "/-/.//ab/" "/-/ab"
        clean "/c/]" "/c/]"
        clean "b/-/./!/b" "b/-/!/b"
        clean "./a.b/c/*/c" "a.b/c/*/c"
        clean "/!/../." "/"
        clean "b/a" "b/a"
        clean "/y.go" "/y.go"
        clean "!" "!"
        clean "b/b/ab/!/" "b/b/ab/!"
        clean "ab/./y.go" "ab/y.go"
        clean "/c" "/c"
        clean "-/!" "-/!"
        clean "/./x.go/y.go/" "/x.go/y.go"
        clean "./." "."
        clean "/!/b/!/a/" "/!/b/!/a"
        clean "-/a/./." "-/a"
        clean "!/ab/.." "!"
        clean "!/" "!"
        clean "/]/" "/]"
        clean "./x.go/b" "x.go/b"
        clean "a.b" "a.b"
        clean "/a.b/.." "/"
        clean "/../b" "/b"
        clean "/-/]/a.b" "/-/]/a.b"
        clean "/]/c/../a.b" "/]/a.b"
        clean "y.go/../c/c/" "c/c"
        clean "./a.b" "a.b"
        clean "x.go/../x.go" "x.go"
        clean "ab/" "ab"
        clean "/-/" "/-"
        clean "./.." ".."
        clean "/.." "/"
        clean "-/ab/ab/y.go/" "-/ab/ab/y.go"
        clean "b/*/x.go/a.b/!" "b/*/x.go/a.b/!"
        clean "*/ab/a.b/-/]" "*/ab/a.b/-/]"
        clean "a.b/]/]/" "a.b/]/]"
        clean "c" "c"
        clean "/b/c/./y.go" "/b/c/y.go"
        clean "././.." ".."
        clean "/../!/.." "/"
        clean "/y.go/]/x.go/-/a.b/" "/y.go/]/x.go/-/a.b"
        clean "b/a/a.b/./*" "b/a/a.b/*"
        clean "a/" "a"
        clean "/b/ab/a/./*" "/b/ab/a/*"
        clean "/a/a.b" "/a/a.b"
        clean "/*/../b/y.go/" "/b/y.go"
        clean "/../a/*/" "/a/*"
        clean "b/a.b/!/y.go" "b/a.b/!/y.go"
        clean "-" "-"
        clean "/]/a/x.go/a.b/a" "/]/a/x.go/a.b/a"
        clean "/]/.." "/"
        clean "ab" "ab"
        clean "./*/./!/c" "*/!/c"
        clean "a/./c/a/a.b" "a/c/a/a.b"
        clean "!" "!"
        clean "/]/c/a" "/]/c/a"
        clean "b//./x.go" "b/x.go"
        clean "a/./b/a.b/*" "a/b/a.b/*"
        clean "-" "-"
        clean "/a.b/a/a/" "/a.b/a/a"
        clean "../c/../*/]" "../*/]"
        clean "ab/./y.go" "ab/y.go"
        clean "*" "*"
        clean "..//" ".."
        clean "/b/y.go/c" "/b/y.go/c"
        clean "-" "-"
        clean ".//a" "a"
        clean "././x.go/]" "x.go/]"
        clean "/c/-" "/c/-"
        clean "-" "-"
        clean "x.go/]/./!/a" "x.go/]/!/a"
        clean "/*/!/y.go" "/*/!/y.go"
        clean "/*/x.go/y.go/../c" "/*/x.go/c"
        clean "]/.." "."
        clean "./a.b" "a.b"
        clean "ab/]/b/../b" "ab/]/b"
        clean "ab/y.go/." "ab/y.go"
        clean "/*/*/a" "/*/*/a"
        clean "y.go/." "y.go"
        clean "../ab/!/]" "../ab/!/]"
        clean "a.b/" "a.b"
        clean "/x.go/" "/x.go"
        clean "a.b" "a.b"
        clean "/./" "/"
        clean "y.go/]/y.go/" "y.go/]/y.go"
        clean "b/" "b"
        clean "/./x.go/ab" "/x.go/ab"
        clean "*/-/" "*/-"
        clean "a/a/./c" "a/a/c"
        clean "!/-" "!/-"
        clean "ab/y.go/!//" "ab/y.go/!"
        clean "/c/b/../a.b/a/" "/c/a.b/a"
        clean "../]/x.go/*/c" "../]/x.go/*/c"
        clean "/y.go" "/y.go"
        clean "./-/./!" "-/!"
        clean "-" "-"
        clean "ab/a.b/!/-/x.go/" "ab/a.b/!/-/x.go"
        clean "/]/a/./a.b/" "/]/a/a.b"
        clean "/*/y.go/x.go/../]/" "/*/y.go/]"
        clean "./-/../" "."
        clean "b/y.go/c/]/ab" "b/y.go/c/]/ab"
        clean "/a.b/../!/./../" "/"
        clean "/-/a/a.b" "/-/a/a.b"
        clean "-" "-"
        clean "y.go/x.go/" "y.go/x.go"
        clean "a" "a"
        clean "ab" "ab"
        clean "./" "."
        clean "/../..//." "/"
        clean "." "."
        clean "c/!/a.b/y.go" "c/!/a.b/y.go"
        clean "/a" "/a"
        clean "x.go/*/]/!//" "x.go/*/]/!"
        clean "/y.go//!/../x.go" "/y.go/x.go"
        clean "/!/.." "/"
        clean "/a.b" "/a.b"
        clean "./!/]/!/a.b" "!/]/!/a.b"
        clean "./" "."
        clean "x.go/" "x.go"
        clean "/!/../!/a" "/!/a"
        clean "]" "]"
        clean "a/*" "a/*"
        clean "/ab//c" "/ab/c"
        clean "ab/c/c/" "ab/c/c"
        clean "/*" "/*"
        clean "/]//a" "/]/a"
        clean "./*/a.b/../" "*"
        clean "-/]" "-/]"
        clean "/a.b/!/b/!/" "/a.b/!/b/!"
        clean "ab/*/b/b" "ab/*/b/b"
        clean "-" "-"
        clean "*/ab/y.go/y.go/" "*/ab/y.go/y.go"
        clean "/-" "/-"
        clean "../a.b/]/!/c" "../a.b/]/!/c"
        clean "a/a/y.go/" "a/a/y.go"
        clean "/!/a.b/*" "/!/a.b/*"
        clean "/././.." "/"
        clean "/y.go/a.b" "/y.go/a.b"
        clean "/!" "/!"
        clean "y.go/-/b" "y.go/-/b"
        clean "*/a/x.go" "*/a/x.go"
        clean "c/ab//" "c/ab"
        clean "*" "*"
        clean "y.go/x.go/a.b//" "y.go/x.go/a.b"
        clean "/y.go/x.go/" "/y.go/x.go"
        clean "/y.go/" "/y.go"
        clean "/a.b/../ab/a/" "/ab/a"
        clean "!/a.b/." "!/a.b"
        clean "a.b/!" "a.b/!"
        clean "*" "*"
        clean "b/a.b" "b/a.b"
        clean "/../a.b/y.go/" "/a.b/y.go"
        clean "../]//a/." "../]/a"
        clean "!/./!/y.go" "!/!/y.go"
        clean "ab/./a/" "ab/a"
        clean "/x.go/c" "/x.go/c"
        clean "/y.go/x.go" "/y.go/x.go"
        clean "/x.go" "/x.go"
        clean "]/ab/c/./]" "]/ab/c/]"
        clean "*/-/b" "*/-/b"
        clean "" "."
        clean "a/ab" "a/ab"
        clean "c/c/y.go" "c/c/y.go"
        clean "/ab" "/ab"
        clean "a.b/]/b" "a.b/]/b"
        clean "*/*//" "*/*"
        clean "/c/a.b" "/c/a.b"
        clean "//!/" "/!"
        clean "!/!/c/!/" "!/!/c/!"
        clean "./*/y.go" "*/y.go"
        clean "a.b/." "a.b"
        clean "ab" "ab"
        clean "/b/.." "/"
        clean "/x.go" "/x.go"
        clean "]" "]"
        clean "b/" "b"
        clean "y.go/" "y.go"
        clean "*/*/" "*/*"
        clean "/./" "/"
        clean "*/../a.b/ab" "a.b/ab"
        clean "/ab/y.go/-/" "/ab/y.go/-"
        clean "x.go/b/b/*" "x.go/b/b/*"
        clean "x.go/a/c/]" "x.go/a/c/]"
        clean "/ab/" "/ab"
        clean "a.b/ab/*/*" "a.b/ab/*/*"
        clean "/ab/*" "/ab/*"
        clean "a.b/!/y.go/-/a.b" "a.b/!/y.go/-/a.b"
        clean "]//y.go/./a.b/" "]/y.go/a.b"
        clean "a.b/!/a.b/c/y.go" "a.b/!/a.b/c/y.go"
        clean "a/a/ab" "a/a/ab"
        clean "ab/ab" "ab/ab"
        clean "a.b/-" "a.b/-"
        clean "a.b/a.b/]/x.go/ab" "a.b/a.b/]/x.go/ab"
        clean "/!/a.b/a" "/!/a.b/a"
        clean "-/y.go/c" "-/y.go/c"
        clean "/ab/" "/ab"
        clean "a.b/y.go" "a.b/y.go"
        clean "a.b/../b//-" "b/-"
        clean "a.b" "a.b"
        clean "/]/*/a/" "/]/*/a"
        clean "b" "b"
        clean "/../b" "/b"
        clean "/../" "/"
        clean "/!//b/c" "/!/b/c"
        clean "/!/../a/a.b" "/a/a.b"
        clean "a.b/*/]/x.go" "a.b/*/]/x.go"
        clean "./a.b" "a.b"
        clean "/]/b/c/.." "/]/b"
        clean "x.go/x.go/b/c/" "x.go/x.go/b/c"
        clean "/a/a.b" "/a/a.b"
        clean "ab/" "ab"
        clean "/-/a/y.go" "/-/a/y.go"
        clean "/a.b/./" "/a.b"
        clean "ab/y.go" "ab/y.go"
        clean "/y.go" "/y.go"
        clean "y.go/../-/!/ab/" "-/!/ab"
        clean "b/a/a.b/../y.go/" "b/a/y.go"
        clean "/a/!" "/a/!"
        clean "/-/./c/y.go/" "/-/c/y.go"
        clean "/!/-/!" "/!/-/!"
        clean ".//a.b/" "a.b"
        clean "/../-" "/-"
        clean "./-/./a.b" "-/a.b"
        clean "ab/c" "ab/c"
        clean "]" "]"
        clean "/]" "/]"
        clean "a" "a"
        clean "]" "]"
        clean "x.go" "x.go"
        clean "]" "]"
        clean "y.go/a/-/*/ab/" "y.go/a/-/*/ab"
        clean "" "."
        clean "/]" "/]"
        clean "/a/*/./ab/." "/a/*/ab"
        clean "!/c" "!/c"
        clean "/a.b/y.go/-/*" "/a.b/y.go/-/*"
        clean "/c/x.go" "/c/x.go"
        clean "-/./a/-/" "-/a/-"
        clean "/*/b/./y.go" "/*/b/y.go"
        clean "/ab/ab/../x.go" "/ab/x.go"
        clean "!/*//a.b/" "!/*/a.b"
        clean "b/.." "."
        clean "c/ab/*" "c/ab/*"
        clean "!/x.go/b" "!/x.go/b"
        clean "/a.b/ab/b" "/a.b/ab/b"
        clean "a/y.go/c/c" "a/y.go/c/c"
        clean "ab" "ab"
        clean "!" "!"
        clean "-/c/c/../" "-/c"
        clean "/]/]/-" "/]/]/-"
        clean "/ab/c/ab/" "/ab/c/ab"
        clean "..//." ".."
        clean "/]" "/]"
        clean "/!/y.go/." "/!/y.go"
        clean "b/./*/.." "b"
        clean "/b/a/y.go" "/b/a/y.go"
        clean "c/a.b/./a/.." "c/a.b"
        clean "x.go/a" "x.go/a"
        clean "//a" "/a"
        clean "/a/x.go/-//" "/a/x.go/-"
        clean "*/y.go/" "*/y.go"
        clean "b/./." "b"
        clean "a.b/." "a.b"
        clean "/*/!" "/*/!"
        clean "/]/*/y.go/" "/]/*/y.go"
        clean "/a/x.go/b/!/" "/a/x.go/b/!"
        clean "/./!/!/x.go/*" "/!/!/x.go/*"
        clean "a" "a"
        clean "x.go/x.go/c" "x.go/x.go/c"
        clean "/*/!/c/a/./" "/*/!/c/a"
        clean "*/x.go/x.go/a.b//" "*/x.go/x.go/a.b"
        clean "/./../.." "/"
        clean "/a/c/!/!/" "/a/c/!/!"
        clean "/!/b/x.go/" "/!/b/x.go"
        clean "/ab/-/b/ab/a.b" "/ab/-/b/ab/a.b"
        clean "b/./-/y.go" "b/-/y.go"
        clean "../*/b/ab" "../*/b/ab"
        clean "a.b//./a/" "a.b/a"
        clean "!/*" "!/*"
        clean "/!/a" "/!/a"
        clean "y.go/." "y.go"
        clean "*/*/../]" "*/]"
        clean "*/" "*"
        clean "y.go/x.go/c/*" "y.go/x.go/c/*"
        clean "b/" "b"
        clean "/c/]/.." "/c"
        clean "/../b/a.b/-" "/b/a.b/-"
        clean "/!" "/!"
        clean "b/y.go/a/x.go//" "b/y.go/a/x.go"
        clean "./ab/c/b/b" "ab/c/b/b"
        clean "a/." "a"
        clean "-/ab/*/c/-" "-/ab/*/c/-"
        clean "-" "-"
        clean "a/x.go/c/" "a/x.go/c"
        clean "/y.go//!/-" "/y.go/!/-"
        clean "-/!/" "-/!"
        clean "-/../c/" "c"
        clean "x.go/!/]" "x.go/!/]"
        clean "/ab/!/y.go/a" "/ab/!/y.go/a"
        clean "]//b/*/" "]/b/*"
        clean "/c//c" "/c/c"
        clean "!/-" "!/-"
        clean "!/../" "."
        clean "/." "/"
        clean "*/a.b/" "*/a.b"
        clean "a" "a"
        clean "/a.b/]/b/]/" "/a.b/]/b/]"
        clean "a.b/!//./" "a.b/!"
        clean "!" "!"
        clean "b/c/./*/b" "b/c/*/b"
        clean "/../" "/"
        clean "//..//" "/"
        clean "a.b/a.b" "a.b/a.b"
        clean "!/*/" "!/*"
        clean "/a.b/c/b/" "/a.b/c/b"
        clean "x.go/]/./x.go/.." "x.go/]"
        clean "-/a.b/b/.." "-/a.b"
        clean "a/.." "."
        clean "/y.go" "/y.go"
        clean "a" "a"
        clean "/*//./b" "/*/b"
        clean "./x.go//" "x.go"
        clean "/y.go/-" "/y.go/-"
        clean "!/../-/ab/" "-/ab"
        clean "]/c/-/a/." "]/c/-/a"
        clean "/]/./" "/]"
        clean "x.go/ab/ab/!" "x.go/ab/ab/!"
        clean "c/y.go/.//." "c/y.go"
        clean "../ab/a.b/../.." ".."
        clean "./]/*/." "]/*"
        clean "/y.go/.." "/"
        clean "/../]/../" "/"
        clean "]/]/]/" "]/]/]"
        clean "./" "."
        clean "a/.." "."
        clean "/x.go/" "/x.go"
        clean "a.b" "a.b"
        clean "/y.go/y.go//a.b/." "/y.go/y.go/a.b"
        clean "y.go" "y.go"
        clean "/x.go/-" "/x.go/-"
        clean "/." "/"
        clean "./." "."
        clean "/../ab/ab/]/" "/ab/ab/]"
        clean "/." "/"
        clean "!/]/./!" "!/]/!"
        clean "a.b/ab" "a.b/ab"
        clean "../a.b/-/./a.b/" "../a.b/-/a.b"
        clean "ab/!/c" "ab/!/c"
        clean "a/c/x.go/a/" "a/c/x.go/a"
        clean "*/ab//./.." "*"
        clean "/x.go/../!/." "/!"
        clean "a.b/y.go/!/-" "a.b/y.go/!/-"
        clean "!/b" "!/b"
        clean "ab/x.go//!" "ab/x.go/!"
        clean "//y.go" "/y.go"
        clean "/x.go/]/a/" "/x.go/]/a"
        clean "/-/]/" "/-/]"
        clean "/a/a.b" "/a/a.b"
        clean "a.b//-/b" "a.b/-/b"
        clean "/y.go" "/y.go"
        clean "//y.go/" "/y.go"
        clean "/-/a/" "/-/a"
        clean "/]/ab/*//.." "/]/ab"
        clean "*/a/]/c" "*/a/]/c"
        clean "ab/*/b/ab/" "ab/*/b/ab"
        clean "/y.go" "/y.go"
        clean "/y.go" "/y.go"
        clean "ab/b" "ab/b"
        clean "/x.go/*/!/c/-" "/x.go/*/!/c/-"
        clean "/*/a.b/c/-/" "/*/a.b/c/-"
        clean "/.././]" "/]"
        clean "a.b" "a.b"
        clean "]/" "]"
        clean "/ab//c/y.go/.." "/ab/c"
        clean "/-/a.b/!" "/-/a.b/!"
        clean "/]/*" "/]/*"
        clean "!/-" "!/-"
        clean "]/b/" "]/b"
        clean "/ab/a/]/c" "/ab/a/]/c"
        clean "../y.go/a.b/!/../" "../y.go/a.b"
        clean "/-/ab/]/*/!" "/-/ab/]/*/!"
        clean "/x.go/!/a.b/a" "/x.go/!/a.b/a"
        clean "a.b/" "a.b"
        clean "/." "/"
        clean "*/a.b/.." "*"
        clean "!/a.b/a" "!/a.b/a"
        clean "/." "/"
        clean "a.b" "a.b"
        clean "/a/]/c/-" "/a/]/c/-"
        clean "/-/a.b/]/!/.." "/-/a.b/]"
        clean "/ab/c" "/ab/c"
        clean "/x.go/c/" "/x.go/c"
        clean "y.go//-" "y.go/-"
        clean "]/ab" "]/ab"
        clean "!/a/" "!/a"
        clean "ab/ab/a.b/../a" "ab/ab/a"
        clean "/*/a.b" "/*/a.b"
        clean "-/c/" "-/c"
        clean "ab/x.go/c/]/x.go" "ab/x.go/c/]/x.go"
        clean "/!/!" "/!/!"
        clean "*/a.b/y.go/!/c" "*/a.b/y.go/!/c"
        clean "/x.go/./]/a/!" "/x.go/]/a/!"
        clean "x.go/ab/]/c/-" "x.go/ab/]/c/-"
        clean "b/../x.go/!/!" "x.go/!/!"
        clean "../y.go" "../y.go"
        clean "]/../*/*/-/" "*/*/-"
        clean "ab/a/!/.." "ab/a"
        clean "a.b/ab/!/c/a.b" "a.b/ab/!/c/a.b"
        clean "ab/c/../../a.b" "a.b"
        clean "../*" "../*"
        clean "]" "]"
        clean "./-" "-"
        clean "*/*/]/a" "*/*/]/a"
        """#
}
