package dev.gameday.nemesis.fault;

import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Power;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code power-off}: a power cut of the target nodes (SIGKILL, and on a cluster with fault filesystems the
 * writes they had not synced are dropped); they are started again when the fault ends. The changes it returns
 * say, per node, what the cut lost.
 */
public final class PowerOffFault implements Fault<Power> {

    @Override
    public Class<Power> capability() {
        return Power.class;
    }

    @Override
    public List<String> inject(Power power, FaultContext context) throws NemesisException {
        List<String> lost = new ArrayList<>();
        for (String node : context.nodes()) {
            lost.addAll(power.powerOff(node));
        }
        return lost;
    }

    @Override
    public void heal(Power power, FaultContext context) throws NemesisException {
        for (String node : context.nodes()) {
            power.powerOn(node);
        }
    }
}
