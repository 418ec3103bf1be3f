package dev.gameday.cluster;

/**
 * The run could not get the environment it needs (no Docker engine, a missing image, a cluster
 * that never became healthy): there is no verdict, and the command line exits 2.
 */
public final class EnvironmentException extends Exception {
    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
