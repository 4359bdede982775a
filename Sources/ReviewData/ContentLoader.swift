import Foundation
import ReviewModel

/// What loading a content directory gives: the dataset (valid records only) and every diagnostic.
public struct LoadResult: Sendable {
    public var dataset: Dataset
    /// Sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// Files read.
    public var fileCount: Int
    /// Valid rows of services.csv (the data set keeps the rows themselves only with its text).
    public var serviceRows: Int = 0

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A problem with the environment rather than the data: the directory or a file cannot be read.
public enum ContentError: Error, CustomStringConvertible {
    case directoryNotFound(String)
    case unreadable(String, String)
    case tooLarge(String, Int)

    public var description: String {
        switch self {
        case .directoryNotFound(let path):
            "content directory '\(path)' does not exist (give another with --content DIR)"
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        case .tooLarge(let path, let size):
            "'\(path)' is \(size / (1 << 20)) MiB; files over \(maximumFileSize >> 20) MiB (about 2.5 million cases) "
                + "are refused so as not to exhaust memory — split the history into several content directories"
        }
    }
}

/// How much of the content to keep in memory.
public struct LoadOptions: Sendable {
    /// Keep free text (names, addresses, contact details, scope, service departments). Aggregate
    /// queries turn it off: every cell is still checked, but a million cases then fit in a few hundred
    /// megabytes.
    public var retainText: Bool
    /// Decode large files in parallel chunks on every core.
    public var parallel: Bool
    /// The encoding of the CSV and Markdown files (`--encoding`); `nil`: as `encoding:` in site.conf
    /// declares, else UTF-8.
    public var encoding: ContentEncoding?

    /// Files with more bytes than this are read in chunks when `parallel` (tests lower it, to read small
    /// files the way large ones are read).
    var chunkBytes = 1 << 20

    public init(retainText: Bool = true, parallel: Bool = true, encoding: ContentEncoding? = nil) {
        self.retainText = retainText
        self.parallel = parallel
        self.encoding = encoding
    }
}

/// Reads a content directory (SPEC §3) into a `Dataset`, checking every rule and collecting every
/// problem — never first-error-wins.
///
/// Layout: `calendar.csv`; `data/cases.csv`, `data/services.csv`, `data/bodies.csv` (required),
/// `data/certificates.csv`, `data/code-exceptions.csv` (optional); `notices/*.md` and `pages/*.md`.
///
/// Stages: the small files (code exceptions, bodies, calendar); cases, in parallel chunks; services
/// and certificates at the same time, one on each core, while the cases' chunks are put together;
/// notices and pages; then the checks that join files.
public enum ContentLoader {
    /// Files of `data/` that the loader knows; any other `.csv` there is reported.
    static let dataFiles = [
        CaseColumn.fileName, ServiceColumn.fileName, BodyColumn.fileName, CertificateColumn.fileName,
        CodeExceptionColumn.fileName,
    ]

    /// Loads and validates `directory`.
    ///
    /// - Parameter directory: the content directory as the user gave it; diagnostics name files by
    ///   joining it with their place inside (`content/data/cases.csv`).
    /// - Throws: `ContentError` when the directory or a file in it cannot be read (data problems are
    ///   diagnostics, not errors).
    public static func load(at directory: String, options: LoadOptions = LoadOptions()) throws -> LoadResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw ContentError.directoryNotFound(directory) }
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        func path(_ relative: String) -> String { root + "/" + relative }

        var diagnostics: [Diagnostic] = []
        var fileCount = 0

        // The site settings first: they may declare the content's encoding.
        let (site, encoding, siteDiagnostics) = try readSiteSettings(root: root, given: options.encoding)
        if let siteDiagnostics {
            fileCount += 1
            diagnostics += siteDiagnostics
        }

        /// Reads a file; `nil` (with an error if `required`) when it does not exist. An empty optional
        /// file is read as absent, with a warning.
        func bytes(of relative: String, required: Bool) throws -> FileBytes? {
            let full = path(relative)
            guard FileManager.default.fileExists(atPath: full) else {
                if required {
                    diagnostics.append(
                        Diagnostic(
                            path: full, line: 1, column: 1, severity: .error, message: "required file is missing"))
                }
                return nil
            }
            fileCount += 1
            let data = try readFile(full)
            if data.isEmpty && !required {
                diagnostics.append(
                    Diagnostic(
                        path: full, line: 1, column: 1, severity: .warning,
                        message: "the file is empty and is read as absent; give it a header row or remove it"))
                return nil
            }
            return data
        }

        /// Decodes a CSV file in the declared encoding (see `decodeText`), collecting its diagnostics.
        func decode(
            _ data: FileBytes, _ file: String, reset: () -> Void = {}, _ body: (FileBytes, inout DiagnosticSink) -> Void
        ) -> [Diagnostic] {
            var sink = DiagnosticSink(path: file)
            decodeText(data, path: file, encoding: encoding, sink: &sink, reset: reset, body)
            return sink.report
        }

        // 1. Small files first: code exceptions (cases and certificates verify codes with them), bodies
        //    (cases check their body and its approval date), the calendar.
        var exceptionsDecoder = CodeExceptionsDecoder(file: SourceFile(path(CodeExceptionColumn.fileName)))
        if let data = try bytes(of: CodeExceptionColumn.fileName, required: false) {
            let fresh = exceptionsDecoder
            let reset = { exceptionsDecoder = fresh }
            diagnostics += decode(data, fresh.path, reset: reset) { text, sink in
                readTable(CodeExceptionColumn.self, bytes: text, sink: &sink) { exceptionsDecoder.decode($0, &$1) }
            }
        }
        let exceptions = Set(exceptionsDecoder.exceptions.map(\.code))

        var bodiesDecoder = BodiesDecoder(file: SourceFile(path(BodyColumn.fileName)))
        var bodiesReadable = false
        if let data = try bytes(of: BodyColumn.fileName, required: true) {
            let fresh = bodiesDecoder
            let reset = { bodiesDecoder = fresh }
            diagnostics += decode(data, fresh.path, reset: reset) { text, sink in
                bodiesReadable =
                    readTable(
                        BodyColumn.self, bytes: text, sink: &sink, row: { bodiesDecoder.decode($0, &$1) },
                        malformedRow: { bodiesDecoder.recover($0) }) != nil
            }
        }
        let bodies = bodiesReadable ? BodyRegistry(bodiesDecoder) : nil

        var calendarEntries: [CalendarEntry] = []
        if let data = try bytes(of: CalendarColumn.fileName, required: true) {
            let decoded = decodeCalendar(data, path: path(CalendarColumn.fileName), encoding: encoding)
            calendarEntries = decoded.entries
            diagnostics += decoded.diagnostics
        }

        // 2. Cases, in parallel chunks. Certificates need nothing from cases: they are read on another core
        //    from the moment both chunks are read (`startCertificates`), while the cases are put in place
        //    and services are read (3). The three files are opened first, in the order of the stages, so
        //    that a file that cannot be read stops the load before anything runs in the background (and
        //    the first such file is the one named). Mapping a file costs no memory until it is read.
        var casesData = try bytes(of: CaseColumn.fileName, required: true)
        let servicesData = try bytes(of: ServiceColumn.fileName, required: true)
        let certificatesData = try bytes(of: CertificateColumn.fileName, required: false)
        /// A decoder with nothing read yet. Each read starts from a new one (so a rerun in another encoding
        /// needs no reset), made where it is used: a copy kept to start from would share the tables, and
        /// the first row would then copy them whole.
        func newCertificatesDecoder(expectedRows: Int = 1024) -> CertificatesDecoder {
            CertificatesDecoder(
                path: path(CertificateColumn.fileName), exceptions: exceptions, retainText: options.retainText,
                bodies: bodies, expectedRows: expectedRows)
        }
        var certificatesDecoder = newCertificatesDecoder()
        var certificates: Background<[Diagnostic]>?
        /// Starts reading certificates.csv on another core, once, giving back the pages of `done` (a file
        /// read) first: that core is the one with time to spare.
        func startCertificates(givingBack done: FileBytes? = nil) {
            guard certificates == nil else { return }
            certificates = Background {
                done?.dropPages()
                guard let certificatesData else { return [] }
                return decode(certificatesData, path(CertificateColumn.fileName)) { text, sink in
                    certificatesDecoder = newCertificatesDecoder(expectedRows: max(64, certificatesData.count / 100))
                    readTable(CertificateColumn.self, bytes: text, sink: &sink) { certificatesDecoder.decode($0, &$1) }
                }
            }
        }

        var cases = CasesStage()
        if let data = casesData {
            let file = path(CaseColumn.fileName)
            // decodeCases starts afresh each time it is called: nothing to reset.
            diagnostics += decode(data, file) { text, sink in
                cases = decodeCases(
                    text, path: file, exceptions: exceptions, retainText: options.retainText, bodies: bodies,
                    parallel: options.parallel ? options.chunkBytes : nil, sink: &sink,
                    whenRead: {
                        // The file's pages are given back as certificates.csv and services.csv start
                        // to be read, so that the three are not in memory at once.
                        startCertificates(givingBack: data)
                    })
            }
        }
        casesData = nil

        // 3. Services, while certificates are read.
        startCertificates()
        let servicesFile = SourceFile(path(ServiceColumn.fileName))
        /// A decoder with nothing read yet, made where it is used (see `newCertificatesDecoder`).
        func newServicesDecoder() -> ServicesDecoder {
            var decoder = ServicesDecoder(file: servicesFile, retainText: options.retainText)
            decoder.caseKeys = cases.keys
            decoder.typeBits = [UInt16](repeating: 0, count: cases.cases.count)
            return decoder
        }
        var servicesDecoder = ServicesDecoder(file: servicesFile)
        var servicesColumns: [Int]?
        if let servicesData {
            diagnostics += decode(servicesData, servicesFile.path) { text, sink in
                servicesDecoder = newServicesDecoder()
                servicesColumns = readTable(
                    ServiceColumn.self, bytes: text, sink: &sink, row: { servicesDecoder.decode($0, &$1) },
                    malformedRow: { servicesDecoder.recover($0) })
            }
            // Given back while certificates are still being read on the other core.
            servicesData.dropPages()
        }
        diagnostics += certificates?.value ?? []

        // Unknown files in data/: most likely a misspelt name, whose content would otherwise be ignored.
        for name in try listFiles(path("data"), withExtension: "csv") where !dataFiles.contains("data/" + name) {
            diagnostics.append(
                Diagnostic(
                    path: path("data/" + name), line: 1, column: 1, severity: .warning,
                    message: "unknown data file, ignored; the data files are "
                        + dataFiles.map { String($0.dropFirst(5)) }.joined(separator: ", ")))
        }

        // 4. Notices and pages.
        /// Reads every `*.md` of `folder`, handing each file's slug, text, path and sink to `decode`.
        func forEachMarkdown(_ folder: String, _ decode: (String, String, String, inout DiagnosticSink) -> Void) throws
        {
            for name in try listFiles(path(folder), withExtension: "md") {
                fileCount += 1
                let file = path(folder + "/" + name)
                var sink = DiagnosticSink(path: file)
                let slug = String(name.dropLast(3))
                if !isValidSlug(slug) {
                    sink.error(1, 1, "file name '\(name)' must be letters, digits, '-' and '_' followed by .md")
                }
                if let text = try readText(file, encoding: encoding, sink: &sink) {
                    decode(slug, text, file, &sink)
                }
                diagnostics += sink.diagnostics
            }
        }
        var notices: [Notice] = []
        var noticeLines: [String: (reviewNos: Int, orgCodes: Int)] = [:]
        try forEachMarkdown("notices") { slug, text, file, sink in
            guard
                let (notice, lines) = decodeNotice(
                    slug: slug, text: text, path: file, exceptions: exceptions, sink: &sink),
                !sink.hasErrors
            else { return }
            notices.append(notice)
            noticeLines[slug] = lines
        }
        var pages: [Page] = []
        try forEachMarkdown("pages") { slug, text, file, sink in
            if let page = decodePage(slug: slug, text: text, path: file, sink: &sink), !sink.hasErrors {
                pages.append(page)
            }
        }
        pages.sort { ($0.order ?? Int.max, $0.slug) < ($1.order ?? Int.max, $1.slug) }

        // 5. The checks that join files.
        // The cases are moved, not shared: the checks below set each one's service types in place.
        var dataset = Dataset(
            cases: cases.takeCases(), services: servicesDecoder.services, bodies: bodiesDecoder.bodies,
            certificates: certificatesDecoder.certificates, codeExceptions: exceptionsDecoder.exceptions,
            calendar: WorkCalendar(entries: calendarEntries), notices: notices, pages: pages,
            textRetained: options.retainText, site: site,
            // A case naming a body bodies.csv does not list is an error and is not kept; without a
            // readable bodies.csv nothing was checked, and the data set looks for itself.
            unlistedBodies: bodies == nil ? nil : [])
        var checks = CrossChecks(
            casesColumns: cases.columns, caseKeys: cases.keys,
            typeBits: servicesColumns != nil ? servicesDecoder.typeBits : nil,
            certificateNumbers: ChunkedKeys(tables: [certificatesDecoder.numbers], offsets: [0]),
            noticeLines: noticeLines)
        checks.run(&dataset)
        diagnostics += checks.diagnostics
        var result = LoadResult(dataset: dataset, diagnostics: Diagnostic.sorted(diagnostics), fileCount: fileCount)
        result.serviceRows = servicesDecoder.validRows
        return result
    }

    /// The decoded cases, their review numbers, and the header mapping (`nil` when unusable).
    struct CasesStage {
        var cases: [Case] = []
        var keys: ChunkedKeys?
        var columns: [Int]?

        /// The cases, which the stage then lets go of (so that the data set's array is not shared, and its
        /// cases can be changed in place).
        mutating func takeCases() -> [Case] {
            var taken: [Case] = []
            swap(&taken, &cases)
            return taken
        }
    }

    /// Decodes cases.csv, in two chunks on two cores when it is large. A chunked read that finds any
    /// problem (or a review number used in both chunks) is redone in one piece, so diagnostics are
    /// exactly those of a sequential read.
    ///
    /// The cases go straight into the array the data set will hold, made once at a size estimated from
    /// the first rows' length with room to spare (places never written cost no memory): the first chunk
    /// fills it from the start, the second from where the first is expected to end. The second chunk's
    /// cases are then moved down to follow the first's. Should a chunk outgrow its places, its last
    /// cases go to an array of its own, and every chunk's cases are copied into another array (slower,
    /// and only for a file whose first rows are much longer than the rest).
    static func decodeCases(
        _ data: FileBytes, path: String, exceptions: Set<String>, retainText: Bool, bodies: BodyRegistry?,
        parallel chunkBytes: Int?, sink: inout DiagnosticSink, whenRead: () -> Void
    ) -> CasesStage {
        let bytesPerRecord = averageRecordBytes(data)
        /// Where the places of a chunk starting `offset` bytes into the file begin: 10 % past the cases
        /// expected before it.
        func firstPlace(_ offset: Int) -> Int { offset / bytesPerRecord * 11 / 10 }
        let capacity = data.count / bytesPerRecord * 5 / 4 + 64
        var stage = CasesStage()
        var placed = 0
        var copied: [Case] = []
        var outgrown = false
        let cases = [Case](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            /// The decoder of a chunk (`nil`: the whole file): its places in the array, and its table sized
            /// for the rows expected in its bytes (a row of cases.csv is ~300–500 bytes).
            func decoder(_ range: Range<Int>, _ chunk: Int?) -> CasesDecoder {
                let first = chunk == nil || chunk == 0 ? 0 : firstPlace(range.lowerBound)
                let last = chunk == nil || range.upperBound == data.count ? capacity : firstPlace(range.upperBound)
                return CasesDecoder(
                    path: path, exceptions: exceptions, retainText: retainText, bodies: bodies,
                    expectedRows: max(64, range.count / 300),
                    places: RecordPlaces(base: buffer.baseAddress.map { $0 + first }, capacity: max(0, last - first)))
            }
            guard
                var read = readInChunks(
                    CaseColumn.self, data, parallel: chunkBytes, sink: &sink, make: decoder,
                    row: { $0.decode($1, &$2) }, malformedRow: { $0.recover($1) },
                    clean: { chunks in keysAreDistinct(chunks.map(\.reviewNos)) }, discard: { $0.cases.discard() })
            else { return }
            // The cases are moved into place on this core: another can start on the next file.
            whenRead()
            var offsets: [Int] = []
            if read.chunks.allSatisfy({ $0.cases.overflow.isEmpty }), let base = buffer.baseAddress {
                // Each chunk's cases moved down to follow the ones before, and down the lines its chunk
                // starts at.
                for (index, chunk) in read.chunks.enumerated() {
                    offsets.append(placed)
                    // swift-format-ignore: NeverForceUnwrap
                    // Every chunk has places when the array has a base.
                    let source = chunk.cases.base!
                    if source != base + placed {
                        // The places may overlap: a move copies in the right direction.
                        (base + placed).moveInitialize(from: source, count: chunk.cases.filled)
                    }
                    let shift = read.lineShifts[index]
                    if shift != 0 {
                        for record in placed..<placed + chunk.cases.filled { base[record].location.line += shift }
                    }
                    placed += chunk.cases.filled
                }
            } else {
                // A chunk outgrew its places: every chunk's cases copied, in order, into another array.
                outgrown = true
                for index in read.chunks.indices {
                    offsets.append(copied.count)
                    var part = read.chunks[index].cases.takeAll()
                    for record in part.indices { part[record].location.line += read.lineShifts[index] }
                    copied += part
                }
            }
            initialized = placed
            stage.keys = ChunkedKeys(tables: read.chunks.map(\.reviewNos), offsets: offsets)
            stage.columns = read.columns
        }
        stage.cases = outgrown ? copied : cases
        return stage
    }

    /// Bytes per record in the first 256 KiB of cases.csv: line feeds outside quotes counted, so that
    /// cells holding many lines do not make records look short. At least 100, about the shortest valid
    /// case row (its required cells and 24 commas): the array the estimate sizes is then at most 1.25
    /// places per 100 bytes of file — a file of shorter records, which could not all be valid cases,
    /// takes the slower path of its chunks' own arrays rather than a huge array.
    static func averageRecordBytes(_ data: FileBytes) -> Int {
        let sample = min(data.count, 256 * 1024)
        var records = 0
        var quoted = false
        for byte in UnsafeBufferPointer(rebasing: data.buffer[0..<sample]) {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: "\n") && !quoted {
                records += 1
            }
        }
        return max(100, sample / max(1, records))
    }

    /// Whether no key is in two of the chunks' tables (else the chunked read is redone in one piece, so
    /// that the duplicate is reported as a sequential read reports it).
    static func keysAreDistinct(_ tables: [ByteTable]) -> Bool {
        // Each later table's keys against the earlier tables, in two halves on two cores when there are many.
        !tables.indices.dropFirst().contains { later in
            let count = tables[later].count
            let halves = count > 100_000 ? 2 : 1
            return parallelMap(halves) { half in
                let entries = count * half / halves..<count * (half + 1) / halves
                return tables[..<later].contains { tables[later].sharesKey(with: $0, entries: entries) }
            }.contains(true)
        }
    }

    /// Reads a table's rows into decoders made by `make` (given the bytes each will read, and which chunk
    /// it is, `nil` for a read in one piece): in two chunks on two cores when the file has more than
    /// `parallel` bytes (`nil`: never), else in one.
    ///
    /// The chunks are split at a line feed guessed to end a record (`CSVReader.guessSplitPoints`), so no
    /// core reads the file before the others start. A later chunk counts its lines from 1: its
    /// diagnostics are moved to the file's lines here, and `lineShifts` says by how much its decoder's
    /// records are to be moved. A chunked read with any error in any chunk, or that `clean` rejects, is
    /// redone in one piece, so diagnostics are exactly those of a sequential read (a wrong guess is such
    /// an error); `discard` is given each chunk's decoder first. `nil` when the header cannot be used.
    static func readInChunks<Column: ColumnSet, Decoder>(
        _ type: Column.Type, _ data: FileBytes, parallel chunkBytes: Int?, sink: inout DiagnosticSink,
        make: (_ range: Range<Int>, _ chunk: Int?) -> Decoder,
        row: (inout Decoder, Row<Column>, inout DiagnosticSink) -> Void,
        malformedRow: (inout Decoder, Row<Column>) -> Void, clean: ([Decoder]) -> Bool,
        discard: (inout Decoder) -> Void
    ) -> (chunks: [Decoder], lineShifts: [Int], columns: [Int])? {
        let reader = CSVReader(data: data)
        guard let (header, start) = readHeader(Column.self, reader: reader, sink: &sink), let header else {
            return nil
        }
        func read(_ range: Range<Int>, line: Int, chunk: Int? = nil, _ sink: inout DiagnosticSink)
            -> (decoder: Decoder, nextLine: Int)
        {
            var decoder = make(range, chunk)
            let nextLine = readRows(
                Column.self, reader: reader, header: header, range: range, line: line, sink: &sink,
                row: { row(&decoder, $0, &$1) }, malformedRow: { malformedRow(&decoder, $0) })
            return (decoder, nextLine)
        }
        let points = chunkBytes.map { reader.guessSplitPoints(from: start.offset, parts: 2, minimumBytes: $0) } ?? []
        if points.count > 1 {
            let path = sink.path
            let chunks = parallelMap(points.count) { index -> (Decoder, DiagnosticSink, nextLine: Int) in
                let end = index + 1 < points.count ? points[index + 1] : data.count
                data.populate(points[index]..<end)
                var chunkSink = DiagnosticSink(path: path)
                let (decoder, nextLine) = read(
                    points[index]..<end, line: index == 0 ? start.line : 1, chunk: index, &chunkSink)
                return (decoder, chunkSink, nextLine)
            }
            if chunks.allSatisfy({ !$0.1.hasErrors }) && clean(chunks.map(\.0)) {
                // Chunk k + 1 starts on the line after chunk k's last record.
                var shifts = [0]
                for index in chunks.indices.dropLast() { shifts.append(chunks[index].nextLine + shifts[index] - 1) }
                for (index, chunk) in chunks.enumerated() {
                    sink.append(chunk.1, movingDown: shifts[index])
                }
                return (chunks.map(\.0), shifts, header.fieldIndexes)
            }
            for var chunk in chunks.map(\.0) { discard(&chunk) }
        }
        data.populate(start.offset..<data.count)
        let (decoder, _) = read(start.offset..<data.count, line: start.line, &sink)
        return ([decoder], [0], header.fieldIndexes)
    }

    /// Loads only `calendar.csv` — what `isms-review deadline` needs, so that a mistake elsewhere in the
    /// content does not stop a date computation.
    ///
    /// - Parameter encoding: the content's encoding given on the command line; `nil`: as site.conf
    ///   declares, else UTF-8 (site.conf's own diagnostics are `load`'s to report).
    public static func loadCalendar(at directory: String, encoding given: ContentEncoding? = nil) throws
        -> (WorkCalendar, [Diagnostic])
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw ContentError.directoryNotFound(directory) }
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        let encoding = try readSiteSettings(root: root, given: given).encoding
        let path = root + "/" + CalendarColumn.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            var sink = DiagnosticSink(path: path)
            sink.error(1, 1, "required file is missing")
            return (WorkCalendar(entries: []), sink.diagnostics)
        }
        let decoded = decodeCalendar(try readFile(path), path: path, encoding: encoding)
        return (WorkCalendar(entries: decoded.entries), Diagnostic.sorted(decoded.diagnostics))
    }

    /// The site settings and the content's encoding: the one given on the command line, else the one
    /// site.conf declares, else UTF-8. site.conf itself is read in the encoding given, else UTF-8 (it may
    /// declare the others'). Its diagnostics are `nil` when there is no site.conf.
    static func readSiteSettings(root: String, given: ContentEncoding?) throws
        -> (site: SiteSettings, encoding: ContentEncoding, diagnostics: [Diagnostic]?)
    {
        let path = root + "/site.conf"
        guard FileManager.default.fileExists(atPath: path) else { return (SiteSettings(), given ?? .utf8, nil) }
        var site = SiteSettings()
        var sink = DiagnosticSink(path: path)
        if let text = try readText(path, encoding: given ?? .utf8, sink: &sink) {
            site = decodeSiteSettings(text: text, sink: &sink)
        }
        let encoding = given ?? site.encoding.flatMap(ContentEncoding.init(rawValue:)) ?? .utf8
        return (site, encoding, sink.diagnostics)
    }

    /// Decodes `calendar.csv` (the same way for `load` and `loadCalendar`).
    static func decodeCalendar(_ data: FileBytes, path: String, encoding: ContentEncoding)
        -> (entries: [CalendarEntry], diagnostics: [Diagnostic])
    {
        var decoder = CalendarDecoder(file: SourceFile(path))
        let fresh = decoder
        var sink = DiagnosticSink(path: path)
        let reset = { decoder = fresh }
        decodeText(data, path: path, encoding: encoding, sink: &sink, reset: reset) { text, sink in
            readTable(CalendarColumn.self, bytes: text, sink: &sink) { decoder.decode($0, &$1) }
            if decoder.entries.isEmpty && !sink.hasErrors {
                sink.error(1, 1, "the calendar has no entries; copy the State Council's holiday arrangements into it")
            }
        }
        return (decoder.entries, sink.report)
    }

    /// Names of the files in `directory` ending in `.ext`, sorted; none if the directory does not exist.
    static func listFiles(_ directory: String, withExtension ext: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix("." + ext) && !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw ContentError.unreadable(directory, error.localizedDescription)
        }
    }

    /// A Markdown file as text; bytes that are not UTF-8 are an error at their line.
    static func readText(_ path: String, encoding: ContentEncoding, sink: inout DiagnosticSink) throws -> String? {
        let file = try readFile(path)
        var bytes: [UInt8]
        switch encoding.toUTF8(file.buffer) {
        case .success(let converted): bytes = converted
        case .failure(let invalid):
            sink.error(invalid.line, 1, invalid.message(encoding))
            return nil
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: lineBytes, as: UTF8.self) == nil { break }
            line += 1
        }
        sink.error(
            line, 1,
            (try? ContentEncoding.gb18030.toUTF8(file.buffer).get()) != nil
                ? "the file is not UTF-8: it reads as GB18030/GBK. " + gb18030Advice
                : "the file is not UTF-8; save it as UTF-8")
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The largest file the loader reads: about 2.5 million cases, whose data set stays within a
/// gigabyte or two of memory. A larger file is refused with a clear message rather than exhausting
/// the machine.
let maximumFileSize = 1 << 30

/// Reads a whole file: mapped into memory (see `FileBytes`).
func readFile(_ path: String) throws -> FileBytes {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
        throw ContentError.unreadable(path, String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw ContentError.unreadable(path, String(cString: strerror(errno))) }
    guard (status.st_mode & S_IFMT) == S_IFREG else { throw ContentError.unreadable(path, "not a regular file") }
    let size = Int(status.st_size)
    guard size <= maximumFileSize else {
        throw ContentError.tooLarge(path, size)
    }
    if size == 0 { return FileBytes([]) }
    guard let mapped = FileBytes(mapping: descriptor, length: size) else {
        throw ContentError.unreadable(path, String(cString: strerror(errno)))
    }
    return mapped
}
