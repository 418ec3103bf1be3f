package dev.gameday.nemesis.fault;

import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Power;
import java.util.List;

/** {@code power-off}: SIGKILL of the target nodes' processes; they are started again when the fault ends. */
public final class PowerOffFault implements Fault<Power> {

    @Override
    public Class<Power> capability() {
        return Power.class;
    }

    @Override
    public List<String> inject(Power power, FaultContext context) throws NemesisException {
        for (String node : context.nodes()) {
            power.powerOff(node);
        }
        return List.of();
    }

    @Override
    public void heal(Power power, FaultContext context) throws NemesisException {
        for (String node : context.nodes()) {
            power.powerOn(node);
        }
    }
}
