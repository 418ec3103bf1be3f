package dev.gameday.nemesis;

/** A fault could not be injected or healed; the run's verdict can then only be unknown. */
public class NemesisException extends Exception {
    public NemesisException(String message) {
        super(message);
    }

    public NemesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
