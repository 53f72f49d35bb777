/// A readable diff between two revisions of a (Markdown) text, for showing editors what changed.
///
/// Lines are compared as Swift `String`s, so canonically equivalent text (for example Vietnamese
/// written in precomposed NFC or decomposed NFD form) counts as unchanged. The edit script is
/// minimal (Myers' O((N+M)D) algorithm in linear space, after trimming the common prefix and suffix
/// and setting aside lines that occur in only one of the two texts). Within a changed stretch, every
/// removed line is listed before the added lines.
public enum LineDiff {
    public enum Change: Equatable, Sendable {
        /// Unchanged; carries the text as it appears in the new revision.
        case same(String)
        case added(String)
        case removed(String)
    }

    /// A group of changes with up to `context` unchanged lines around them.
    public struct Hunk: Equatable, Sendable {
        /// 1-based number of the old text's line where the hunk starts. When the hunk has no old lines
        /// (pure insertion), the number of the old line the insertion comes before (old line count + 1 at the end).
        public var oldStart: Int
        /// 1-based number of the new text's line where the hunk starts (same convention as `oldStart`).
        public var newStart: Int
        public var changes: [Change]

        public init(oldStart: Int, newStart: Int, changes: [Change]) {
            self.oldStart = oldStart
            self.newStart = newStart
            self.changes = changes
        }

        /// Number of old-text lines the hunk covers (unchanged plus removed).
        public var oldCount: Int {
            changes.reduce(0) { count, change in
                if case .added = change { return count }
                return count + 1
            }
        }

        /// Number of new-text lines the hunk covers (unchanged plus added).
        public var newCount: Int {
            changes.reduce(0) { count, change in
                if case .removed = change { return count }
                return count + 1
            }
        }
    }

    /// Line-based diff. Lines are split on "\n" ("\r\n" counts as "\n"); a final line break does not
    /// start an extra empty line, and an empty text has no lines.
    public static func diff(_ old: String, _ new: String) -> [Change] {
        editScript(lines(of: old), lines(of: new))
    }

    /// The diff grouped into hunks, keeping `context` unchanged lines before and after each change and
    /// dropping the rest. Changes separated by at most `2 * context` unchanged lines share a hunk.
    /// Identical texts give no hunks.
    public static func hunks(_ old: String, _ new: String, context: Int = 3) -> [Hunk] {
        makeHunks(diff(old, new), context: max(0, context))
    }

    /// Word-level diff of one changed line pair, for highlighting. The texts are split into runs of
    /// whitespace and runs of non-whitespace (whitespace is kept as its own tokens), and each token is
    /// returned marked same, added or removed.
    public static func words(_ old: String, _ new: String) -> [Change] {
        editScript(tokens(of: old), tokens(of: new))
    }

    // MARK: - Splitting

    static func lines(of text: String) -> [String] {
        if text.isEmpty { return [] }
        let scalars = text.unicodeScalars
        var result: [String] = []
        var start = scalars.startIndex
        var index = start
        while index != scalars.endIndex {
            if scalars[index] == "\n" {
                result.append(line(scalars[start..<index]))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        if start != scalars.endIndex {
            result.append(line(scalars[start..<scalars.endIndex]))
        }
        return result
    }

    private static func line(_ scalars: Substring.UnicodeScalarView) -> String {
        var text = String(Substring(scalars))
        if text.unicodeScalars.last == "\r" {
            text.unicodeScalars.removeLast()
        }
        return text
    }

    static func tokens(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsWhitespace = false
        for character in text {
            let isWhitespace = character.isWhitespace
            if !current.isEmpty && isWhitespace != currentIsWhitespace {
                result.append(current)
                current = ""
            }
            current.append(character)
            currentIsWhitespace = isWhitespace
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    // MARK: - Edit script

    private static func editScript(_ old: [String], _ new: [String]) -> [Change] {
        // Intern the strings so the core algorithm compares integers.
        var ids: [String: Int] = [:]
        func id(of text: String) -> Int {
            if let id = ids[text] { return id }
            let id = ids.count
            ids[text] = id
            return id
        }
        let oldIDs = old.map(id(of:))
        let newIDs = new.map(id(of:))

        // Match the common prefix and suffix first, so a typical edit is shown exactly where it happened.
        var prefix = 0
        while prefix < oldIDs.count && prefix < newIDs.count && oldIDs[prefix] == newIDs[prefix] {
            prefix += 1
        }
        var suffix = 0
        while suffix < oldIDs.count - prefix && suffix < newIDs.count - prefix
            && oldIDs[oldIDs.count - 1 - suffix] == newIDs[newIDs.count - 1 - suffix]
        {
            suffix += 1
        }
        let oldMiddle = prefix..<(oldIDs.count - suffix)
        let newMiddle = prefix..<(newIDs.count - suffix)

        // In between, lines present on only one side can never be matched: leave them out of the search.
        let inOld = Set(oldIDs[oldMiddle])
        let inNew = Set(newIDs[newMiddle])
        let oldKept = oldMiddle.filter { inNew.contains(oldIDs[$0]) }
        let newKept = newMiddle.filter { inOld.contains(newIDs[$0]) }
        var search = MyersMatcher(a: oldKept.map { oldIDs[$0] }, b: newKept.map { newIDs[$0] })
        search.match(0, oldKept.count, 0, newKept.count)

        var result: [Change] = []
        result.reserveCapacity(max(old.count, new.count))
        for index in 0..<prefix {
            result.append(.same(new[index]))
        }
        var i = oldMiddle.lowerBound
        var j = newMiddle.lowerBound
        func emit(upTo oldEnd: Int, _ newEnd: Int) {
            while i < oldEnd {
                result.append(.removed(old[i]))
                i += 1
            }
            while j < newEnd {
                result.append(.added(new[j]))
                j += 1
            }
        }
        for pair in search.matches {
            let oldIndex = oldKept[pair.a]
            let newIndex = newKept[pair.b]
            emit(upTo: oldIndex, newIndex)
            result.append(.same(new[newIndex]))
            i += 1
            j += 1
        }
        emit(upTo: oldMiddle.upperBound, newMiddle.upperBound)
        for index in newMiddle.upperBound..<new.count {
            result.append(.same(new[index]))
        }
        return result
    }

    private static func makeHunks(_ changes: [Change], context: Int) -> [Hunk] {
        let changed = changes.indices.filter { index in
            if case .same = changes[index] { return false }
            return true
        }
        guard let first = changed.first else { return [] }

        // Group changed indices into ranges of `changes`.
        var ranges: [Range<Int>] = []
        var start = max(0, first - context)
        var last = first
        for index in changed.dropFirst() {
            if index - last - 1 > 2 * context {
                ranges.append(start..<min(changes.count, last + 1 + context))
                start = index - context
            }
            last = index
        }
        ranges.append(start..<min(changes.count, last + 1 + context))

        var hunks: [Hunk] = []
        hunks.reserveCapacity(ranges.count)
        var oldLine = 1
        var newLine = 1
        var position = 0
        for range in ranges {
            while position < range.lowerBound {
                advance(changes[position], &oldLine, &newLine)
                position += 1
            }
            hunks.append(Hunk(oldStart: oldLine, newStart: newLine, changes: Array(changes[range])))
        }
        return hunks
    }

    private static func advance(_ change: Change, _ oldLine: inout Int, _ newLine: inout Int) {
        switch change {
        case .same:
            oldLine += 1
            newLine += 1
        case .removed:
            oldLine += 1
        case .added:
            newLine += 1
        }
    }
}

/// Longest common subsequence of two integer sequences by Myers' linear-space algorithm
/// (divide and conquer on the middle snake), collecting the matched index pairs in order.
private struct MyersMatcher {
    struct Pair {
        var a: Int
        var b: Int
    }

    let a: [Int]
    let b: [Int]
    private(set) var matches: [Pair] = []

    init(a: [Int], b: [Int]) {
        self.a = a
        self.b = b
    }

    mutating func match(_ aStart: Int, _ aEnd: Int, _ bStart: Int, _ bEnd: Int) {
        var aLow = aStart
        var bLow = bStart
        while aLow < aEnd && bLow < bEnd && a[aLow] == b[bLow] {
            matches.append(Pair(a: aLow, b: bLow))
            aLow += 1
            bLow += 1
        }
        var suffix = 0
        while aLow < aEnd - suffix && bLow < bEnd - suffix && a[aEnd - 1 - suffix] == b[bEnd - 1 - suffix] {
            suffix += 1
        }
        let aHigh = aEnd - suffix
        let bHigh = bEnd - suffix

        if aLow < aHigh && bLow < bHigh, let split = middleSnake(aLow, aHigh, bLow, bHigh),
            split != (aLow, bLow) && split != (aHigh, bHigh)
        {
            match(aLow, split.0, bLow, split.1)
            match(split.0, aHigh, split.1, bHigh)
        }

        for offset in 0..<suffix {
            matches.append(Pair(a: aHigh + offset, b: bHigh + offset))
        }
    }

    /// A point on an optimal edit path that splits the problem into two halves (after Myers 1986, §4b).
    private func middleSnake(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) -> (Int, Int)? {
        let n = aHigh - aLow
        let m = bHigh - bLow
        let maxD = (n + m + 1) / 2
        let offset = maxD
        let size = 2 * maxD + 2
        var forward = [Int](repeating: -1, count: size)
        var backward = [Int](repeating: -1, count: size)
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let delta = n - m
        let checkWhileForward = delta % 2 != 0
        var forwardStart = 0
        var forwardEnd = 0
        var backwardStart = 0
        var backwardEnd = 0

        for d in 0..<maxD {
            var k = -d + forwardStart
            while k <= d - forwardEnd {
                let kIndex = offset + k
                var x =
                    (k == -d || (k != d && forward[kIndex - 1] < forward[kIndex + 1]))
                    ? forward[kIndex + 1] : forward[kIndex - 1] + 1
                var y = x - k
                while x < n && y < m && a[aLow + x] == b[bLow + y] {
                    x += 1
                    y += 1
                }
                forward[kIndex] = x
                if x > n {
                    forwardEnd += 2
                } else if y > m {
                    forwardStart += 2
                } else if checkWhileForward {
                    let otherIndex = offset + delta - k
                    if otherIndex >= 0 && otherIndex < size && backward[otherIndex] != -1 && x >= n - backward[otherIndex] {
                        return (aLow + x, bLow + y)
                    }
                }
                k += 2
            }

            k = -d + backwardStart
            while k <= d - backwardEnd {
                let kIndex = offset + k
                var x =
                    (k == -d || (k != d && backward[kIndex - 1] < backward[kIndex + 1]))
                    ? backward[kIndex + 1] : backward[kIndex - 1] + 1
                var y = x - k
                while x < n && y < m && a[aHigh - 1 - x] == b[bHigh - 1 - y] {
                    x += 1
                    y += 1
                }
                backward[kIndex] = x
                if x > n {
                    backwardEnd += 2
                } else if y > m {
                    backwardStart += 2
                } else if !checkWhileForward {
                    let otherIndex = offset + delta - k
                    if otherIndex >= 0 && otherIndex < size && forward[otherIndex] != -1 {
                        let forwardX = forward[otherIndex]
                        let forwardY = forwardX - (otherIndex - offset)
                        if forwardX >= n - x {
                            return (aLow + forwardX, bLow + forwardY)
                        }
                    }
                }
                k += 2
            }
        }
        return nil
    }
}
