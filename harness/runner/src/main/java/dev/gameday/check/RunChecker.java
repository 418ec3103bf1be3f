package dev.gameday.check;

/**
 * One judgement of a finished run, in the manner of Jepsen's checkers: it reads the recorded history and the
 * run's facts and says pass, fail or unknown, with reasons. The run's verdict is folded from every checker's
 * result ({@link dev.gameday.report.Decision#fold}); nothing else decides it.
 *
 * <p>To add a checker an experiment can name in {@code checkers:}, implement this and register it in
 * {@link Checkers#REGISTERED}.
 */
public interface RunChecker {

    /** The name an experiment lists it by, and under which its result appears in results.json's {@code checks}. */
    String name();

    /**
     * Judges the run. A checker that throws is reported as not checked (an unknown verdict) and the exception as
     * a problem of the run; it can never make a run pass.
     */
    CheckResult check(RunFacts facts) throws Exception;
}
