package dev.gameday.store.server.archive;

/** Archived (or about-to-be-archived) entries failed a check: wrong owner, bad checksum, or a sequence hole. */
public final class ArchiveValidationException extends RuntimeException {
    public ArchiveValidationException(String message) {
        super(message);
    }
}
