import ImageCodecs

import LibC

/// One file of `Ingestor.probe`: its header read from the descriptor (`ImageProbe`), or with `IngestOptions.verify`
/// its whole decode within the memory budget (`DecodeMemory`'s estimate from the header, then `ImageVerifier`);
/// nothing read into memory.
struct FileProbe: Sendable {
    var options: IngestOptions
    /// What the decodes in flight may hold at once.
    var budget: MemoryBudget

    func run(_ path: RawPath) async -> Result<VerifyReport, IngestError> {
        let fd: Int32
        do throws(IngestError) {
            fd = try path.withCString { cPath throws(IngestError) in try FileReader.open(cPath: cPath, displayPath: path.display) }
        } catch {
            var failure = error
            if failure.code != .notARegularFile { failure.message = "cannot open: " + failure.message }
            return .failure(failure)
        }
        defer { close(fd) }
        var stage = IngestStage.probe
        do throws(CodecError) {
            guard options.verify else {
                return .success(VerifyReport(header: try ImageProbe.probe(fileDescriptor: fd, limits: options.limits)))
            }
            // the decode takes what it needs (from the header) from the budget; one that needs more than all of
            // it waits until it is alone
            let estimate = try DecodeMemory.estimate(fileDescriptor: fd, limits: options.limits)
            let held = await budget.acquire(estimate.bytes)
            defer { budget.release(held) }
            stage = .verify
            return .success(try ImageVerifier.verify(fileDescriptor: fd, limits: options.limits, policy: options.verifyPolicy))
        } catch {
            guard error.code == .io else { return .failure(CodecErrorMapping.ingestError(error, stage: stage, path: path.display)) }
            // a FIFO, device or folder where a file was expected: the code and words `import` gives it
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                return .failure(IngestError(
                    stage: .read, code: .notARegularFile,
                    message: FileSnapshot.notRegularMessage(kind: FileSnapshot.kind(ofMode: UInt32(info.st_mode))), path: path.display))
            }
            return .failure(CodecErrorMapping.ingestError(error, stage: .read, path: path.display))
        }
    }
}
