package dev.gameday.cluster;

import dev.gameday.nemesis.NemesisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A power or pause action on a member's container that returns only once the container shows the new state, as
 * the nemesis's capabilities promise: Docker answers before the kernel has stopped or started the processes.
 */
public final class ContainerStateChange {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ContainerStateChange() {}

    /**
     * Powers {@code members} off at one instant with {@code powerOff}, which returns what it did to their disks, and
     * waits until none of them runs; returns those lines, for nemesis.log and results.json.
     */
    public static List<String> powerOff(
            List<String> members, Function<List<String>, List<String>> powerOff, Predicate<String> isRunning)
            throws NemesisException {
        List<String> lost = new ArrayList<>();
        await(
                "power off",
                String.join(", ", members),
                () -> lost.addAll(powerOff.apply(members)),
                () -> members.stream().noneMatch(isRunning));
        return lost;
    }

    /** Runs {@code action} on {@code member}, then waits until {@code done}; {@code what} names it in errors. */
    public static void await(String what, String member, Runnable action, BooleanSupplier done)
            throws NemesisException {
        try {
            action.run();
            Awaitility.await(what + " " + member)
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(done::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new NemesisException(
                    what + " " + member + ": the container did not change state within " + TIMEOUT.toSeconds() + "s",
                    e);
        } catch (RuntimeException e) {
            throw new NemesisException(what + " " + member + " failed: " + e.getMessage(), e);
        }
    }
}
