package dev.gameday.system;

import dev.gameday.canary.ClientBug;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.cluster.RunLabels;
import dev.gameday.experiment.FaultType;
import dev.gameday.run.RunDirectory;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.store.api.bugs.BugSwitches;
import java.util.Set;

/**
 * What a {@link SystemAdapter} gets to boot one run's cluster.
 *
 * @param planned   the experiment, scaled and planned: the cluster's shape, the workload and every planned fault
 * @param directory the run directory: member logs and data directories go there
 * @param labels    for every container and network the run starts (removed at its end, swept after a crash)
 * @param storeBugs the Gameday store's deliberate bugs ({@code --store-bug}); a system without them refuses any
 * @param clientBugs the canary client's deliberate bugs ({@code --client-bug}): every system's canary client honours
 *                   them and its {@link dev.gameday.run.StoreAccess#deliberateBugs()} lists them
 * @param powerOff  what a power-off does to a member in this run: {@link PowerOffMode#SIGKILL} unless the run asked
 *                  for power losses and something in it can power a member off
 */
public record SystemBoot(
        PlannedExperiment planned,
        RunDirectory directory,
        RunLabels labels,
        BugSwitches storeBugs,
        Set<ClientBug> clientBugs,
        PowerOffMode powerOff) {
    public SystemBoot {
        clientBugs = Set.copyOf(clientBugs);
    }

    /**
     * Whether the plan has disk faults: they are rules of a member's fault filesystem, so such a run mounts one under
     * every member even when its power-offs are SIGKILL.
     */
    public boolean hasDiskFaults() {
        return planned.plan().faults().stream().anyMatch(f -> f.type() == FaultType.DISK);
    }
}
