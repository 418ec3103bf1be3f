package dev.gameday.canary;

/**
 * A failed canary call whose client already knows how it ended: a {@link CanaryClient} for a system other than
 * the DynamoDB-compatible store (etcd through jetcd, say) throws it with its own {@link Outcome}, and
 * {@link OutcomeClassifier} takes that outcome as it is instead of judging an exception it does not know.
 */
public class ClassifiedCallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Outcome outcome;

    public ClassifiedCallException(Outcome outcome, Throwable cause) {
        super(outcome.type() + " " + outcome.error(), cause);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }
}
