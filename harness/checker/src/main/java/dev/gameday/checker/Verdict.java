package dev.gameday.checker;

/** What a checker concluded. There is no default: a checker that could not finish says UNKNOWN. */
public enum Verdict {
    VALID,
    INVALID,
    /** The checker ran out of its time or memory budget, or the history lacks what it needs. */
    UNKNOWN;

    /** The worse of two verdicts: INVALID beats UNKNOWN beats VALID. */
    public Verdict and(Verdict other) {
        if (this == INVALID || other == INVALID) {
            return INVALID;
        }
        return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
    }
}
