package dev.gameday.junit;

import dev.gameday.canary.ClientBug;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an experiment file once for the test class, in containers on the local engine, and injects
 * its {@link dev.gameday.cluster.ContainerRun.Result} (or just the {@link dev.gameday.report.Results})
 * into test methods, which then assert on the verdict, lost writes, scrub or availability. The healed
 * cluster keeps running until the class is done: a parameter of the running system's type (for the Gameday
 * store {@link dev.gameday.cluster.RunningGamedayStore}, or any {@link dev.gameday.system.RunningSystem}) gets
 * it, to look at what the report cannot show.
 *
 * <pre>{@code
 * @GamedayExperiment(value = "experiments/az-power-off.yaml", timeScale = 0.1)
 * class AzPowerOffIT {
 *   @Test void noAcknowledgedWriteIsLost(Results results) { assertEquals(RunVerdict.PASS, results.verdict()); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GamedayExtension.class)
public @interface GamedayExperiment {

    /** The experiment file, relative to the repository root (system property {@code gameday.repo.dir}). */
    String value();

    /** Multiplies every duration; 0 means the {@code gameday.timeScale} system property, or real time. */
    double timeScale() default 0;

    /** Store bugs to turn on (the environment must also consent, see {@link BugSwitches#ENV}). */
    StoreBug[] storeBugs() default {};

    /** Canary client bugs to turn on, against any system (the environment must consent as for store bugs). */
    ClientBug[] clientBugs() default {};

    /**
     * What a power-off does to a storage node, at most one; none: the system's default (a power loss for the Gameday
     * store, SIGKILL for systems without a fault filesystem). See {@link PowerOffMode}.
     */
    PowerOffMode[] powerOff() default {};
}
