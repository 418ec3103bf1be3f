package dev.gameday.nemesis.fault;

import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Power;
import java.util.List;

/**
 * {@code power-off}: a power cut of the target nodes, all at the same instant (SIGKILL, and on a cluster with
 * fault filesystems the writes they had not synced are dropped); they are started again together when the fault
 * ends. The changes it returns
 * say, per node, what the cut lost.
 */
public final class PowerOffFault implements Fault<Power> {

    @Override
    public Class<Power> capability() {
        return Power.class;
    }

    @Override
    public List<String> inject(Power power, FaultContext context) throws NemesisException {
        return power.powerOff(context.nodes());
    }

    @Override
    public void heal(Power power, FaultContext context) throws NemesisException {
        power.powerOn(context.nodes());
    }
}
