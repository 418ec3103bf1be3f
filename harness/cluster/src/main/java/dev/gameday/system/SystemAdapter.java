package dev.gameday.system;

import dev.gameday.cluster.EnvironmentException;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.schedule.Topology;
import java.io.IOException;

/**
 * A system Gameday can run experiments against, as Jepsen's {@code db} and {@code client} are: it knows how to boot
 * the system's members in the experiment's AZs and hands the run a {@link RunningSystem} to drive canaries through,
 * inject faults into and check afterwards. Experiment files pick one by {@link #name()} in their {@code system:}
 * field; {@link Systems} finds the installed ones (a line in {@code META-INF/services/dev.gameday.system.SystemAdapter}).
 */
public interface SystemAdapter {

    /** What experiment files write in {@code system:}, e.g. {@code gameday-store}. */
    String name();

    /**
     * The members a cluster of this shape has, each with its role and AZ, under the names fault targets use. Asked
     * before anything boots: a plan whose targets do not fit is refused then.
     */
    Topology topology(ClusterShape shape);

    /**
     * Boots the run's cluster and returns once it takes canary traffic through every endpoint at the experiment's
     * rate (what the run's "boot to all-green" time measures). A system that does not come up throws
     * {@link EnvironmentException} and has removed what it started; a boot it cannot attempt (an option it does
     * not support, say) throws {@link IllegalArgumentException} or {@link IllegalStateException}.
     */
    RunningSystem boot(SystemBoot boot) throws EnvironmentException, IOException, InterruptedException;

    /**
     * What a power-off does when the run does not say ({@code --power-off}): the most a real power cut does that this
     * system's members can be put through. SIGKILL unless the system's nodes run over a fault filesystem.
     */
    default PowerOffMode defaultPowerOff() {
        return PowerOffMode.SIGKILL;
    }
}
