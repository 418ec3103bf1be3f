package dev.gameday.etcd;

/** A canary CAS whose transaction compare was false: etcd applied nothing (the value was not the expected one). */
public final class CompareFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public CompareFailedException(String key, long expected) {
        super("compare failed: " + key + " was not " + expected);
    }
}
