package dev.gameday.history;

/** An EDN keyword such as {@code :timed-out}; {@code name} is without the colon. */
public record Keyword(String name) {
    public Keyword {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("keyword name must not be empty");
        }
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
